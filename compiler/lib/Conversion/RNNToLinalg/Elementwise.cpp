//===- Elementwise.cpp - elementwise rnn ops to linalg.generic
//-------------===//
//
// Unary and binary elementwise ops (binary ones broadcasting through their
// indexing maps), rnn.fill and rnn.broadcast. Every function is written
// with the arith and math ops every target lowers (no log1p or powf,
// which SPIR-V lacks for f64).
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

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

/// log(1 + u) for u >= 0 accurate where 1 + u rounds (Goldberg's form,
/// with log alone, which every target has): w = 1 + u; u where w == 1,
/// else log(w) u / (w - 1).
Value log1p(OpBuilder &b, Location l, Value u) {
  Value one = constantLike(b, l, u, 1.0);
  Value w = b.create<arith::AddFOp>(l, one, u);
  Value ratio = b.create<arith::DivFOp>(l, u, b.create<arith::SubFOp>(l, w, one));
  Value scaled = b.create<arith::MulFOp>(l, b.create<math::LogOp>(l, w), ratio);
  Value exact = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OEQ, w, one);
  return b.create<arith::SelectOp>(l, exact, u, scaled);
}

/// softplus(x) = max(x, 0) + log1p(exp(-|x|)): no overflow, and exp(x)
/// to rounding for very negative x.
Value softplus(OpBuilder &b, Location l, Value x) {
  Value negAbs = b.create<arith::NegFOp>(l, b.create<math::AbsFOp>(l, x));
  Value tail = log1p(b, l, b.create<math::ExpOp>(l, negAbs));
  Value ramp = b.create<arith::MaximumFOp>(l, x, constantLike(b, l, x, 0.0));
  return b.create<arith::AddFOp>(l, ramp, tail);
}

/// x^n for an integer n by repeated squaring (x^0 = 1).
Value integerPower(OpBuilder &b, Location l, Value x, int64_t n) {
  Value result, square = x;
  for (uint64_t e = static_cast<uint64_t>(n < 0 ? -n : n); e; e >>= 1) {
    if (e & 1)
      result = result ? b.create<arith::MulFOp>(l, result, square).getResult()
                      : square;
    if (e > 1)
      square = b.create<arith::MulFOp>(l, square, square);
  }
  Value one = constantLike(b, l, x, 1.0);
  if (!result)
    return one;
  return n < 0 ? b.create<arith::DivFOp>(l, one, result).getResult() : result;
}

/// Integer exponents up to this size are repeated multiplication.
constexpr double kLargestIntegerPower = 64;

struct PowLowering : OpRewritePattern<PowOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PowOp op,
                                PatternRewriter &rewriter) const override {
    double c = op.getExponent().convertToDouble();
    Value result = elementwise(
        rewriter, op.getLoc(), op.getType(), {op.getInput()},
        [&](OpBuilder &b, Location l, ValueRange x) -> Value {
          if (c == std::trunc(c) && std::abs(c) <= kLargestIntegerPower)
            return integerPower(b, l, x[0], static_cast<int64_t>(c));
          if (c == 0.5)
            return b.create<math::SqrtOp>(l, x[0]);
          Value log = b.create<math::LogOp>(l, x[0]);
          return b.create<math::ExpOp>(
              l, b.create<arith::MulFOp>(l, log, constantLike(b, l, x[0], c)));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ClampLowering : OpRewritePattern<ClampOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClampOp op,
                                PatternRewriter &rewriter) const override {
    double lo = op.getLo().convertToDouble(), hi = op.getHi().convertToDouble();
    Value result = elementwise(
        rewriter, op.getLoc(), op.getType(), {op.getInput()},
        [&](OpBuilder &b, Location l, ValueRange x) -> Value {
          Value low = b.create<arith::MaximumFOp>(l, x[0],
                                                  constantLike(b, l, x[0], lo));
          return b.create<arith::MinimumFOp>(l, low,
                                             constantLike(b, l, x[0], hi));
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
  patterns.add<UnaryLowering<AbsOp>>(
      ctx, [](OpBuilder &b, Location l, Value x) -> Value {
        return b.create<math::AbsFOp>(l, x);
      });
  patterns.add<UnaryLowering<SoftplusOp>>(ctx, softplus);
  patterns.add<BinaryLowering<AddOp, arith::AddFOp>,
               BinaryLowering<SubOp, arith::SubFOp>,
               BinaryLowering<MulOp, arith::MulFOp>,
               BinaryLowering<DivOp, arith::DivFOp>,
               BinaryLowering<MaxOp, arith::MaximumFOp>,
               BinaryLowering<MinOp, arith::MinimumFOp>, PowLowering,
               ClampLowering, FillLowering, BroadcastLowering>(ctx);
}
