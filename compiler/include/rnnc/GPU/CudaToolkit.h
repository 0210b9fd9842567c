//===- CudaToolkit.h - the CUDA toolkit rnnc was built with -----*- C++ -*-===//
//
// The CUDA target compiles its kernels at `rnnc compile` time with the
// toolkit CMake found (RNNC_CUDA_TOOLKIT: ptxas, fatbinary, libdevice).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_GPU_CUDATOOLKIT_H
#define RNNC_GPU_CUDATOOLKIT_H

#include "llvm/ADT/StringRef.h"

namespace rnnc::gpu {

/// The toolkit's root directory; empty when rnnc was built without one
/// (then there is no --target=cuda).
llvm::StringRef cudaToolkit();

/// The architectures the CUDA target compiles every kernel for.
inline constexpr const char *kCudaChips[] = {"sm_80", "sm_90"};

} // namespace rnnc::gpu

#endif // RNNC_GPU_CUDATOOLKIT_H
