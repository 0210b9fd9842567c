//===- RNNCanonicalize.cpp - canonicalization patterns of the rnn ops -----===//
//
// rnn.scan: sequences whose step slices the body never reads are dropped.
// They appear after rnn-hoist-input-projection, which moves the reads of
// x_t out of the loop, and after rnn-derive-bptt, whose reverse scan
// receives every forward sequence. One sequence is always kept: the scan
// takes its number of steps from its sequences.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/BitVector.h"

using namespace mlir;
using namespace mlir::rnn;

namespace {

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
    auto scan = rewriter.create<ScanOp>(op.getLoc(), op.getResultTypes(),
                                        sequences, op.getInits(),
                                        op.getDirection());
    scan->setDiscardableAttrs(op->getDiscardableAttrDictionary());
    rewriter.inlineRegionBefore(op.getBody(), scan.getBody(),
                                scan.getBody().end());
    rewriter.modifyOpInPlace(
        scan, [&] { scan.getBodyBlock().eraseArguments(unread); });
    rewriter.replaceOp(op, scan.getResults());
    return success();
  }
};

} // namespace

void ScanOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<DropUnreadScanSequences>(context);
}
