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

} // namespace

std::optional<ColumnMajorGemm> columnMajorGemm(const int32_t *p) {
  using namespace abi;
  int64_t m = p[kGemmM], n = p[kGemmN], k = p[kGemmK];
  if (m <= 0 || n <= 0 || k <= 0)
    return std::nullopt;
  // C itself column-major: C = A B.
  if (auto c = asColumnMajor(m, n, p[kGemmStrideCI], p[kGemmStrideCJ]);
      c && !c->transposed) {
    auto a = asColumnMajor(m, k, p[kGemmStrideAI], p[kGemmStrideAK]);
    auto b = asColumnMajor(k, n, p[kGemmStrideBK], p[kGemmStrideBJ]);
    if (!a || !b)
      return std::nullopt;
    return ColumnMajorGemm{a->transposed, b->transposed, m, n, k,
                           p[kGemmOffsetA], a->ld, p[kGemmOffsetB], b->ld,
                           p[kGemmOffsetC], c->ld, /*xIsA=*/true};
  }
  // C row-major: C^T (n x m, column-major) = B^T A^T.
  auto ct = asColumnMajor(n, m, p[kGemmStrideCJ], p[kGemmStrideCI]);
  if (!ct || ct->transposed)
    return std::nullopt;
  auto bt = asColumnMajor(n, k, p[kGemmStrideBJ], p[kGemmStrideBK]);
  auto at = asColumnMajor(k, m, p[kGemmStrideAK], p[kGemmStrideAI]);
  if (!bt || !at)
    return std::nullopt;
  return ColumnMajorGemm{bt->transposed, at->transposed, n, m, k,
                         p[kGemmOffsetB], bt->ld, p[kGemmOffsetA], at->ld,
                         p[kGemmOffsetC], ct->ld, /*xIsA=*/false};
}

} // namespace rnnc::device
