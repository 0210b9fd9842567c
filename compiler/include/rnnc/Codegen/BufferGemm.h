//===- BufferGemm.h - GEMMs among linalg ops on buffers ----------*- C++ -*-===//
//
// Which linalg ops on buffers are one GEMM, C += op(A) op(B) on 2-d
// memrefs: the matmul family, and the batched contractions that
// convert-rnn-to-linalg makes of rnn.matmul with leading dimensions
// (the hoisted input projection, the read-out over [T, B, H], the weight
// gradients summed over T and B), once their leading dimensions are
// collapsed. The CPU target calls oneDNN's sgemm for them
// (rnn-codegen-gemm-to-onednn), the GPU targets launch their tiled GEMM
// kernel (rnn-gpu-outline-kernels): one matcher for both.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_CODEGEN_BUFFERGEMM_H
#define RNNC_CODEGEN_BUFFERGEMM_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

namespace rnnc::codegen {

/// C += op(A) op(B), A, B and C 2-d memrefs of one float type.
struct BufferGemm {
  mlir::Value a, b, c;
  bool transA = false, transB = false;
};

/// linalg.matmul, matmul_transpose_a or matmul_transpose_b on buffers of
/// one float type.
mlir::FailureOr<BufferGemm> matchNamedGemm(mlir::Operation *op);

/// A batched contraction of convert-rnn-to-linalg (BatchedMatmul.h) on
/// buffers of one float type, as a GEMM over its operands with their
/// leading dimensions collapsed (memref.collapse_shape at `b`'s insertion
/// point; identity layouts only).
mlir::FailureOr<BufferGemm> matchBatchedGemm(mlir::OpBuilder &b,
                                             mlir::linalg::GenericOp op);

} // namespace rnnc::codegen

#endif // RNNC_CODEGEN_BUFFERGEMM_H
