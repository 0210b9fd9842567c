//===- Kernels.h - the kernel generators --------------------------*- C++ -*-===//
//
// Each replaces one linalg op on buffers with a generated kernel (added to
// the module's kernel set) and its launch: the tiled GEMM for the matmul
// family (GemmKernels.cpp), one thread per point for parallel generics and
// one workgroup per output point for reductions (GenericKernels.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_GPU_KERNELS_H
#define RNNC_GPU_KERNELS_H

#include "KernelBuilder.h"

#include "rnnc/Codegen/BufferGemm.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

namespace rnnc::gpu {

/// linalg.matmul, matmul_transpose_a and matmul_transpose_b.
bool isGemm(mlir::linalg::LinalgOp op);
mlir::LogicalResult outlineGemm(mlir::linalg::LinalgOp op, KernelSet &kernels);
/// A batched contraction (BufferGemm.h) as the GEMM kernel; false, and
/// nothing changed, for any other generic.
bool outlineBatchedGemm(mlir::linalg::GenericOp op, KernelSet &kernels);
/// Replaces `op` with the launch of the GEMM kernel for `gemm`.
void launchGemm(mlir::Operation *op, const codegen::BufferGemm &gemm,
                KernelSet &kernels);

/// A host loop of whole-row updates (embedding lookups and their
/// gradients) as one kernel, a thread per row element running the loop;
/// false, and nothing changed, for any other loop (LoopKernels.cpp).
bool outlineLoop(mlir::scf::ForOp loop, KernelSet &kernels);

/// Any linalg.generic on buffers.
mlir::LogicalResult outlineGeneric(mlir::linalg::GenericOp op,
                                   KernelSet &kernels);

} // namespace rnnc::gpu

#endif // RNNC_GPU_KERNELS_H
