//===- GemvTest.cpp - one row times a matrix in panels --------------------===//
//
// packPanels and the kernels of Gemv.h for every vector ISA this CPU runs
// (portable everywhere, AVX2 and AVX-512 where present), f32 and bfloat16
// panels, against a double-precision loop: one to nine rows, widths below,
// at and past a panel, B as it is and transposed, overwriting and
// accumulating; a row bitwise the same alone and in a batch and in either
// panel order; the order's chunks; AVX2 and AVX-512 bitwise the same;
// bfloat16's rounding.
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

using rnnc::rt::CpuKernels;

/// The kernels of every ISA this CPU runs.
std::vector<CpuKernels> runnableKernels() {
  std::vector<CpuKernels> all;
  for (CpuKernels kernels :
       {CpuKernels::Portable, CpuKernels::Avx2, CpuKernels::Avx512})
    if (rnnc::rt::canRun(kernels))
      all.push_back(kernels);
  return all;
}

/// Panels of T (float, or bfloat16 as uint16_t) against the loop over the
/// weights as the panels hold them, for `m` rows.
template <typename T>
void check(int64_t m, int64_t k, int64_t n, bool transposed, bool accumulate,
           CpuKernels kernels, std::mt19937 &rng) {
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
  packPanels(kernels, b.data(), transposed ? k : n, transposed, k, n, panels);
  rnnc::rt::panelGemmWith(kernels, x.data(), ldx, m, k, panels.data(), n,
                          y.data(), ldy, accumulate);
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t j = 0; j < n; ++j)
      ASSERT_NEAR(y[r * ldy + j], expected[r * ldy + j],
                  1e-4 * (1 + std::fabs(expected[r * ldy + j])))
          << "m=" << m << " k=" << k << " n=" << n
          << " transposed=" << transposed << " accumulate=" << accumulate
          << " kernels=" << rnnc::rt::cpuKernelsName(kernels)
          << " bf16=" << bf16 << " r=" << r
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
/// accumulating, every ISA's kernels this CPU runs.
template <typename T> void checkEveryCase(unsigned seed) {
  std::mt19937 rng(seed);
  for (const auto &shape : kShapes)
    for (int64_t m : kRows)
      for (int flags = 0; flags < 4; ++flags)
        for (CpuKernels kernels : runnableKernels())
          check<T>(m, shape[0], shape[1], flags & 1, flags & 2, kernels, rng);
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
  for (CpuKernels kernels : runnableKernels()) {
    rnnc::rt::PanelVector<float> panels;
    packPanels(kernels, b.data(), n, false, k, n, panels);
    rnnc::rt::panelGemmWith(kernels, x.data(), k, m, k, panels.data(), n,
                            together.data(), n, false);
    for (int64_t r = 0; r < m; ++r) {
      rnnc::rt::panelGemmWith(kernels, x.data() + r * k, k, 1, k,
                              panels.data(), n, alone.data(), n, false);
      ASSERT_EQ(0, std::memcmp(alone.data(), together.data() + r * n,
                               sizeof(float) * n))
          << "row " << r << " kernels=" << rnnc::rt::cpuKernelsName(kernels);
    }
  }
}

/// The product of `rows` rows of x [., k] and b [k, n] in T's panels for
/// `kernels`, both orders: bitwise the same.
template <typename T>
void expectTheSameInEitherOrder(CpuKernels kernels, const std::vector<float> &x,
                                const std::vector<float> &b, int64_t rows,
                                int64_t k, int64_t n) {
  rnnc::rt::PanelVector<T> panels;
  packPanels(kernels, b.data(), n, false, k, n, panels);
  std::vector<float> forwards(rows * n), backwards(rows * n);
  rnnc::rt::panelGemmWith(kernels, x.data(), k, rows, k, panels.data(), n,
                          forwards.data(), n, false,
                          rnnc::rt::PanelOrder::FirstToLast);
  rnnc::rt::panelGemmWith(kernels, x.data(), k, rows, k, panels.data(), n,
                          backwards.data(), n, false,
                          rnnc::rt::PanelOrder::LastToFirst);
  EXPECT_EQ(0, std::memcmp(forwards.data(), backwards.data(),
                           sizeof(float) * rows * n))
      << rows << " rows, " << (sizeof(T) == 2 ? "bf16, " : "f32, ")
      << rnnc::rt::cpuKernelsName(kernels);
}

TEST(Gemv, ThePanelOrderChangesNoOutput) {
  // Bitwise: a product alternates the order from call to call.
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  const int64_t m = 5, k = 300, n = 1000; // several chunks of panels
  std::vector<float> x(m * k), b(k * n);
  for (float &v : x)
    v = uniform(rng);
  for (float &v : b)
    v = uniform(rng);
  for (CpuKernels kernels : runnableKernels())
    for (int64_t rows : {int64_t(1), m}) {
      expectTheSameInEitherOrder<float>(kernels, x, b, rows, k, n);
      expectTheSameInEitherOrder<uint16_t>(kernels, x, b, rows, k, n);
    }
}

/// The first columns forEachPanel visits.
std::vector<int64_t> visited(int64_t n, int64_t columns, int64_t columnBytes,
                             rnnc::rt::PanelOrder order) {
  std::vector<int64_t> firsts;
  rnnc::rt::forEachPanel(n, columns, columnBytes, order,
                         [&](int64_t first) { firsts.push_back(first); });
  return firsts;
}

