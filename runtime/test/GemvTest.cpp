//===- GemvTest.cpp - one row times a matrix in panels --------------------===//
//
// packPanels and both kernels of Gemv.h (the one this CPU runs and the
// portable one), f32 and bfloat16 panels, against a double-precision loop:
// one to nine rows, widths below, at and past a panel, B as it is and
// transposed, overwriting and accumulating; a row bitwise the same alone
// and in a batch; bfloat16's rounding.
//
//===----------------------------------------------------------------------===//

#include "Gemv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace {

using rnnc::rt::packPanels;

/// The dispatching and the portable products, as function pointers.
template <typename T>
void product(const float *x, int64_t ldx, int64_t m, int64_t k,
             const T *panels, int64_t n, float *y, int64_t ldy,
             bool accumulate) {
  rnnc::rt::panelGemm(x, ldx, m, k, panels, n, y, ldy, accumulate);
}
template <typename T>
void productPortable(const float *x, int64_t ldx, int64_t m, int64_t k,
                     const T *panels, int64_t n, float *y, int64_t ldy,
                     bool accumulate) {
  rnnc::rt::panelGemmPortable(x, ldx, m, k, panels, n, y, ldy, accumulate);
}

/// Panels of T (float, or bfloat16 as uint16_t) against the loop over the
/// weights as the panels hold them, for `m` rows.
template <typename T>
void check(int64_t m, int64_t k, int64_t n, bool transposed, bool accumulate,
           bool portable, std::mt19937 &rng) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  // Rows of x and y with a stride past their length.
  int64_t ldx = k + 3, ldy = n + 5;
  std::vector<float> x(m * ldx), b(k * n), y(m * ldy);
  for (float &v : x)
    v = uniform(rng);
  for (float &v : b)
    v = uniform(rng);
  for (float &v : y)
    v = uniform(rng);
  bool bf16 = sizeof(T) == 2;
  std::vector<double> expected(m * ldy);
  for (int64_t r = 0; r < m; ++r)
    for (int64_t j = 0; j < n; ++j) {
      double sum = accumulate ? y[r * ldy + j] : 0.0;
      for (int64_t i = 0; i < k; ++i) {
        float w = transposed ? b[j * k + i] : b[i * n + j];
        if (bf16)
          w = rnnc::rt::fromBfloat16(rnnc::rt::toBfloat16(w));
        sum += double(x[r * ldx + i]) * w;
      }
      expected[r * ldy + j] = sum;
    }
  std::vector<float> before = y;
  rnnc::rt::PanelVector<T> panels;
  packPanels(b.data(), transposed ? k : n, transposed, k, n, panels);
  (portable ? productPortable<T> : product<T>)(x.data(), ldx, m, k,
                                               panels.data(), n, y.data(),
                                               ldy, accumulate);
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t j = 0; j < n; ++j)
      ASSERT_NEAR(y[r * ldy + j], expected[r * ldy + j],
                  1e-4 * (1 + std::fabs(expected[r * ldy + j])))
          << "m=" << m << " k=" << k << " n=" << n
          << " transposed=" << transposed << " accumulate=" << accumulate
          << " portable=" << portable << " bf16=" << bf16 << " r=" << r
          << " j=" << j;
    for (int64_t j = n; j < ldy; ++j) // past the row: untouched
      ASSERT_EQ(y[r * ldy + j], before[r * ldy + j]);
  }
}

// (The sanitized build runs these too: sizes kept small.)
const int64_t kShapes[][2] = {{1, 1},   {7, 16},  {256, 28},  {5, 127},
                              {3, 128}, {9, 129}, {64, 1024}, {33, 300}};
const int64_t kRows[] = {1, 2, 3, 4, 5, 9};

/// Every shape and row count, B as it is and transposed, overwriting and
/// accumulating, both kernels.
template <typename T> void checkEveryCase(unsigned seed) {
  std::mt19937 rng(seed);
  for (const auto &shape : kShapes)
    for (int64_t m : kRows)
      for (int flags = 0; flags < 8; ++flags)
        check<T>(m, shape[0], shape[1], flags & 1, flags & 2, flags & 4, rng);
}

TEST(Gemv, PanelsMatchTheLoop) { checkEveryCase<float>(3); }

TEST(Gemv, Bfloat16PanelsMatchTheLoopOnRoundedWeights) {
  checkEveryCase<uint16_t>(4);
}

TEST(Gemv, ARowIsTheSameAloneAndInABatch) {
  // Bitwise: batched generation's samples equal the samples drawn alone.
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  const int64_t m = 7, k = 256, n = 1000;
  std::vector<float> x(m * k), b(k * n), together(m * n), alone(n);
  for (float &v : x)
    v = uniform(rng);
  for (float &v : b)
    v = uniform(rng);
  rnnc::rt::PanelVector<float> panels;
  packPanels(b.data(), n, false, k, n, panels);
  for (bool portable : {false, true}) {
    auto run = portable ? productPortable<float> : product<float>;
    run(x.data(), k, m, k, panels.data(), n, together.data(), n, false);
    for (int64_t r = 0; r < m; ++r) {
      run(x.data() + r * k, k, 1, k, panels.data(), n, alone.data(), n, false);
      ASSERT_EQ(0, std::memcmp(alone.data(), together.data() + r * n,
                               sizeof(float) * n))
          << "row " << r << " portable=" << portable;
    }
  }
}

TEST(Gemv, Bfloat16RoundsToNearestEven) {
  using rnnc::rt::fromBfloat16;
  using rnnc::rt::toBfloat16;
  EXPECT_EQ(fromBfloat16(toBfloat16(1.0f)), 1.0f);
  EXPECT_EQ(fromBfloat16(toBfloat16(-2.5f)), -2.5f);
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties go to the even 1;
  // a hair more goes up.
  EXPECT_EQ(fromBfloat16(toBfloat16(1.0f + 0x1p-8f)), 1.0f);
  EXPECT_EQ(fromBfloat16(toBfloat16(1.0f + 0x1p-8f + 0x1p-16f)),
            1.0f + 0x1p-7f);
  // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 and 1 + 2^-6: to the even one.
  EXPECT_EQ(fromBfloat16(toBfloat16(1.0f + 3 * 0x1p-8f)), 1.0f + 0x1p-6f);
  EXPECT_TRUE(std::isnan(fromBfloat16(toBfloat16(NAN))));
  EXPECT_TRUE(std::isinf(fromBfloat16(toBfloat16(INFINITY))));
}

TEST(Gemv, TheLastPanelIsAsNarrowAsItsColumns) {
  // 130 columns: one panel of 128, one of 16 (2 columns and zeros).
  std::vector<float> b(2 * 130, 1.0f);
  rnnc::rt::PanelVector<float> panels;
  packPanels(b.data(), 130, false, 2, 130, panels);
  EXPECT_EQ(panels.size(), size_t(2 * (128 + 16)));
  EXPECT_EQ(panels[2 * 128 + 1], 1.0f);  // row 0, column 129
  EXPECT_EQ(panels[2 * 128 + 2], 0.0f);  // past n
  EXPECT_EQ(rnnc::rt::panelWidth(128, 130), 16);
  EXPECT_EQ(rnnc::rt::panelWidth(0, 130), 128);
}

} // namespace
