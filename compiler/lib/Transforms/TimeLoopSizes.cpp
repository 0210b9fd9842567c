//===- TimeLoopSizes.cpp - sizes in time loops read from before the loop --===//
//
// See TimeLoopSizes.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/TimeLoopSizes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

namespace {
struct DimOfTimeLoopArgument : OpRewritePattern<tensor::DimOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::DimOp dim,
                                PatternRewriter &rewriter) const override {
    auto arg = llvm::dyn_cast<BlockArgument>(dim.getSource());
    if (!arg)
      return failure();
    auto loop = llvm::dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
    if (!loop || !loop->hasAttr("rnn.time_loop") ||
        arg.getArgNumber() < loop.getNumInductionVars())
      return failure();
    Value init = loop.getInitArgs()[arg.getArgNumber() -
                                    loop.getNumInductionVars()];
    std::optional<int64_t> index = getConstantIntValue(dim.getIndex());
    if (!index)
      return failure();
    rewriter.setInsertionPoint(loop);
    Value outside = rewriter.create<tensor::DimOp>(dim.getLoc(), init, *index);
    rewriter.replaceOp(dim, outside);
    return success();
  }
};
} // namespace

void rnnc::populateTimeLoopSizePatterns(RewritePatternSet &patterns) {
  patterns.add<DimOfTimeLoopArgument>(patterns.getContext());
}
