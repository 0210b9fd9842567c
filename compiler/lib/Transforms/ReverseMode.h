//===- ReverseMode.h - reverse-mode differentiation of rnn code --*- C++ -*-===//
//
// The driver rnn-derive-bptt (train_step: the loss's gradient) and
// rnn-derive-vjp (vjp: given adjoints of every result) share: activity
// analysis, reverse traversal with each op's adjoint rule
// (RNNGradients.cpp), adjoint accumulation, parameter gradients and the
// reverse scan of rnn.scan (DeriveBPTT's description in Passes.td).
// Private to the Transforms library.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TRANSFORMS_REVERSEMODE_H
#define RNNC_TRANSFORMS_REVERSEMODE_H

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace rnnc::bptt {

using namespace mlir;
using namespace mlir::rnn;

inline bool isDifferentiable(mlir::Value v) {
  auto type = llvm::dyn_cast<RankedTensorType>(v.getType());
  return type && llvm::isa<FloatType>(type.getElementType());
}

/// How the carried state adjoint is cut between steps.
struct TruncationConfig {
  enum Kind { Full, Truncated, Randomized } kind = Full;
  int64_t steps = 0;
  double probability = 0.5;
  int64_t seed = 0;
};

/// Reverse-mode differentiation of straight-line code (a function body or
/// a scan body), with the adjoints of values summed in `adjoints`.
class ReverseMode {
public:
  ReverseMode(OpBuilder &builder, const TruncationConfig &truncation)
      : b(builder), truncation(truncation) {}

  /// Activity analysis: a value needs an adjoint only if it depends on a
  /// parameter. Marks the results of `ops` (in program order) active when
  /// they read a parameter or use an active value (for a scan, also through
  /// the values its body captures).
  void markActive(llvm::ArrayRef<Operation *> ops) {
    for (Operation *op : ops) {
      bool isActive = llvm::isa<ParamReadOp>(op) ||
                      llvm::any_of(op->getOperands(),
                                   [&](Value v) { return active.contains(v); });
      if (auto scan = llvm::dyn_cast<ScanOp>(op)) {
        isActive |= llvm::any_of(capturedValues(scan.getBody()),
                                 [&](Value v) { return active.contains(v); });
        // A parameter read inside the body makes the scan active too (the
        // backward pass then reports that it cannot handle it).
        isActive |=
            scan.getBody()
                .walk([](ParamReadOp) { return WalkResult::interrupt(); })
                .wasInterrupted();
      }
      if (isActive)
        for (Value result : op->getResults())
          if (isDifferentiable(result))
            active.insert(result);
    }
  }
  void seedActive(Value v) { active.insert(v); }
  bool isActive(Value v) const { return active.contains(v); }

  /// Values used in `region` but defined outside it.
  static llvm::SetVector<Value> capturedValues(Region &region) {
    llvm::SetVector<Value> captured;
    region.walk([&](Operation *op) {
      for (Value operand : op->getOperands())
        if (!region.isAncestor(operand.getParentRegion()))
          captured.insert(operand);
    });
    return captured;
  }

  /// Adds `adjoint` to the adjoint of `value` (if `value` is active).
  void accumulate(Value value, Value adjoint) {
    if (!adjoint || !isDifferentiable(value) || !active.contains(value))
      return;
    if (adjoint.getType() != value.getType())
      adjoint =
          b.create<tensor::CastOp>(value.getLoc(), value.getType(), adjoint);
    Value &slot = adjoints[value];
    slot = slot
               ? b.create<AddOp>(value.getLoc(), value.getType(), slot, adjoint)
                     .getResult()
               : adjoint;
  }

  Value adjointOf(Value value) const { return adjoints.lookup(value); }

  /// Visits `ops` (in program order) backwards. `allowTopLevel` permits
  /// parameter reads and scans (function level only).
  LogicalResult backprop(llvm::ArrayRef<Operation *> ops, bool allowTopLevel);

  /// Gradients of parameters, keyed by symbol name.
  llvm::MapVector<StringAttr, Value> paramGrads;

private:
  LogicalResult visit(Operation *op, bool allowTopLevel);
  LogicalResult differentiateScan(ScanOp scan);

  OpBuilder &b;
  const TruncationConfig &truncation;
  DenseMap<Value, Value> adjoints;
  DenseSet<Value> active;
};

/// A clone of `model`'s @forward named `name` and marked with the unit
/// attribute `marker`, placed after forward; null (and success) when the
/// model already has a function of that name carrying the marker (derived
/// before: a dumped module compiled on keeps it, edits included). Errors:
/// no forward, or an unmarked function of that name.
FailureOr<func::FuncOp> cloneForward(ModelOp model, llvm::StringRef name,
                                     llvm::StringRef marker);

/// Appends to `results` (with its `types` and result `attrs`) the gradient
/// of every parameter of `model`, in the model's order: what `reverse`
/// found, zeros for a parameter no adjoint reached; attributes
/// `rnn.grad = NAME` and the parameter's dimension names.
void appendParameterGradients(OpBuilder &b, Location loc, ModelOp model,
                              const ReverseMode &reverse,
                              llvm::SmallVectorImpl<Value> &results,
                              llvm::SmallVectorImpl<Type> &types,
                              llvm::SmallVectorImpl<DictionaryAttr> &attrs);

} // namespace rnnc::bptt

#endif // RNNC_TRANSFORMS_REVERSEMODE_H
