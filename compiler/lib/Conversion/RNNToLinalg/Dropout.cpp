//===- Dropout.cpp - rnn.dropout to generated code
//-------------------------===//
//
// Inverted dropout as one linalg.generic: element x at position p becomes
// x / (1 - rate) when u(seed, step, p) >= rate and 0 otherwise, with u the
// counter-based uniform draw of RandomStreams.cpp. The adjoint of a
// dropout is a dropout with the same seed on a tensor of the same shape
// in the same train_step call, so it draws the same mask.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {
struct DropoutLowering : OpRewritePattern<DropoutOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DropoutOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double rate = op.getRate().convertToDouble();
    if (rate <= 0) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    Value key = seededStep(rewriter, loc, static_cast<int64_t>(op.getSeed()),
                           trainingStep(rewriter, op));
    std::optional<uint64_t> batchDim = op.getBatchDim();
    Value rowOffset = batchDim ? batchOffset(rewriter, op) : Value();
    RankedTensorType type = op.getType();
    Type element = type.getElementType();
    int64_t rank = type.getRank();
    Value result = generic(
        rewriter, loc, type, dynamicSizesOf(rewriter, loc, op.getInput()),
        op.getInput(), {AffineMap::getMultiDimIdentityMap(rank, getContext())},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          llvm::SmallVector<Value> position;
          for (int64_t d = 0; d < rank; ++d) {
            Value index = b.create<linalg::IndexOp>(l, d);
            if (batchDim && static_cast<int64_t>(*batchDim) == d)
              index = b.create<arith::AddIOp>(l, index, rowOffset);
            position.push_back(index);
          }
          Value u = uniformDraw(b, l, key, position);
          Value keep = b.create<arith::CmpFOp>(
              l, arith::CmpFPredicate::OGE, u,
              b.create<arith::ConstantOp>(l, b.getF64FloatAttr(rate)));
          Value scaled = b.create<arith::MulFOp>(
              l, args[0],
              b.create<arith::ConstantOp>(
                  l, b.getFloatAttr(element, 1.0 / (1.0 - rate))));
          Value zero =
              b.create<arith::ConstantOp>(l, b.getFloatAttr(element, 0.0));
          return b.create<arith::SelectOp>(l, keep, scaled, zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void rnnc::rnn_to_linalg::populateDropoutPatterns(RewritePatternSet &patterns) {
  patterns.add<DropoutLowering>(patterns.getContext());
}
