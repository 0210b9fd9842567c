//===- StridedGemm.cpp - a generated GEMM as a column-major BLAS call -----===//
//
// See StridedGemm.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/device/StridedGemm.h"

#include "rnnc/device/KernelABI.h"

#include <algorithm>

namespace rnnc::device {
namespace {

/// A matrix of `rows` x `cols` at `offset` with element (r, c) at
/// offset + r * rowStride + c * colStride, as a column-major operand: the
/// matrix itself (column-major, leading dimension colStride) or the
/// transpose of a column-major cols x rows one (leading dimension
/// rowStride). A dimension of extent 1 may have any stride.
struct Operand {
  bool transposed = false;
  int64_t ld = 1;
};

std::optional<Operand> asColumnMajor(int64_t rows, int64_t cols,
                                     int64_t rowStride, int64_t colStride) {
  // Column-major: unit steps down a column, columns ld apart (ld >= rows).
  if ((rowStride == 1 || rows == 1) &&
      (cols == 1 || colStride >= std::max<int64_t>(rows, 1)))
    return Operand{false, cols == 1 ? std::max<int64_t>(rows, 1) : colStride};
  // The transpose of a column-major cols x rows matrix: unit steps along a
  // row, rows ld apart (ld >= cols).
  if ((colStride == 1 || cols == 1) &&
      (rows == 1 || rowStride >= std::max<int64_t>(cols, 1)))
    return Operand{true, rows == 1 ? std::max<int64_t>(cols, 1) : rowStride};
  return std::nullopt;
}

/// A strided matrix: element (r, c) at offset + r * rows + c * cols.
struct Strided {
  int64_t offset, rows, cols;
};

/// C = X Y with C column-major, X m x k and Y k x n; none when an operand
/// has no column-major form.
std::optional<ColumnMajorGemm> direct(int64_t m, int64_t n, int64_t k,
                                      Strided x, Strided y, Strided c,
                                      bool xIsA) {
  auto cm = asColumnMajor(m, n, c.rows, c.cols);
  if (!cm || cm->transposed)
    return std::nullopt;
  auto xm = asColumnMajor(m, k, x.rows, x.cols);
  auto ym = asColumnMajor(k, n, y.rows, y.cols);
  if (!xm || !ym)
    return std::nullopt;
  return ColumnMajorGemm{xm->transposed, ym->transposed, m, n, k,
                         x.offset, xm->ld, y.offset, ym->ld,
                         c.offset, cm->ld, xIsA};
}

} // namespace

std::optional<ColumnMajorGemm> columnMajorGemm(const int32_t *p) {
  using namespace abi;
  int64_t m = p[kGemmM], n = p[kGemmN], k = p[kGemmK];
  if (m <= 0 || n <= 0 || k <= 0)
    return std::nullopt;
  Strided a{p[kGemmOffsetA], p[kGemmStrideAI], p[kGemmStrideAK]};
  Strided b{p[kGemmOffsetB], p[kGemmStrideBK], p[kGemmStrideBJ]};
  Strided c{p[kGemmOffsetC], p[kGemmStrideCI], p[kGemmStrideCJ]};
  // C itself column-major: C = A B.
  if (auto call = direct(m, n, k, a, b, c, /*xIsA=*/true))
    return call;
  // C row-major: C^T (n x m, column-major) = B^T A^T, each transpose its
  // matrix with the strides swapped.
  auto transposed = [](Strided s) { return Strided{s.offset, s.cols, s.rows}; };
  return direct(n, m, k, transposed(b), transposed(a), transposed(c),
                /*xIsA=*/false);
}

} // namespace rnnc::device
