//===- StepWeights.h - the products of a stream's step -----------*- C++ -*-===//
//
// The parameter products of a step of one or a few streams (generation,
// scoring through the step) read their matrices in panels (src/kernels/Gemv.h):
// every row, whatever the number of streams stepped together, is computed
// exactly as it would be alone, so a batch of samples equals the samples
// drawn one by one. Their weights are f32, the default, or bfloat16
// (`generate --weights bf16`), half the bytes to stream per token, the
// sums still f32. Both are per thread, for the code a StepScope covers
// (StepAdapter opens one around each step); training's products are not
// concerned.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_STEPWEIGHTS_H
#define RNNC_RUNTIME_STEPWEIGHTS_H

#include <string>

namespace rnnc::rt {

enum class WeightFormat { F32, BF16 };

/// The format a step on this thread uses when its adapter names none
/// (`generate --weights`, for the whole command).
void setStepWeightFormat(WeightFormat format);
WeightFormat stepWeightFormat();

/// "f32" or "bf16"; rt::Error otherwise.
WeightFormat parseWeightFormat(const std::string &name);

/// While one lives, this thread's parameter products are a step's, with
/// `format` weights.
class StepScope {
public:
  explicit StepScope(WeightFormat format);
  ~StepScope();
  StepScope(const StepScope &) = delete;
  StepScope &operator=(const StepScope &) = delete;

private:
  bool wasActive;
  WeightFormat hadFormat;
};

/// Whether this thread is inside a StepScope, and with which format.
struct StepProducts {
  bool active = false;
  WeightFormat format = WeightFormat::F32;
};
StepProducts currentStepProducts();

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_STEPWEIGHTS_H
