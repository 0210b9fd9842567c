//===- StepWeights.cpp - the weights of one-row products ------------------===//
//
// See StepWeights.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/StepWeights.h"

#include "rnnc/runtime/Error.h"

namespace rnnc::rt {
namespace {
thread_local WeightFormat format = WeightFormat::F32;
} // namespace

void setStepWeightFormat(WeightFormat next) { format = next; }

WeightFormat stepWeightFormat() { return format; }

WeightFormat parseWeightFormat(const std::string &name) {
  if (name == "f32")
    return WeightFormat::F32;
  if (name == "bf16")
    return WeightFormat::BF16;
  throw Error("unknown weight format '" + name + "': f32 or bf16");
}

} // namespace rnnc::rt
