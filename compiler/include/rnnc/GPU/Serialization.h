//===- Serialization.h - the kernels as the device takes them ----*- C++ -*-===//
//
// After rnn-gpu-kernels-to-spirv, the module's spirv.module serialised to
// SPIR-V words: what `rnnc compile --target=vulkan --emit=spirv` writes and
// what an executable embeds for the device runtime to load. After
// rnn-gpu-kernels-to-nvvm with format=isa, the PTX of each architecture
// (`--target=cuda --emit=ptx`).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_GPU_SERIALIZATION_H
#define RNNC_GPU_SERIALIZATION_H

#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/SmallVector.h"

#include <string>
#include <utility>

namespace rnnc::gpu {

/// The SPIR-V binary of `module`'s one spirv.module; an error at the
/// module when there is none or serialisation fails.
mlir::FailureOr<llvm::SmallVector<uint32_t>>
serializeKernels(mlir::ModuleOp module);

/// The PTX text of `module`'s kernels for each NVVM architecture ("sm_90"
/// and its text), from its gpu.binary of PTX objects; an error at the
/// module when there is none.
mlir::FailureOr<llvm::SmallVector<std::pair<std::string, std::string>>>
kernelPTX(mlir::ModuleOp module);

} // namespace rnnc::gpu

#endif // RNNC_GPU_SERIALIZATION_H
