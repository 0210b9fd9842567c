//===- GemvTest.cpp - one row times a matrix in panels --------------------===//
//
// packPanels and both kernels of Gemv.h (the one this CPU runs and the
// portable one) against a double-precision loop: widths below, at and
// past a panel, B as it is and transposed, overwriting and accumulating.
//
//===----------------------------------------------------------------------===//

#include "Gemv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

using rnnc::rt::packPanels;

void check(int64_t k, int64_t n, bool transposed, bool accumulate,
           bool portable, std::mt19937 &rng) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> x(k), b(k * n), y(n);
  for (float &v : x)
    v = uniform(rng);
  for (float &v : b)
    v = uniform(rng);
  for (float &v : y)
    v = uniform(rng);
  std::vector<double> expected(n);
  for (int64_t j = 0; j < n; ++j) {
    double sum = accumulate ? y[j] : 0.0;
    for (int64_t i = 0; i < k; ++i)
      sum += double(x[i]) * (transposed ? b[j * k + i] : b[i * n + j]);
    expected[j] = sum;
  }
  std::vector<float> panels;
  packPanels(b.data(), transposed ? k : n, transposed, k, n, panels);
  (portable ? rnnc::rt::panelGemvPortable : rnnc::rt::panelGemv)(
      x.data(), k, panels.data(), n, y.data(), accumulate);
  for (int64_t j = 0; j < n; ++j)
    ASSERT_NEAR(y[j], expected[j], 1e-4 * (1 + std::fabs(expected[j])))
        << "k=" << k << " n=" << n << " transposed=" << transposed
        << " accumulate=" << accumulate << " portable=" << portable
        << " j=" << j;
}

TEST(Gemv, PanelsMatchTheLoop) {
  std::mt19937 rng(3);
  const int64_t shapes[][2] = {{1, 1},    {7, 16},   {256, 28}, {5, 127},
                               {3, 128},  {9, 129},  {256, 1024},
                               {33, 300}, {256, 10000}};
  for (auto [k, n] : shapes)
    for (int flags = 0; flags < 8; ++flags)
      check(k, n, flags & 1, flags & 2, flags & 4, rng);
}

TEST(Gemv, TheLastPanelIsAsNarrowAsItsColumns) {
  // 130 columns: one panel of 128, one of 16 (2 columns and zeros).
  std::vector<float> b(2 * 130, 1.0f), panels;
  packPanels(b.data(), 130, false, 2, 130, panels);
  EXPECT_EQ(panels.size(), size_t(2 * (128 + 16)));
  EXPECT_EQ(panels[2 * 128 + 1], 1.0f);  // row 0, column 129
  EXPECT_EQ(panels[2 * 128 + 2], 0.0f);  // past n
  EXPECT_EQ(rnnc::rt::panelWidth(128, 130), 16);
  EXPECT_EQ(rnnc::rt::panelWidth(0, 130), 128);
}

} // namespace
