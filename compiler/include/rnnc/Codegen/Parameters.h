//===- Parameters.h - model parameters on buffers ----------------*- C++ -*-===//
//
// After bufferization a model parameter is a function argument with the
// `rnn.param` attribute, read (never written) by the function, and
// unchanged between two parameter updates: the runtime may prepare what is
// computed from it once per parameter version (Gemm.cpp,
// TransposedParameters.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_CODEGEN_PARAMETERS_H
#define RNNC_CODEGEN_PARAMETERS_H

#include "mlir/IR/Value.h"

namespace rnnc::codegen {

/// Whether `v` is (a cast, subview, collapse or expansion of) a parameter
/// argument of its function.
bool isParameter(mlir::Value v);

} // namespace rnnc::codegen

#endif // RNNC_CODEGEN_PARAMETERS_H
