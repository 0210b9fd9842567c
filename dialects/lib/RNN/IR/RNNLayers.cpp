//===- RNNLayers.cpp - cell kinds and weights of the layer ops ------------===//
//
// The facts of RNNLayers.h, read off rnnc/runtime/CellKinds.def.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNLayers.h"

using namespace mlir::rnn;

int64_t mlir::rnn::gateCount(CellKind cell) {
  switch (cell) {
#define RNNC_CELL(Enumerator, Abi, Gates, CellState, Description)              \
  case CellKind::Enumerator:                                                   \
    return Gates;
#include "rnnc/runtime/CellKinds.def"
  }
  return 1;
}

bool mlir::rnn::hasCellState(CellKind cell) {
  switch (cell) {
#define RNNC_CELL(Enumerator, Abi, Gates, CellState, Description)              \
  case CellKind::Enumerator:                                                   \
    return CellState;
#include "rnnc/runtime/CellKinds.def"
  }
  return false;
}

std::string mlir::rnn::layerWeightName(LayerWeight weight, int64_t layer,
                                       int64_t direction) {
  static const char *const kNames[] = {"weight_ih", "weight_hh", "bias_ih",
                                       "bias_hh"};
  return std::string(kNames[static_cast<int64_t>(weight)]) + "_l" +
         std::to_string(layer) + (direction == 1 ? "_reverse" : "");
}
