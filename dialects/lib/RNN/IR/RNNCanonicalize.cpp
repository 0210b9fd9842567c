//===- RNNCanonicalize.cpp - canonicalization patterns of the rnn ops -----===//
//
// rnn.scan: sequences whose step slices the body never reads are dropped.
// They appear after rnn-hoist-input-projection, which moves the reads of
// x_t out of the loop, and after rnn-derive-bptt, whose reverse scan
// receives every forward sequence. One sequence is always kept: the scan
// takes its number of steps from its sequences. Stacked outputs nothing
// reads are dropped too: rnn-derive-bptt saves every product that reads
// the state, and the reverse scan may not need them all.
//
// rnn.broadcast of `rnn.select %s along 0 at 0` back to %s's type (a
// [1, B, H] state unstacked and stacked again, as rnn-decompose-layers and
// rnn-recognize-cells leave it) folds to %s.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/BitVector.h"

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// A scan like `op` (inits, direction, attributes) with these result types
/// and sequences, which takes `op`'s body over unchanged.
ScanOp rebuiltWithBody(PatternRewriter &rewriter, ScanOp op, TypeRange types,
                       ValueRange sequences) {
  auto scan = rewriter.create<ScanOp>(op.getLoc(), types, sequences,
                                      op.getInits(), op.getDirection());
  scan->setDiscardableAttrs(op->getDiscardableAttrDictionary());
  rewriter.inlineRegionBefore(op.getBody(), scan.getBody(),
                              scan.getBody().end());
  return scan;
}

struct DropUnreadScanSequences : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    Block &body = op.getBodyBlock();
    size_t numSeqs = op.getSequences().size();
    llvm::BitVector unread(numSeqs);
    for (size_t i = 0; i < numSeqs; ++i)
      unread[i] = body.getArgument(i).use_empty();
    if (unread.none())
      return failure();
    if (unread.all()) {
      // Keep the sequence that knows the most about the number of steps.
      size_t keep = 0;
      for (size_t i = 0; i < numSeqs; ++i)
        if (!ShapedType::isDynamic(
                cast<RankedTensorType>(op.getSequences()[i].getType())
                    .getDimSize(0))) {
          keep = i;
          break;
        }
      unread.reset(keep);
      if (unread.none())
        return failure();
    }

    llvm::SmallVector<Value> sequences;
    for (size_t i = 0; i < numSeqs; ++i)
      if (!unread[i])
        sequences.push_back(op.getSequences()[i]);
    ScanOp scan =
        rebuiltWithBody(rewriter, op, op.getResultTypes(), sequences);
    rewriter.modifyOpInPlace(
        scan, [&] { scan.getBodyBlock().eraseArguments(unread); });
    rewriter.replaceOp(op, scan.getResults());
    return success();
  }
};

struct DropUnusedStackedOutputs : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    size_t numStates = op.getInits().size();
    llvm::BitVector unused(op.getNumResults());
    for (auto [i, output] : llvm::enumerate(op.getStackedOutputs()))
      unused[numStates + i] = output.use_empty();
    if (unused.none())
      return failure();

    llvm::SmallVector<Type> types;
    for (auto [i, result] : llvm::enumerate(op.getResults()))
      if (!unused[i])
        types.push_back(result.getType());
    ScanOp scan = rebuiltWithBody(rewriter, op, types, op.getSequences());
    Operation *yield = scan.getBodyBlock().getTerminator();
    rewriter.modifyOpInPlace(yield, [&] {
      for (int i = static_cast<int>(unused.size()) - 1; i >= 0; --i)
        if (unused[i])
          yield->eraseOperand(i);
    });
    llvm::SmallVector<Value> replacements;
    auto kept = scan.getResults().begin();
    for (size_t i = 0; i < unused.size(); ++i)
      replacements.push_back(unused[i] ? Value() : *kept++);
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

} // namespace

void ScanOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<DropUnreadScanSequences, DropUnusedStackedOutputs>(context);
}

OpFoldResult BroadcastOp::fold(FoldAdaptor) {
  auto select = getInput().getDefiningOp<SelectOp>();
  if (!select || select.getAxis() != 0 || select.getIndex() != 0 ||
      select.getInput().getType() != getType() ||
      getType().getDimSize(0) != 1)
    return {};
  return select.getInput();
}
