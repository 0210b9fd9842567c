//===- StatesInPlace.cpp - next states written over the current ones ------===//
//
// See the description of rnn-states-in-place in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace rnnc {
#define GEN_PASS_DEF_STATESINPLACE
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// The fresh tensor that `state` is written into, in `loop`'s body: the
/// `tensor.empty` destination of an elementwise generic that does not read
/// it, or that of the `linalg.fill` (used only here) that a contraction
/// accumulates into (a carried adjoint `dh W`).
OpOperand *freshDestination(scf::ForOp loop, Value state) {
  auto op = state.getDefiningOp<linalg::LinalgOp>();
  if (!op || op->getBlock() != loop.getBody())
    return nullptr;
  OpOperand *init =
      op.getDpsInitOperand(llvm::cast<OpResult>(state).getResultNumber());
  auto fill = init->get().getDefiningOp<linalg::FillOp>();
  if (fill && op.getNumReductionLoops() > 0) {
    OpOperand *filled = fill.getDpsInitOperand(0);
    bool fresh = fill->getBlock() == loop.getBody() && fill->hasOneUse() &&
                 filled->get().getDefiningOp<tensor::EmptyOp>();
    return fresh ? filled : nullptr;
  }
  bool elementwise = op.getNumParallelLoops() == op.getNumLoops() &&
                     op.getMatchingIndexingMap(init).isIdentity() &&
                     !op.payloadUsesValueFromOperand(init);
  return elementwise && init->get().getDefiningOp<tensor::EmptyOp>() ? init
                                                                      : nullptr;
}

struct StatesInPlacePass : rnnc::impl::StatesInPlaceBase<StatesInPlacePass> {
  void runOnOperation() override {
    getOperation()->walk([](scf::ForOp loop) {
      if (!loop->hasAttr("rnn.time_loop"))
        return;
      auto yield = llvm::cast<scf::YieldOp>(loop.getBody()->getTerminator());
      for (auto [index, state] : llvm::enumerate(yield.getOperands())) {
        BlockArgument current = loop.getRegionIterArg(index);
        OpOperand *destination = freshDestination(loop, state);
        if (destination && destination->get().getType() == current.getType())
          destination->set(current);
      }
    });
  }
};

} // namespace
