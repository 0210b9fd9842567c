//===- StridedGemm.h - a generated GEMM as a column-major BLAS call -*- C++ -*-===//
//
// The generated GEMM kernels (KernelABI.h's GemmParam words) compute
// C[i, j] += sum_k A(i, k) B(k, j) over operands given by an offset and a
// stride per dimension. A BLAS library (cuBLAS) takes column-major
// matrices, each maybe transposed, with a leading dimension. This maps
// one onto the other where it can: C with a unit stride along one of its
// dimensions, A and B each with a unit stride along one of theirs, the
// other strides valid leading dimensions. A C that is row-major is
// computed as its transpose, C^T = B^T A^T, with the operands swapped.
// Anything else (a strided view without a unit stride) has no mapping and
// stays with the generated kernel.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DEVICE_STRIDEDGEMM_H
#define RNNC_DEVICE_STRIDEDGEMM_H

#include <cstdint>
#include <optional>

namespace rnnc::device {

/// C = op(X) op(Y) + C, column-major (beta 1, alpha 1): X is m x k after
/// op, Y k x n, C m x n; offsets in elements from each buffer's start.
/// `xIsA` tells which of the kernel's buffers (A, or B for a swapped
/// call) X is.
struct ColumnMajorGemm {
  bool transX = false, transY = false;
  int64_t m = 0, n = 0, k = 0;
  int64_t offsetX = 0, ldx = 1;
  int64_t offsetY = 0, ldy = 1;
  int64_t offsetC = 0, ldc = 1;
  bool xIsA = true;
};

/// The column-major call computing the generated GEMM whose parameter
/// words are `params` (abi::kGemmParams of them), or none when the
/// operands' strides have no such form.
std::optional<ColumnMajorGemm> columnMajorGemm(const int32_t *params);

} // namespace rnnc::device

#endif // RNNC_DEVICE_STRIDEDGEMM_H
