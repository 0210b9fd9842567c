//===- Truncation.cpp - rnn.truncation_mask to generated code
//--------------===//
//
// The per-step multipliers of truncated BPTT as one linalg.generic over t:
//   truncated(k):        m[t] = (t mod k == 0) ? 0 : 1
//   randomized(pi):      m[t] = (u(seed, n, t) < pi) ? 1/pi : 0
// where u is a uniform draw in [0, 1) keyed by the seed, the training step
// and t (RandomStreams.cpp): each training step draws fresh multipliers,
// reproducibly.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

struct TruncationMaskLowering : OpRewritePattern<TruncationMaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TruncationMaskOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type element = type.getElementType();
    bool randomized = op.getKind() == Truncation::randomized;
    Value key = randomized ? seededStep(rewriter, loc, op.getSeed(),
                                        trainingStep(rewriter, op))
                           : Value();
    int64_t steps = op.getSteps().value_or(1);
    double probability =
        op.getProbability().value_or(llvm::APFloat(1.0)).convertToDouble();
    auto floatConst = [&](OpBuilder &b, double v) -> Value {
      return b.create<arith::ConstantOp>(loc, b.getFloatAttr(element, v));
    };

    Value mask = generic(
        rewriter, loc, type, op.getDynamicSizes(), ValueRange{}, {},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          Value t = b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, 0));
          Value zero = floatConst(b, 0.0);
          if (!randomized) {
            Value k = b.create<arith::ConstantIntOp>(l, steps, 64);
            Value atCut = b.create<arith::CmpIOp>(
                l, arith::CmpIPredicate::eq, b.create<arith::RemUIOp>(l, t, k),
                b.create<arith::ConstantIntOp>(l, 0, 64));
            return b.create<arith::SelectOp>(l, atCut, zero,
                                             floatConst(b, 1.0));
          }
          Value index = b.create<linalg::IndexOp>(l, 0);
          Value u = uniformDraw(b, l, key, index);
          Value keep = b.create<arith::CmpFOp>(
              l, arith::CmpFPredicate::OLT, u,
              b.create<arith::ConstantOp>(l, b.getF64FloatAttr(probability)));
          return b.create<arith::SelectOp>(
              l, keep, floatConst(b, 1.0 / probability), zero);
        });
    rewriter.replaceOp(op, mask);
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateTruncationPatterns(
    RewritePatternSet &patterns) {
  patterns.add<TruncationMaskLowering>(patterns.getContext());
}
