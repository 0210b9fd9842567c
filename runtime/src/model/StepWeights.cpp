//===- StepWeights.cpp - the products of a stream's step ------------------===//
//
// See StepWeights.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/StepWeights.h"

#include "rnnc/runtime/Error.h"

namespace rnnc::rt {
namespace {
thread_local WeightFormat defaultFormat = WeightFormat::F32;
thread_local StepProducts current;
} // namespace

void setStepWeightFormat(WeightFormat format) { defaultFormat = format; }

WeightFormat stepWeightFormat() { return defaultFormat; }

WeightFormat parseWeightFormat(const std::string &name) {
  if (name == "f32")
    return WeightFormat::F32;
  if (name == "bf16")
    return WeightFormat::BF16;
  throw Error("unknown weight format '" + name + "': f32 or bf16");
}

StepScope::StepScope(WeightFormat format)
    : wasActive(current.active), hadFormat(current.format) {
  current = {true, format};
}

StepScope::~StepScope() { current = {wasActive, hadFormat}; }

StepProducts currentStepProducts() { return current; }

} // namespace rnnc::rt
