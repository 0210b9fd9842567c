//===- StepWeights.cpp - the products of a stream's step ------------------===//
//
// See StepWeights.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/StepWeights.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Runtime.h"

namespace rnnc::rt {
namespace {
thread_local WeightFormat defaultFormat = WeightFormat::F32;
thread_local StepProducts current;
} // namespace

void setStepWeightFormat(WeightFormat format) {
  // bf16 weights are the CPU target's one-row products (Gemv.cpp); a GPU
  // build's step runs as the device's kernels in the model's dtype, which
  // the flag would not change: refused rather than ignored.
  if (format == WeightFormat::BF16 && rnnc_rt_gpu_describe)
    throw Error("--weights bf16 narrows the CPU target's one-row products; "
                "this GPU build runs its step on the device in f32 (build "
                "with --target=cpu for bf16 weights)");
  defaultFormat = format;
}

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
