//===- Serialization.h - the kernels' SPIR-V binary ---------------*- C++ -*-===//
//
// After rnn-gpu-kernels-to-spirv, the module's spirv.module serialised to
// SPIR-V words: what `rnnc compile --target=vulkan --emit=spirv` writes and
// what an executable embeds for the device runtime to load.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_GPU_SERIALIZATION_H
#define RNNC_GPU_SERIALIZATION_H

#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/SmallVector.h"

namespace rnnc::gpu {

/// The SPIR-V binary of `module`'s one spirv.module; an error at the
/// module when there is none or serialisation fails.
mlir::FailureOr<llvm::SmallVector<uint32_t>>
serializeKernels(mlir::ModuleOp module);

} // namespace rnnc::gpu

#endif // RNNC_GPU_SERIALIZATION_H
