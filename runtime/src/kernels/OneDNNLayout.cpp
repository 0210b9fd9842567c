//===- OneDNNLayout.cpp - PyTorch's layer layouts against oneDNN's --------===//
//
// Gate counts, the GRU's gate permutation and the bias translation of
// OneDNNLayout.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/OneDNNLayout.h"
#include "rnnc/runtime/Runtime.h"

#include <algorithm>
#include <cstring>

namespace rnnc::rt::onednn {

int cellOf(int64_t config) { return static_cast<int>(config & 0xff); }

int64_t gateCount(int cell) {
  switch (cell) {
#define RNNC_CELL(Enumerator, Abi, Gates, CellState, Description)              \
  case RNNC_RT_CELL_##Abi:                                                     \
    return Gates;
#include "rnnc/runtime/CellKinds.def"
  }
  return 1;
}

int64_t biasGateCount(int cell) {
  return isLinearBeforeReset(cell) ? 4 : gateCount(cell);
}

bool hasCellState(int cell) {
  switch (cell) {
#define RNNC_CELL(Enumerator, Abi, Gates, CellState, Description)              \
  case RNNC_RT_CELL_##Abi:                                                     \
    return CellState;
#include "rnnc/runtime/CellKinds.def"
  }
  return false;
}

bool permutesGates(int cell) {
  return cell == RNNC_RT_CELL_GRU || cell == RNNC_RT_CELL_GRU_RESET_BEFORE;
}

bool isLinearBeforeReset(int cell) { return cell == RNNC_RT_CELL_GRU; }

namespace {
/// Swaps the first two of three blocks of `block` floats in each of `runs`
/// consecutive runs of three blocks.
void swapFirstBlocks(const float *from, float *to, int64_t runs,
                     int64_t block) {
  size_t n = static_cast<size_t>(block);
  for (int64_t r = 0; r < runs; ++r, from += 3 * n, to += 3 * n) {
    std::memcpy(to, from + n, n * sizeof(float));
    std::memcpy(to + n, from, n * sizeof(float));
    std::memcpy(to + 2 * n, from + 2 * n, n * sizeof(float));
  }
}
} // namespace

void permuteGateBlocks(const float *from, float *to, int64_t hidden,
                       int64_t inputs, bool inputMajor) {
  // [G*H, K] is one run of gate blocks of H*K floats; [K, G*H] is K runs
  // of gate blocks of H.
  if (inputMajor)
    swapFirstBlocks(from, to, inputs, hidden);
  else
    swapFirstBlocks(from, to, 1, hidden * inputs);
}

void combineBias(int cell, int64_t hidden, const float *bih, const float *bhh,
                 float *bias) {
  int64_t h = hidden;
  if (!permutesGates(cell)) {
    for (int64_t i = 0; i < gateCount(cell) * h; ++i)
      bias[i] = bih[i] + bhh[i];
    return;
  }
  bool lbr = isLinearBeforeReset(cell);
  for (int64_t j = 0; j < h; ++j) {
    bias[j] = bih[h + j] + bhh[h + j]; // u = z
    bias[h + j] = bih[j] + bhh[j];     // r
    if (!lbr) {
      bias[2 * h + j] = bih[2 * h + j] + bhh[2 * h + j]; // o
      continue;
    }
    bias[2 * h + j] = bih[2 * h + j]; // o: input part
    bias[3 * h + j] = bhh[2 * h + j]; // u': hidden part
  }
}

void splitBiasGradient(int cell, int64_t hidden, const float *diffBias,
                       float *dbih, float *dbhh) {
  int64_t h = hidden;
  const float *d = diffBias;
  if (!permutesGates(cell)) {
    std::copy(d, d + gateCount(cell) * h, dbih);
    std::copy(d, d + gateCount(cell) * h, dbhh);
    return;
  }
  bool lbr = isLinearBeforeReset(cell);
  for (int64_t j = 0; j < h; ++j) {
    dbih[j] = dbhh[j] = d[h + j];               // r
    dbih[h + j] = dbhh[h + j] = d[j];           // z = u
    dbih[2 * h + j] = d[2 * h + j];             // n: input part
    dbhh[2 * h + j] = d[(lbr ? 3 : 2) * h + j]; // n: hidden part
  }
}

} // namespace rnnc::rt::onednn
