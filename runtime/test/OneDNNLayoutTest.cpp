//===- OneDNNLayoutTest.cpp - PyTorch's layer layouts against oneDNN's ----===//
//
// The gate order and bias translation of OneDNNLayout.h, per cell kind and
// for both weight layouts (PyTorch's [G*H, K] and the input-major
// [K, G*H]): entries land where oneDNN's gate order puts them, the
// permutation is its own inverse, and the bias gradient split is the
// adjoint of the bias combination.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/OneDNNLayout.h"
#include "rnnc/runtime/Runtime.h"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

using namespace rnnc::rt::onednn;

namespace {

const int kCells[] = {RNNC_RT_CELL_TANH, RNNC_RT_CELL_RELU, RNNC_RT_CELL_GRU,
                      RNNC_RT_CELL_LSTM, RNNC_RT_CELL_GRU_RESET_BEFORE};

std::vector<float> iota(size_t n, float start) {
  std::vector<float> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

TEST(OneDNNLayout, GateCountsPerCell) {
  EXPECT_EQ(gateCount(RNNC_RT_CELL_TANH), 1);
  EXPECT_EQ(gateCount(RNNC_RT_CELL_RELU), 1);
  EXPECT_EQ(gateCount(RNNC_RT_CELL_GRU), 3);
  EXPECT_EQ(gateCount(RNNC_RT_CELL_GRU_RESET_BEFORE), 3);
  EXPECT_EQ(gateCount(RNNC_RT_CELL_LSTM), 4);
  EXPECT_EQ(biasGateCount(RNNC_RT_CELL_GRU), 4);
  EXPECT_EQ(biasGateCount(RNNC_RT_CELL_GRU_RESET_BEFORE), 3);
  EXPECT_EQ(biasGateCount(RNNC_RT_CELL_LSTM), 4);
  EXPECT_TRUE(hasCellState(RNNC_RT_CELL_LSTM));
  EXPECT_FALSE(hasCellState(RNNC_RT_CELL_GRU));
  EXPECT_EQ(cellOf(RNNC_RT_CELL_LSTM | RNNC_RT_LAYER_REVERSE |
                   RNNC_RT_LAYER_TRAINING | RNNC_RT_LAYER_INPUT_MAJOR),
            RNNC_RT_CELL_LSTM);
}

// PyTorch's [G*H, K]: row g*H + j of gate g goes to oneDNN's gate
// (z, r, n) -> (u, r, o), i.e. rows of r and z trade places.
TEST(OneDNNLayout, GRUGatesOfOutputMajorWeights) {
  const int64_t h = 2, k = 3;
  std::vector<float> w = iota(3 * h * k, 0), out(w.size());
  permuteGateBlocks(w.data(), out.data(), h, k, /*inputMajor=*/false);
  for (int64_t j = 0; j < h; ++j)
    for (int64_t i = 0; i < k; ++i) {
      EXPECT_EQ(out[(0 * h + j) * k + i], w[(1 * h + j) * k + i]); // u = z
      EXPECT_EQ(out[(1 * h + j) * k + i], w[(0 * h + j) * k + i]); // r
      EXPECT_EQ(out[(2 * h + j) * k + i], w[(2 * h + j) * k + i]); // o = n
    }
}

// Input-major [K, G*H]: within each row, the column blocks trade places.
TEST(OneDNNLayout, GRUGatesOfInputMajorWeights) {
  const int64_t h = 2, k = 3;
  std::vector<float> w = iota(3 * h * k, 0), out(w.size());
  permuteGateBlocks(w.data(), out.data(), h, k, /*inputMajor=*/true);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < h; ++j) {
      EXPECT_EQ(out[i * 3 * h + 0 * h + j], w[i * 3 * h + 1 * h + j]);
      EXPECT_EQ(out[i * 3 * h + 1 * h + j], w[i * 3 * h + 0 * h + j]);
      EXPECT_EQ(out[i * 3 * h + 2 * h + j], w[i * 3 * h + 2 * h + j]);
    }
}

TEST(OneDNNLayout, GatePermutationIsItsOwnInverse) {
  const int64_t h = 3, k = 5;
  for (bool inputMajor : {false, true}) {
    std::vector<float> w = iota(3 * h * k, 1), once(w.size()), twice(w.size());
    permuteGateBlocks(w.data(), once.data(), h, k, inputMajor);
    permuteGateBlocks(once.data(), twice.data(), h, k, inputMajor);
    EXPECT_NE(once, w) << "inputMajor " << inputMajor;
    EXPECT_EQ(twice, w) << "inputMajor " << inputMajor;
  }
}

TEST(OneDNNLayout, BiasOfEachCell) {
  const int64_t h = 2;
  std::vector<float> bih = iota(4 * h, 100), bhh = iota(4 * h, 10);
  // Vanilla and LSTM: one bias per gate, b_ih + b_hh, in PyTorch's order.
  for (int cell : {RNNC_RT_CELL_TANH, RNNC_RT_CELL_RELU, RNNC_RT_CELL_LSTM}) {
    std::vector<float> bias(biasGateCount(cell) * h);
    combineBias(cell, h, bih.data(), bhh.data(), bias.data());
    for (size_t i = 0; i < bias.size(); ++i)
      EXPECT_EQ(bias[i], bih[i] + bhh[i]) << "cell " << cell << " at " << i;
  }
  // GRU (PyTorch's): {b_iz + b_hz, b_ir + b_hr, b_in, b_hn}.
  std::vector<float> lbr(4 * h), d2l(3 * h);
  combineBias(RNNC_RT_CELL_GRU, h, bih.data(), bhh.data(), lbr.data());
  combineBias(RNNC_RT_CELL_GRU_RESET_BEFORE, h, bih.data(), bhh.data(),
              d2l.data());
  for (int64_t j = 0; j < h; ++j) {
    for (const std::vector<float> *b : {&lbr, &d2l}) {
      EXPECT_EQ((*b)[j], bih[h + j] + bhh[h + j]);
      EXPECT_EQ((*b)[h + j], bih[j] + bhh[j]);
    }
    EXPECT_EQ(lbr[2 * h + j], bih[2 * h + j]);
    EXPECT_EQ(lbr[3 * h + j], bhh[2 * h + j]);
    EXPECT_EQ(d2l[2 * h + j], bih[2 * h + j] + bhh[2 * h + j]);
  }
}

// <combine(bih, bhh), d> = <bih, dbih> + <bhh, dbhh> for all bih, bhh, d.
TEST(OneDNNLayout, BiasGradientSplitIsTheAdjointOfTheCombination) {
  const int64_t h = 3;
  for (int cell : kCells) {
    size_t n = gateCount(cell) * h, m = biasGateCount(cell) * h;
    std::vector<float> bih = iota(n, 1), bhh = iota(n, -7), d = iota(m, 0.5f);
    for (size_t i = 0; i < m; ++i)
      d[i] *= (i % 2 ? -1.0f : 1.0f);
    std::vector<float> bias(m), dbih(n), dbhh(n);
    combineBias(cell, h, bih.data(), bhh.data(), bias.data());
    splitBiasGradient(cell, h, d.data(), dbih.data(), dbhh.data());
    double lhs = std::inner_product(bias.begin(), bias.end(), d.begin(), 0.0);
    double rhs = std::inner_product(bih.begin(), bih.end(), dbih.begin(), 0.0) +
                 std::inner_product(bhh.begin(), bhh.end(), dbhh.begin(), 0.0);
    EXPECT_DOUBLE_EQ(lhs, rhs) << "cell " << cell;
  }
}

} // namespace
