//===- StridedGemmTest.cpp - generated GEMMs as column-major BLAS calls ---===//
//
// columnMajorGemm (StridedGemm.h) against the generated kernel's own
// definition, C[i, j] += sum_k A(i, k) B(k, j) over offsets and strides,
// for every layout of A, B and C (row- or column-major, padded leading
// dimensions, offsets, extents of 1), through a column-major reference
// GEMM with BLAS's conventions. No device needed: what cuBLAS is given on
// the CUDA target is checked here.
//
//===----------------------------------------------------------------------===//

#include "rnnc/device/KernelABI.h"
#include "rnnc/device/StridedGemm.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace rnnc::device {
namespace {
namespace abi = rnnc::device::abi;

/// BLAS's gemm, column-major, alpha = beta = 1.
void referenceBlas(const ColumnMajorGemm &g, const std::vector<double> &x,
                   const std::vector<double> &y, std::vector<double> &c) {
  for (int64_t i = 0; i < g.m; ++i)
    for (int64_t j = 0; j < g.n; ++j) {
      double sum = 0;
      for (int64_t l = 0; l < g.k; ++l) {
        double xv = g.transX ? x[g.offsetX + l + i * g.ldx]
                             : x[g.offsetX + i + l * g.ldx];
        double yv = g.transY ? y[g.offsetY + j + l * g.ldy]
                             : y[g.offsetY + l + j * g.ldy];
        sum += xv * yv;
      }
      c[g.offsetC + i + j * g.ldc] += sum;
    }
}

struct Layout {
  int64_t offset, rowStride, colStride, size;
};

/// A rows x cols matrix, row- or column-major, its leading dimension
/// padded by `pad`, after `offset` elements.
Layout layout(int64_t rows, int64_t cols, bool rowMajor, int64_t pad,
              int64_t offset) {
  if (rowMajor)
    return {offset, cols + pad, 1, offset + rows * (cols + pad)};
  return {offset, 1, rows + pad, offset + cols * (rows + pad)};
}

TEST(StridedGemm, EveryLayoutComputesTheKernelsDefinition) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> value(-1, 1);
  int cases = 0;
  for (int64_t m : {1, 3, 8})
    for (int64_t n : {1, 5})
      for (int64_t k : {1, 4})
        for (int layouts = 0; layouts < 8; ++layouts)
          for (int64_t pad : {0, 2}) {
            Layout a = layout(m, k, layouts & 1, pad, 3);
            Layout b = layout(k, n, layouts & 2, pad, 1);
            Layout c = layout(m, n, layouts & 4, pad, 2);
            int32_t params[abi::kGemmParams] = {
                int32_t(m), int32_t(n), int32_t(k),
                int32_t(a.offset), int32_t(a.rowStride), int32_t(a.colStride),
                int32_t(b.offset), int32_t(b.rowStride), int32_t(b.colStride),
                int32_t(c.offset), int32_t(c.rowStride), int32_t(c.colStride)};
            std::vector<double> A(a.size), B(b.size), C(c.size);
            for (auto *buffer : {&A, &B, &C})
              for (double &v : *buffer)
                v = value(rng);
            std::vector<double> expected = C;
            for (int64_t i = 0; i < m; ++i)
              for (int64_t j = 0; j < n; ++j)
                for (int64_t l = 0; l < k; ++l)
                  expected[c.offset + i * c.rowStride + j * c.colStride] +=
                      A[a.offset + i * a.rowStride + l * a.colStride] *
                      B[b.offset + l * b.rowStride + j * b.colStride];
            std::optional<ColumnMajorGemm> call = columnMajorGemm(params);
            ASSERT_TRUE(call) << "m " << m << " n " << n << " k " << k
                              << " layouts " << layouts << " pad " << pad;
            std::vector<double> got = C;
            referenceBlas(*call, call->xIsA ? A : B, call->xIsA ? B : A, got);
            for (size_t e = 0; e < got.size(); ++e)
              ASSERT_NEAR(got[e], expected[e], 1e-12)
                  << "m " << m << " n " << n << " k " << k << " layouts "
                  << layouts << " pad " << pad << " element " << e;
            ++cases;
          }
  EXPECT_EQ(cases, 3 * 2 * 2 * 8 * 2);
}

TEST(StridedGemm, ViewsWithoutAUnitStrideStayGenerated) {
  // A with strides (2, 3): neither dimension contiguous.
  int32_t params[abi::kGemmParams] = {4, 4, 4, 0, 2, 3, 0, 4, 1, 0, 4, 1};
  EXPECT_FALSE(columnMajorGemm(params));
  // C with strides (8, 2).
  int32_t strided[abi::kGemmParams] = {4, 4, 4, 0, 4, 1, 0, 4, 1, 0, 8, 2};
  EXPECT_FALSE(columnMajorGemm(strided));
  // A leading dimension smaller than the rows it must skip.
  int32_t overlapping[abi::kGemmParams] = {4, 4, 4, 0, 2, 1, 0, 4, 1, 0, 4, 1};
  EXPECT_FALSE(columnMajorGemm(overlapping));
}

} // namespace
} // namespace rnnc::device
