//===- StepWeights.h - the weights of one-row products -----------*- C++ -*-===//
//
// How the products of one row by a parameter matrix (a single stream's
// step: greedy and sampled generation, scoring through the step) keep that
// matrix: f32, the default, or bfloat16 (`generate --weights bf16`), half
// the bytes to stream per token, the products still summed in f32
// (src/Gemv.h). Process-wide, like the prepared forms of the parameters
// it selects (src/Gemm.cpp); training is not concerned (its products have
// more than one row).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_STEPWEIGHTS_H
#define RNNC_RUNTIME_STEPWEIGHTS_H

#include <string>

namespace rnnc::rt {

enum class WeightFormat { F32, BF16 };

/// Selects the format; the parameter matrices are prepared again in it at
/// their next product (counts as a parameter change, ParameterVersion.h).
void setStepWeightFormat(WeightFormat format);
WeightFormat stepWeightFormat();

/// "f32" or "bf16"; rt::Error otherwise.
WeightFormat parseWeightFormat(const std::string &name);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_STEPWEIGHTS_H
