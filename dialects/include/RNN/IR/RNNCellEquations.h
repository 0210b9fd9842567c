//===- RNNCellEquations.h - each cell's equations, written once -*- C++ -*-===//
//
// The one definition of what every cell kind computes in one time step, as
// a small expression tree over the step input x, the states (h, then c)
// and the gates' affine pre-activations. rnn-decompose-layers builds a
// scan body from it (gates fused into one product per weight) and
// rnn-recognize-cells matches user-written scan bodies against it (per-gate
// or fused products, sums and products in any order); a round-trip test
// (test/Transforms/decompose-recognize-roundtrip.mlir) keeps the two in step.
// The table is in RNNCellEquations.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_RNNCELLEQUATIONS_H
#define RNN_IR_RNNCELLEQUATIONS_H

#include "RNN/IR/RNNLayers.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace mlir::rnn {

/// One node of a cell's equations; nodes refer to each other by index in
/// CellEquations::nodes.
struct CellTerm {
  enum class Kind {
    /// x @ W_x[k] + o @ W_h[k] + b_x[k] + b_h[k], the pre-activation of
    /// gate `index`; o is h unless `operands` names another value
    /// (d2l's reset-before GRU multiplies (r * h) by W_hn).
    Gate,
    /// x @ W_x[k] + b_x[k] alone (PyTorch's GRU keeps the parts apart).
    InputPart,
    /// o @ W_h[k] + b_h[k] alone.
    HiddenPart,
    /// State `index` at the start of the step (0: h, 1: c).
    State,
    /// The value of let-binding `index` (CellEquations::lets).
    Ref,
    /// The constant 1 (only in alternative forms the recogniser accepts).
    One,
    Sigmoid,
    Tanh,
    Relu,
    Add,
    Sub,
    Mul,
    /// Equal forms: the first is built, any is recognised.
    AnyOf,
  };
  Kind kind;
  int index = -1;
  llvm::SmallVector<int, 2> operands;
};

/// A cell's step: `next[s]` computes state s after the step; `next[0]`
/// (h') is also the per-step output. `lets` are shared subexpressions,
/// built in their order before `next`.
struct CellEquations {
  CellKind cell;
  int64_t gates = 1;
  int64_t states = 1;
  std::vector<CellTerm> nodes;
  std::vector<int> lets;
  std::vector<int> next;

  const CellTerm &node(int id) const { return nodes[id]; }
  /// The node multiplied by gate `gate`'s hidden weights (-1: state h).
  int hiddenOperand(int64_t gate) const;
  /// Whether every gate is used whole with h as its hidden operand, so
  /// that one fused sum x @ W_ih + b_ih + h @ W_hh + b_hh serves them all.
  bool gatesFuse() const;
};

/// The equations of `cell`.
const CellEquations &cellEquations(CellKind cell);

/// Every cell kind, in CellKinds.def's order.
llvm::ArrayRef<CellKind> allCellKinds();

} // namespace mlir::rnn

#endif // RNN_IR_RNNCELLEQUATIONS_H
