//===- RNNBuilders.h - IR-building helpers over rnn tensors ----*- C++ -*-===//
//
// Small builders used by the adjoint rules, the BPTT pass and the lowering:
// zeros shaped like a value, re-inserting reduced dimensions as units, and
// the one constructor of whole-sequence layer ops from a cell kind.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_RNNBUILDERS_H
#define RNN_IR_RNNBUILDERS_H

#include "RNN/IR/RNNAttrs.h"
#include "RNN/IR/RNNLayers.h"

#include "mlir/IR/Builders.h"

namespace mlir::rnn {

/// An rnn.fill of zeros shaped like `like` (dynamic sizes via tensor.dim).
Value zerosLike(OpBuilder &b, Location loc, Value like);

/// `reduced` is `input` reduced over `dims` without keep_dims; returns it
/// with those dimensions re-inserted as size 1 (tensor.expand_shape).
Value expandReducedDims(OpBuilder &b, Location loc, Value reduced, Value input,
                        llvm::ArrayRef<int64_t> dims);

/// The attributes of a whole-sequence layer besides its cell kind.
struct LayerConfig {
  Direction direction = Direction::forward;
  int64_t hidden = 0;
  int64_t layers = 1;
  double dropout = 0.0;
  bool inputMajor = false;
};

/// The forward layer op of `cell` (rnn.vanilla with its activation,
/// rnn.gru with or without reset_before, rnn.lstm) over `input`, the
/// initial `states` and the `weights` in PyTorch's order; `resultTypes`
/// are the output's and the final states'. The only place that maps a
/// cell kind to an op (the ops map back with their `cellKind()`).
Operation *createLayerOp(OpBuilder &b, Location loc, CellKind cell,
                         const LayerConfig &config, Value input,
                         ValueRange states, ValueRange weights,
                         TypeRange resultTypes);

} // namespace mlir::rnn

#endif // RNN_IR_RNNBUILDERS_H
