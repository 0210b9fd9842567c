//===- StepWeights.cpp - the weights of one-row products ------------------===//
//
// See StepWeights.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/StepWeights.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/ParameterVersion.h"

#include <atomic>

namespace rnnc::rt {
namespace {
std::atomic<WeightFormat> format{WeightFormat::F32};
} // namespace

void setStepWeightFormat(WeightFormat next) {
  format.store(next, std::memory_order_relaxed);
  parametersMayChange();
}

WeightFormat stepWeightFormat() {
  return format.load(std::memory_order_relaxed);
}

WeightFormat parseWeightFormat(const std::string &name) {
  if (name == "f32")
    return WeightFormat::F32;
  if (name == "bf16")
    return WeightFormat::BF16;
  throw Error("unknown weight format '" + name + "': f32 or bf16");
}

} // namespace rnnc::rt
