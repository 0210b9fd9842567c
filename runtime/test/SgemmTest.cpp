//===- SgemmTest.cpp - rnnc's blocked GEMM --------------------------------===//
//
// blockedSgemm (Sgemm.h) for every ISA this CPU runs it on, against a
// double-precision loop: row counts below, at and past a tile and a row
// block, widths below, at and past a tile, depths in one block and in
// several, every orientation, overwriting and accumulating, B packed once
// and packed by the call; bitwise the same packed and in place, at any
// alignment of the operands, and on AVX2 and AVX-512 (the same chain of
// fused multiply-adds per output).
//
//===----------------------------------------------------------------------===//

#include "Sgemm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace {

using rnnc::rt::CpuKernels;

std::vector<CpuKernels> blockedKernels() {
  std::vector<CpuKernels> all;
  for (CpuKernels kernels : {CpuKernels::Avx2, CpuKernels::Avx512})
    if (rnnc::rt::canRun(kernels) && rnnc::rt::hasBlockedSgemm(kernels))
      all.push_back(kernels);
  return all;
}

/// A product's operands with their leading dimensions (wider than the
/// matrices, so strides are tested too) starting `offset` floats into
/// their storage.
struct Problem {
  int64_t m, n, k;
  bool transA, transB;
  int64_t lda, ldb, ldc;
  std::vector<float> a, b, c;
  size_t offset;

  Problem(int64_t m, int64_t n, int64_t k, bool transA, bool transB,
          size_t offset = 0, unsigned seed = 1)
      : m(m), n(n), k(k), transA(transA), transB(transB),
        lda((transA ? m : k) + 3), ldb((transB ? k : n) + 5), ldc(n + 2),
        offset(offset) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    a.resize(offset + size_t((transA ? k : m) * lda));
    b.resize(offset + size_t((transB ? n : k) * ldb));
    c.resize(offset + size_t(m * ldc));
    for (std::vector<float> *v : {&a, &b, &c})
      for (size_t i = offset; i < v->size(); ++i)
        (*v)[i] = value(random);
  }
  const float *A() const { return a.data() + offset; }
  const float *B() const { return b.data() + offset; }
  float opA(int64_t i, int64_t p) const {
    return transA ? A()[p * lda + i] : A()[i * lda + p];
  }
  float opB(int64_t p, int64_t j) const {
    return transB ? B()[j * ldb + p] : B()[p * ldb + j];
  }

  /// C as blockedSgemm leaves it, B packed first or read in place.
  std::vector<float> run(CpuKernels kernels, bool packed,
                         bool accumulate) const {
    std::vector<float> out = c;
    float *C = out.data() + offset;
    if (packed) {
      rnnc::rt::SgemmPackedB panels;
      rnnc::rt::packSgemmB(kernels, B(), ldb, transB, k, n, panels);
      rnnc::rt::blockedSgemm(m, n, k, A(), lda, transA, panels, C, ldc,
                             accumulate);
    } else {
      rnnc::rt::blockedSgemm(kernels, m, n, k, A(), lda, transA, B(), ldb,
                             transB, C, ldc, accumulate);
    }
    return std::vector<float>(C, C + m * ldc);
  }

  /// Every output against the loop in double precision; the padding
  /// between rows of C untouched.
  void check(const std::vector<float> &out, bool accumulate) const {
    const float *C = c.data() + offset;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double sum = accumulate ? C[i * ldc + j] : 0.0, size = std::fabs(sum);
        for (int64_t p = 0; p < k; ++p) {
          sum += double(opA(i, p)) * opB(p, j);
          size += std::fabs(double(opA(i, p)) * opB(p, j));
        }
        ASSERT_NEAR(out[i * ldc + j], sum, 1e-6 * size + 1e-6)
            << "C[" << i << "][" << j << "] of " << m << "x" << n << "x" << k
            << (transA ? " A^T" : "") << (transB ? " B^T" : "");
      }
      for (int64_t j = n; j < ldc && i * ldc + j < m * ldc; ++j)
        ASSERT_EQ(out[i * ldc + j], C[i * ldc + j]) << "padding written";
    }
  }
};

TEST(Sgemm, EveryShapeAndOrientationMatchesTheLoop) {
  std::vector<CpuKernels> kernels = blockedKernels();
  if (kernels.empty())
    GTEST_SKIP() << "no blocked GEMM on this CPU (oneDNN's runs)";
  for (CpuKernels isa : kernels)
    for (int64_t m : {1, 5, 6, 13, 32, 150})
      for (int64_t n : {1, 15, 16, 40, 64})
        for (int64_t k : {1, 7, 256, 300, 1120})
          for (int orientation = 0; orientation < 4; ++orientation) {
            if (m * n * k > 2000000)
              continue;
            Problem problem(m, n, k, orientation & 1, orientation & 2);
            for (bool accumulate : {false, true}) {
              std::vector<float> packed = problem.run(isa, true, accumulate);
              problem.check(packed, accumulate);
              ASSERT_EQ(packed, problem.run(isa, false, accumulate))
                  << "packed and in place differ";
            }
          }
}

TEST(Sgemm, ResultsDoNotDependOnAlignment) {
  for (CpuKernels isa : blockedKernels())
    for (size_t offset : {0, 1, 4, 8, 16}) {
      Problem aligned(37, 70, 600, true, false, 0, 7);
      Problem shifted(37, 70, 600, true, false, offset, 7);
      ASSERT_EQ(aligned.run(isa, false, true), shifted.run(isa, false, true))
          << rnnc::rt::cpuKernelsName(isa) << ", offset " << offset;
    }
}

TEST(Sgemm, Avx2AndAvx512AreBitwiseTheSame) {
  if (blockedKernels().size() < 2)
    GTEST_SKIP() << "this CPU has no AVX-512 (AVX2 is tested alone above)";
  for (int orientation = 0; orientation < 4; ++orientation) {
    Problem problem(45, 77, 530, orientation & 1, orientation & 2);
    EXPECT_EQ(problem.run(CpuKernels::Avx2, true, true),
              problem.run(CpuKernels::Avx512, true, true));
  }
}

} // namespace
