//===- Serialization.h - the kernels as the device takes them ----*- C++ -*-===//
//
// After rnn-gpu-kernels-to-spirv, the module's spirv.module serialised to
// SPIR-V words: what `rnnc compile --target=vulkan --emit=spirv` writes and
// what an executable embeds for the device runtime to load. After
// rnn-gpu-kernels-to-nvvm with format=isa, the PTX of each architecture
// (`--target=cuda --emit=ptx`), and the one fatbin an executable embeds
// (every architecture's cubin and the newest one's PTX, assembled with the
// toolkit's ptxas and fatbinary). And the kernel table both device
// runtimes read (rnnc/device/GeneratedCode.h).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_GPU_SERIALIZATION_H
#define RNNC_GPU_SERIALIZATION_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
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

/// The kernels' fatbin from their PTX per architecture (`kernelPTX`'s
/// pairs): each text through `ptxas` for its architecture, then
/// `fatbinary` over the cubins and the last architecture's PTX (for
/// devices newer than every cubin), all from `toolkit`'s bin/. `error`
/// says which tool failed and what it printed.
mlir::FailureOr<std::string>
assembleFatbin(llvm::ArrayRef<std::pair<std::string, std::string>> ptx,
               llvm::StringRef toolkit, std::string &error);

/// One line per kernel of `kernels`, in their order (the order launches
/// number them): "ENTRY BUFFERS X Y Z BYTES...", the entry point, its
/// buffer count (the parameter words' buffer not counted), its workgroup
/// size (known_block_size, else the SPIR-V entry-point ABI's, else 1) and
/// each buffer's element size in bytes.
std::string kernelTable(mlir::gpu::GPUModuleOp kernels);

/// The attribute under which rnn-gpu-kernels-to-nvvm keeps the kernel
/// table on its gpu.binary (the gpu.funcs are gone after it).
inline constexpr llvm::StringLiteral kKernelTableAttr = "rnn.kernel_table";

} // namespace rnnc::gpu

#endif // RNNC_GPU_SERIALIZATION_H
