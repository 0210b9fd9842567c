//===- RNNLayers.h - cell kinds and weights of the layer ops -----*- C++ -*-===//
//
// What the whole-sequence layer ops (rnn.vanilla, rnn.gru, rnn.lstm and
// their backward ops) are made of: the cell kind, generated from the one
// list shared with the runtime ABI (rnnc/runtime/CellKinds.def, whose order
// is the ABI's RNNC_RT_CELL_* numbering), and the four weights of each
// layer and direction in PyTorch's order. RecurrentLayerOpInterface
// (RNNInterfaces.td) answers these questions for any layer op.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_RNNLAYERS_H
#define RNN_IR_RNNLAYERS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mlir::rnn {

/// The cell a layer runs; the underlying value is the runtime ABI's
/// RNNC_RT_CELL_* number.
enum class CellKind : int64_t {
#define RNNC_CELL(Enumerator, Abi, Gates, CellState, Description) Enumerator,
#include "rnnc/runtime/CellKinds.def"
};

/// Gate blocks stacked in each weight: 1, 3 or 4.
int64_t gateCount(CellKind cell);

/// Whether the cell carries a cell state next to h (c0, c_n).
bool hasCellState(CellKind cell);

/// The weights of one layer and direction, in PyTorch's order.
enum class LayerWeight : int64_t { WeightIH, WeightHH, BiasIH, BiasHH };
constexpr int64_t kWeightsPerLayerDirection = 4;

/// The position of `weight` of layer `layer`, direction `direction` among
/// a layer op's weights (layer-major, then direction, then PyTorch's
/// order) when it runs `directions` directions.
constexpr int64_t weightIndex(int64_t layer, int64_t direction,
                              int64_t directions, LayerWeight weight) {
  return kWeightsPerLayerDirection * (layer * directions + direction) +
         static_cast<int64_t>(weight);
}

/// PyTorch's name of `weight` of layer `layer`, direction `direction`
/// (weight_ih_l0, bias_hh_l1_reverse, ...).
std::string layerWeightName(LayerWeight weight, int64_t layer,
                            int64_t direction);

} // namespace mlir::rnn

#endif // RNN_IR_RNNLAYERS_H