TEST(Gemv, TheOrderTurnsInChunksWalkedForwards) {
  using rnnc::rt::PanelOrder;
  // Panels of 64 columns of 1 KiB (k = 256 floats): 64 KiB each, four to
  // a chunk of 256 KiB; 10 panels (the last one narrow) in 3 chunks.
  const int64_t n = 64 * 9 + 20;
  std::vector<int64_t> forwards{0, 64, 128, 192, 256, 320, 384, 448, 512, 576};
  std::vector<int64_t> backwards{512, 576, 256, 320, 384, 448, 0, 64, 128, 192};
  EXPECT_EQ(visited(n, 64, 1024, PanelOrder::FirstToLast), forwards);
  EXPECT_EQ(visited(n, 64, 1024, PanelOrder::LastToFirst), backwards);
  // A panel larger than a chunk is a chunk of its own.
  std::vector<int64_t> eachAlone{256, 128, 0};
  EXPECT_EQ(visited(300, 128, 4096, PanelOrder::LastToFirst), eachAlone);
}

TEST(Gemv, Avx2AndAvx512AreBitwiseTheSame) {
  if (!rnnc::rt::canRun(CpuKernels::Avx512))
    GTEST_SKIP() << "this CPU has no AVX-512 (AVX2 is tested alone above)";
  // The same fused multiply-adds in order of k: one result, f32 and bf16.
  std::mt19937 rng(6);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  const int64_t m = 6, k = 300, n = 333;
  std::vector<float> x(m * k), b(k * n), wide(m * n), narrow(m * n);
  for (float &v : x)
    v = uniform(rng);
  for (float &v : b)
    v = uniform(rng);
  // Each ISA on its own panels (128 and 64 columns wide).
  rnnc::rt::PanelVector<float> widePanels, narrowPanels;
  rnnc::rt::PanelVector<uint16_t> wideHalves, narrowHalves;
  packPanels(CpuKernels::Avx512, b.data(), n, false, k, n, widePanels);
  packPanels(CpuKernels::Avx2, b.data(), n, false, k, n, narrowPanels);
  packPanels(CpuKernels::Avx512, b.data(), n, false, k, n, wideHalves);
  packPanels(CpuKernels::Avx2, b.data(), n, false, k, n, narrowHalves);
  for (int64_t rows : {int64_t(1), m}) {
    rnnc::rt::panelGemmWith(CpuKernels::Avx512, x.data(), k, rows, k,
                            widePanels.data(), n, wide.data(), n, false);
    rnnc::rt::panelGemmWith(CpuKernels::Avx2, x.data(), k, rows, k,
                            narrowPanels.data(), n, narrow.data(), n, false);
    EXPECT_EQ(0, std::memcmp(wide.data(), narrow.data(),
                             sizeof(float) * rows * n)) << rows << " rows, f32";
    rnnc::rt::panelGemmWith(CpuKernels::Avx512, x.data(), k, rows, k,
                            wideHalves.data(), n, wide.data(), n, false);
    rnnc::rt::panelGemmWith(CpuKernels::Avx2, x.data(), k, rows, k,
                            narrowHalves.data(), n, narrow.data(), n, false);
    EXPECT_EQ(0, std::memcmp(wide.data(), narrow.data(),
                             sizeof(float) * rows * n)) << rows << " rows, bf16";
  }
}

TEST(Gemv, KernelsAreTheWidestTheCpuRuns) {
  // (RNNC_CPU_KERNELS unset in the suite.)
  CpuKernels chosen = rnnc::rt::cpuKernels();
  EXPECT_TRUE(rnnc::rt::canRun(chosen));
  for (CpuKernels wider : runnableKernels())
    EXPECT_LE(int(wider), int(chosen)) << rnnc::rt::cpuKernelsName(wider);
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

TEST(Gemv, APanelIsOneRowsRegistersWide) {
  EXPECT_EQ(rnnc::rt::panelColumns(CpuKernels::Portable), 64);
#if defined(__x86_64__)
  EXPECT_EQ(rnnc::rt::panelColumns(CpuKernels::Avx512), 128);
  EXPECT_EQ(rnnc::rt::panelColumns(CpuKernels::Avx2), 64);
#endif
}

TEST(Gemv, TheLastPanelIsAsNarrowAsItsColumns) {
  // 130 columns in panels of 128: one of 128, one of 16 (2 columns and
  // zeros).
  std::vector<float> b(2 * 130, 1.0f);
  rnnc::rt::PanelVector<float> panels;
  packPanels(CpuKernels::Avx512, b.data(), 130, false, 2, 130, panels);
  EXPECT_EQ(panels.size(), size_t(2 * (128 + 16)));
  EXPECT_EQ(panels[2 * 128 + 1], 1.0f);  // row 0, column 129
  EXPECT_EQ(panels[2 * 128 + 2], 0.0f);  // past n
  EXPECT_EQ(rnnc::rt::panelWidth(128, 130, 128), 16);
  EXPECT_EQ(rnnc::rt::panelWidth(0, 130, 128), 128);
  // In panels of 64: 64, 64 and 16.
  packPanels(CpuKernels::Avx2, b.data(), 130, false, 2, 130, panels);
  EXPECT_EQ(panels.size(), size_t(2 * (64 + 64 + 16)));
  EXPECT_EQ(panels[2 * 64 + 1], 1.0f);   // row 0, column 65
  EXPECT_EQ(panels[2 * 128 + 1], 1.0f);  // row 0, column 129
  EXPECT_EQ(rnnc::rt::panelWidth(64, 130, 64), 64);
}

} // namespace
