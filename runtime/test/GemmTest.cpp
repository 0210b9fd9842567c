//===- GemmTest.cpp - the GEMM the generated code calls -------------------===//
//
// _mlir_ciface_rnnc_rt_sgemm against a double-precision loop, in every
// orientation, with and without a parameter B (transposed and/or packed
// once per parameter version), including the row counts 2-15 at which
// oneDNN 2.6 cannot pack a transposed operand, and A^T B with 4 KiB rows
// of A (computed swapped), and one row (B in panels, Gemv.h); a parameter
// update seen by the next product; the transposed parameters the generated
// code reads; the caches of both dropping entries long unused.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/ParameterVersion.h"
#include "rnnc/runtime/Runtime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <vector>

namespace {

/// A dense row-major [rows, cols] matrix as the generated code passes it.
rnnc_matrix_f32 view(std::vector<float> &data, int64_t rows, int64_t cols) {
  return rnnc_matrix_f32{data.data(), data.data(), 0, {rows, cols}, {cols, 1}};
}

std::vector<float> randomMatrix(int64_t size, std::mt19937 &rng) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> data(size);
  for (float &x : data)
    x = uniform(rng);
  return data;
}

struct Shape {
  int64_t m, n, k;
};

/// C = (overwrite ? 0 : C) + op(A) op(B) through the runtime, checked
/// against the loop.
void checkProduct(Shape s, bool transA, bool transB, bool parameterB,
                  bool overwrite, std::mt19937 &rng) {
  std::vector<float> a = randomMatrix(s.m * s.k, rng);
  std::vector<float> b = randomMatrix(s.k * s.n, rng);
  std::vector<float> c = randomMatrix(s.m * s.n, rng);
  std::vector<double> expected(c.begin(), c.end());
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < s.k; ++p)
        sum += double(transA ? a[p * s.m + i] : a[i * s.k + p]) *
               double(transB ? b[j * s.k + p] : b[p * s.n + j]);
      expected[i * s.n + j] = (overwrite ? 0.0 : expected[i * s.n + j]) + sum;
    }
  rnnc_matrix_f32 av = transA ? view(a, s.k, s.m) : view(a, s.m, s.k);
  rnnc_matrix_f32 bv = transB ? view(b, s.n, s.k) : view(b, s.k, s.n);
  rnnc_matrix_f32 cv = view(c, s.m, s.n);
  // New data, perhaps where an earlier product's B was: as after an
  // optimizer step, the prepared forms of that B are stale.
  rnnc::rt::parametersMayChange();
  _mlir_ciface_rnnc_rt_sgemm(&av, &bv, &cv, transA, transB, parameterB,
                             overwrite);
  double worst = 0;
  for (int64_t i = 0; i < s.m * s.n; ++i)
    worst = std::max(worst, std::fabs(c[i] - expected[i]) /
                                (1.0 + std::fabs(expected[i])));
  EXPECT_LT(worst, 1e-5) << "m=" << s.m << " n=" << s.n << " k=" << s.k
                         << " transA=" << transA << " transB=" << transB
                         << " parameterB=" << parameterB
                         << " overwrite=" << overwrite;
}

TEST(Gemm, EveryOrientationMatchesTheLoop) {
  std::mt19937 rng(7);
  const Shape shapes[] = {
      {1, 10, 4},    {2, 10, 4},      {7, 1, 10}, {8, 28, 256}, {15, 1024, 256},
      {16, 256, 64}, {32, 1024, 256}, {33, 3, 5}, {96, 28, 33}, {1024, 8, 256},
      // One row (a step of one stream): B in panels of 128 columns, the
      // last one partial.
      {1, 1024, 256}, {1, 28, 256}, {1, 130, 7}, {1, 300, 1}};
  for (Shape s : shapes)
    for (int flags = 0; flags < 16; ++flags)
      checkProduct(s, flags & 1, flags & 2, flags & 4, flags & 8, rng);
}

