//===- StepWeights.h - the weights of one-row products -----------*- C++ -*-===//
//
// How the products of one row by a parameter matrix (a single stream's
// step: greedy and sampled generation, scoring through the step) keep that
// matrix: f32, the default, or bfloat16 (`generate --weights bf16`), half
// the bytes to stream per token, the products still summed in f32
// (src/Gemv.h). Set per thread (the thread's next products use it; the
// prepared forms of the parameters are kept per format, src/Gemm.cpp), so
// that sessions of a library with different formats can run side by side;
// training is not concerned (its products have more than one row).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_STEPWEIGHTS_H
#define RNNC_RUNTIME_STEPWEIGHTS_H

#include <string>

namespace rnnc::rt {

enum class WeightFormat { F32, BF16 };

/// The format of this thread's one-row products from now on.
void setStepWeightFormat(WeightFormat format);
WeightFormat stepWeightFormat();

/// "f32" or "bf16"; rt::Error otherwise.
WeightFormat parseWeightFormat(const std::string &name);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_STEPWEIGHTS_H
