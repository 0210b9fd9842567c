//===- ParameterVersion.h - when the parameters may have changed -*- C++ -*-===//
//
// A process-wide counter that every writer of model parameters advances:
// mutable access to the parameters, initialisation, optimizer steps, and
// every call of `train_step` (an update follows). The oneDNN layers reuse
// the weights they reordered into the primitives' layouts, and the GEMM
// its transposed parameter matrices (Gemm.cpp), while it stands still,
// which is what makes one-token generation calls cheap.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_PARAMETERVERSION_H
#define RNNC_RUNTIME_PARAMETERVERSION_H

#include <cstdint>

namespace rnnc::rt {

/// The current version of the parameters.
uint64_t parameterVersion();

/// Records that parameters may have been written.
void parametersMayChange();

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_PARAMETERVERSION_H
