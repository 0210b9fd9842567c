//===- Elementwise.cpp - elementwise rnn ops to linalg.generic
//-------------===//
//
// Unary and binary elementwise ops (binary ones broadcasting through their
// indexing maps), rnn.fill and rnn.broadcast.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

/// A linalg.generic over the result's shape reading `inputs` (broadcast)
/// and computing each element with `body`.
Value elementwise(PatternRewriter &rewriter, Location loc,
                  RankedTensorType type, ValueRange inputs,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  llvm::SmallVector<Value> sizes = broadcastSizes(rewriter, loc, type, inputs);
  Value init = emptyTensor(rewriter, loc, type, sizes);
  MLIRContext *ctx = rewriter.getContext();
  llvm::SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(broadcastMap(ctx, input.getType(), type));
  maps.push_back(AffineMap::getMultiDimIdentityMap(type.getRank(), ctx));
  llvm::SmallVector<utils::IteratorType> iterators(
      type.getRank(), utils::IteratorType::parallel);
  auto generic = rewriter.create<linalg::GenericOp>(
      loc, type, inputs, init, maps, iterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        b.create<linalg::YieldOp>(l, body(b, l, args.drop_back()));
      });
  return generic.getResult(0);
}

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return b.create<arith::ConstantOp>(loc,
                                     b.getFloatAttr(like.getType(), value));
}

template <typename OpT> struct UnaryLowering : OpRewritePattern<OpT> {
  using BodyFn = Value (*)(OpBuilder &, Location, Value);
  UnaryLowering(MLIRContext *ctx, BodyFn fn)
      : OpRewritePattern<OpT>(ctx), fn(fn) {}
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value result = elementwise(
        rewriter, op.getLoc(), op.getType(), {op.getInput()},
        [&](OpBuilder &b, Location l, ValueRange x) { return fn(b, l, x[0]); });
    rewriter.replaceOp(op, result);
    return success();
  }
  BodyFn fn;
};

template <typename OpT, typename ArithOp>
struct BinaryLowering : OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value result = elementwise(
        rewriter, op.getLoc(), op.getType(), {op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location l, ValueRange x) -> Value {
          return b.create<ArithOp>(l, x[0], x[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct FillLowering : OpRewritePattern<FillOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(FillOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, filledTensor(rewriter, op.getLoc(), op.getType(),
                                        op.getDynamicSizes(),
                                        op.getValue().convertToDouble()));
    return success();
  }
};

struct BroadcastLowering : OpRewritePattern<BroadcastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BroadcastOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value init = emptyTensor(rewriter, loc, type, op.getDynamicSizes());
    MLIRContext *ctx = rewriter.getContext();
    llvm::SmallVector<AffineMap> maps{
        broadcastMap(ctx, op.getInput().getType(), type),
        AffineMap::getMultiDimIdentityMap(type.getRank(), ctx)};
    llvm::SmallVector<utils::IteratorType> iterators(
        type.getRank(), utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, type, ValueRange{op.getInput()}, init, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          b.create<linalg::YieldOp>(l, args[0]);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateElementwisePatterns(
    RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<UnaryLowering<TanhOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        return b.create<math::TanhOp>(l, x);
      });
  patterns.add<UnaryLowering<SigmoidOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        // 1 / (1 + exp(-x))
        Value e = b.create<math::ExpOp>(l, b.create<arith::NegFOp>(l, x));
        Value one = constantLike(b, l, x, 1.0);
        return b.create<arith::DivFOp>(l, one,
                                       b.create<arith::AddFOp>(l, one, e));
      });
  patterns.add<UnaryLowering<ReluOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        return b.create<arith::MaximumFOp>(l, x, constantLike(b, l, x, 0.0));
      });
  patterns.add<UnaryLowering<StepOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        Value positive = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT,
                                                 x, constantLike(b, l, x, 0.0));
        return b.create<arith::SelectOp>(l, positive,
                                         constantLike(b, l, x, 1.0),
                                         constantLike(b, l, x, 0.0));
      });
  patterns.add<UnaryLowering<ExpOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        return b.create<math::ExpOp>(l, x);
      });
  patterns.add<UnaryLowering<LogOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        return b.create<math::LogOp>(l, x);
      });
  patterns.add<UnaryLowering<NegOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        return b.create<arith::NegFOp>(l, x);
      });
  patterns.add<UnaryLowering<SqrtOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        return b.create<math::SqrtOp>(l, x);
      });
  patterns.add<BinaryLowering<AddOp, arith::AddFOp>,
               BinaryLowering<SubOp, arith::SubFOp>,
               BinaryLowering<MulOp, arith::MulFOp>,
               BinaryLowering<DivOp, arith::DivFOp>, FillLowering,
               BroadcastLowering>(ctx);
}