TEST(Gemm, AParameterUpdateIsSeen) {
  std::mt19937 rng(11);
  Shape s{4, 64, 32};
  std::vector<float> a = randomMatrix(s.m * s.k, rng);
  std::vector<float> b = randomMatrix(s.n * s.k, rng);
  std::vector<float> c(s.m * s.n);
  rnnc_matrix_f32 av = view(a, s.m, s.k), bv = view(b, s.n, s.k),
                  cv = view(c, s.m, s.n);
  _mlir_ciface_rnnc_rt_sgemm(&av, &bv, &cv, 0, 1, 1, 1);
  // The optimizer writes the parameter in place, then says so.
  for (float &x : b)
    x *= 2.0f;
  rnnc::rt::parametersMayChange();
  std::vector<float> before = c;
  _mlir_ciface_rnnc_rt_sgemm(&av, &bv, &cv, 0, 1, 1, 1);
  for (int64_t i = 0; i < s.m * s.n; ++i)
    EXPECT_NEAR(c[i], 2.0f * before[i], 1e-4f * (1.0f + std::fabs(c[i])));
}

TEST(PreparedParameters, EntriesLongUnusedAreDropped) {
  struct Entry {
    uint64_t version;
  };
  std::map<int, Entry> entries{{1, {10}}, {2, {100}}, {3, {100 + 64}}};
  uint64_t sweptAt = 0;
  // At version 164: entry 1 (last used at 10) goes; 2 is 64 behind, kept.
  rnnc::rt::dropUnusedPrepared(entries, 164, sweptAt);
  EXPECT_EQ(entries.count(1), 0u);
  EXPECT_EQ(entries.size(), 2u);
  EXPECT_EQ(sweptAt, 164u);
  // Once per version: a second call at 164 does not look again.
  entries[4] = {0};
  rnnc::rt::dropUnusedPrepared(entries, 164, sweptAt);
  EXPECT_EQ(entries.count(4), 1u);
  // At 165, 2 and 4 go, 3 stays.
  rnnc::rt::dropUnusedPrepared(entries, 165, sweptAt);
  EXPECT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries.count(3), 1u);
}

TEST(TransposedParameter, KeptUntilTheParametersChange) {
  std::mt19937 rng(5);
  std::vector<float> w = randomMatrix(6 * 40, rng);
  rnnc_matrix_f32 wv = view(w, 6, 40), t{};
  rnnc::rt::parametersMayChange();
  _mlir_ciface_rnnc_rt_transposed_parameter(&t, &wv);
  ASSERT_EQ(t.sizes[0], 40);
  ASSERT_EQ(t.sizes[1], 6);
  EXPECT_EQ(t.strides[0], 6);
  EXPECT_EQ(t.strides[1], 1);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.aligned) % 64, 0u);
  for (int64_t i = 0; i < 6; ++i)
    for (int64_t j = 0; j < 40; ++j)
      ASSERT_EQ(t.aligned[j * 6 + i], w[i * 40 + j]);
  // The same version: the same copy, not transposed again.
  w[0] = 100.0f;
  rnnc_matrix_f32 again{};
  _mlir_ciface_rnnc_rt_transposed_parameter(&again, &wv);
  EXPECT_EQ(again.aligned, t.aligned);
  EXPECT_NE(again.aligned[0], 100.0f);
  // After an update, the new values.
  rnnc::rt::parametersMayChange();
  _mlir_ciface_rnnc_rt_transposed_parameter(&again, &wv);
  EXPECT_EQ(again.aligned[0], 100.0f);
  // A view with a non-unit inner stride: every other column of w.
  rnnc_matrix_f32 columns{w.data(), w.data(), 1, {6, 20}, {40, 2}};
  _mlir_ciface_rnnc_rt_transposed_parameter(&t, &columns);
  for (int64_t i = 0; i < 6; ++i)
    for (int64_t j = 0; j < 20; ++j)
      ASSERT_EQ(t.aligned[j * 6 + i], w[1 + i * 40 + 2 * j]);
}

} // namespace
