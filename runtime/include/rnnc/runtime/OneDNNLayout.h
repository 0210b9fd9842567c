//===- OneDNNLayout.h - PyTorch's layouts against oneDNN's ----*- C++ -*-===//
//
// The pure layout arithmetic between a recurrent layer's parameters as the
// model holds them (PyTorch's: w_ih [G*H, I], w_hh [G*H, H], or their
// input-major transposes; b_ih and b_hh [G*H]; the GRU's gate blocks in
// the order r, z, n) and what oneDNN's RNN primitives take (gates u, r, o
// for the GRU, one bias per gate, and a fourth bias for the
// linear-before-reset GRU). No oneDNN types: OneDNNLayers.cpp feeds these
// into the primitives, and the unit tests check them on their own.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_ONEDNNLAYOUT_H
#define RNNC_RUNTIME_ONEDNNLAYOUT_H

#include <cstdint>

namespace rnnc::rt::onednn {

/// The cell of a layer call's configuration word (RNNC_RT_CELL_*).
int cellOf(int64_t config);

/// Gates per hidden unit: 1 (vanilla), 3 (GRU) or 4 (LSTM).
int64_t gateCount(int cell);

/// Bias blocks oneDNN takes: the gates, plus one for PyTorch's GRU (the
/// hidden part of the candidate's bias, applied inside the reset gate).
int64_t biasGateCount(int cell);

/// Whether the layer carries a cell state next to h (the LSTM).
bool hasCellState(int cell);

/// Whether the user's gate blocks are in another order than oneDNN's
/// (both GRUs: PyTorch's r, z, n against oneDNN's u(=z), r, o).
bool permutesGates(int cell);

/// PyTorch's GRU: oneDNN's lbr_gru (the fourth bias block).
bool isLinearBeforeReset(int cell);

/// A weight matrix of `hidden` units and input size `inputs` between the
/// user's gate order and oneDNN's (the GRU's first two gate blocks
/// swapped; its own inverse). `inputMajor`: [inputs, G*H], else
/// [G*H, inputs]. `from` and `to` must not overlap.
void permuteGateBlocks(const float *from, float *to, int64_t hidden,
                       int64_t inputs, bool inputMajor);

/// oneDNN's bias (biasGateCount(cell) * hidden floats) from b_ih and b_hh
/// (gateCount(cell) * hidden each).
void combineBias(int cell, int64_t hidden, const float *bih, const float *bhh,
                 float *bias);

/// The gradients of b_ih and b_hh from that of oneDNN's bias: the adjoint
/// of combineBias.
void splitBiasGradient(int cell, int64_t hidden, const float *diffBias,
                       float *dbih, float *dbhh);

} // namespace rnnc::rt::onednn

#endif // RNNC_RUNTIME_ONEDNNLAYOUT_H
