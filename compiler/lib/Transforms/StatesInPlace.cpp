//===- StatesInPlace.cpp - next states written over the current ones ------===//
//
// See the description of rnn-states-in-place in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "rnnc/Transforms/TimeLoopSizes.h"

namespace rnnc {
#define GEN_PASS_DEF_STATESINPLACE
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// The fresh tensor that `state` is written into, in `loop`'s body: the
/// `tensor.empty` destination of an elementwise generic that does not read
/// it, or that of the `linalg.fill` that a contraction accumulates into (a
/// carried adjoint `dh W`). A fill outside the loop or with other users
/// (CSE makes the equal zero fills of a function one, the initial states'
/// included) is first cloned in front of the contraction, for it alone.
OpOperand *freshDestination(scf::ForOp loop, Value state) {
  auto op = state.getDefiningOp<linalg::LinalgOp>();
  if (!op || op->getBlock() != loop.getBody())
    return nullptr;
  OpOperand *init =
      op.getDpsInitOperand(llvm::cast<OpResult>(state).getResultNumber());
  auto fill = init->get().getDefiningOp<linalg::FillOp>();
  if (fill && op.getNumReductionLoops() > 0) {
    if (!fill.getDpsInitOperand(0)->get().getDefiningOp<tensor::EmptyOp>())
      return nullptr;
    if (fill->getBlock() != loop.getBody() || !fill->hasOneUse()) {
      OpBuilder builder(op);
      fill = llvm::cast<linalg::FillOp>(builder.clone(*fill));
      init->set(fill.getResult(0));
    }
    return fill.getDpsInitOperand(0);
  }
  bool elementwise = op.getNumParallelLoops() == op.getNumLoops() &&
                     op.getMatchingIndexingMap(init).isIdentity() &&
                     !op.payloadUsesValueFromOperand(init);
  return elementwise && init->get().getDefiningOp<tensor::EmptyOp>() ? init
                                                                      : nullptr;
}

struct StatesInPlacePass : rnnc::impl::StatesInPlaceBase<StatesInPlacePass> {
  void runOnOperation() override {
    rewireDestinations();
    // A size of a rewritten state (tensor.dim of the generic's result,
    // which folds to its destination) now reads the iteration argument:
    // read it before the loop, so that the step's temporaries stay sized
    // by loop-invariant values (TimeLoopSizes.h).
    RewritePatternSet patterns(&getContext());
    tensor::DimOp::getCanonicalizationPatterns(patterns, &getContext());
    rnnc::populateTimeLoopSizePatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }

  void rewireDestinations() {
    getOperation()->walk([](scf::ForOp loop) {
      if (!loop->hasAttr("rnn.time_loop"))
        return;
      auto yield = llvm::cast<scf::YieldOp>(loop.getBody()->getTerminator());
      for (auto [index, state] : llvm::enumerate(yield.getOperands())) {
        BlockArgument current = loop.getRegionIterArg(index);
        if (state.getType() != current.getType())
          continue;
        if (OpOperand *destination = freshDestination(loop, state))
          destination->set(current);
        else if (isSliceOfStepValue(loop, state))
          copyIntoState(yield, index, current);
      }
    });
  }

  /// A slice of a tensor the step computes (the hidden-state block of a
  /// fused `[dx, dh]` adjoint): yielded as it is, it keeps the whole
  /// tensor's buffer alive into the next step, so that buffer cannot be
  /// allocated once per call.
  static bool isSliceOfStepValue(scf::ForOp loop, Value state) {
    auto slice = state.getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice || slice->getBlock() != loop.getBody())
      return false;
    Operation *source = slice.getSource().getDefiningOp();
    return source && source->getBlock() == loop.getBody();
  }

  /// Yields a copy of the `index`th state into the iteration argument
  /// `current` instead: a copy of one state per step in place of one
  /// allocation of the tensor it was sliced from.
  static void copyIntoState(scf::YieldOp yield, unsigned index,
                            BlockArgument current) {
    OpBuilder builder(yield);
    Value state = yield.getOperand(index);
    auto copy = builder.create<linalg::CopyOp>(state.getLoc(), state, current);
    yield.setOperand(index, copy.getResult(0));
  }
};

} // namespace
