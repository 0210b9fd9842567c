//===- Norm.cpp - layer normalisation and its gradient
//---------------------===//
//
// Over the last dimension N, per position:
//   mean = sum(x)/N, rstd = 1/sqrt(sum((x-mean)^2)/N + eps),
//   xhat = (x - mean) * rstd, y = xhat * gamma + beta;
// and the gradient, with dxhat = dy * gamma:
//   dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)),
//   dgamma = sum over positions of dy * xhat, dbeta = sum of dy.
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

/// The statistics of `x` over its last dimension.
struct Statistics {
  Value mean, rstd, xhat; // per position, per position, like x
};

/// N (the last dimension of `x`) as a float scalar of `element`.
Value lastSize(OpBuilder &b, Location loc, Value x, Type element) {
  Value n = b.create<tensor::DimOp>(loc, x, typeOf(x).getRank() - 1);
  return b.create<arith::SIToFPOp>(
      loc, element, b.create<arith::IndexCastOp>(loc, b.getI64Type(), n));
}

/// mean_last(x) as a per-position tensor.
Value meanLast(OpBuilder &b, Location loc, Value x, Value n) {
  Value sum = reduceLast(b, loc, x, /*max=*/false);
  auto id =
      AffineMap::getMultiDimIdentityMap(typeOf(sum).getRank(), b.getContext());
  return generic(b, loc, typeOf(sum), dynamicSizesOf(b, loc, sum), {sum}, {id},
                 [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                   return nb.create<arith::DivFOp>(l, a[0], n);
                 });
}

Statistics statistics(OpBuilder &b, Location loc, Value x, double epsilon) {
  Type element = typeOf(x).getElementType();
  MLIRContext *ctx = b.getContext();
  int64_t rank = typeOf(x).getRank();
  auto id = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap drop = dropLastMap(ctx, rank);
  Value n = lastSize(b, loc, x, element);
  Statistics s;
  s.mean = meanLast(b, loc, x, n);
  llvm::SmallVector<Value> sizes = dynamicSizesOf(b, loc, x);
  Value squares = generic(b, loc, typeOf(x), sizes, {x, s.mean}, {id, drop},
                          [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                            Value c = nb.create<arith::SubFOp>(l, a[0], a[1]);
                            return nb.create<arith::MulFOp>(l, c, c);
                          });
  Value variance = meanLast(b, loc, squares, n);
  auto posId = AffineMap::getMultiDimIdentityMap(rank - 1, ctx);
  Value eps =
      b.create<arith::ConstantOp>(loc, b.getFloatAttr(element, epsilon));
  s.rstd = generic(b, loc, typeOf(variance), dynamicSizesOf(b, loc, variance),
                   {variance}, {posId},
                   [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                     return nb.create<math::RsqrtOp>(
                         l, nb.create<arith::AddFOp>(l, a[0], eps));
                   });
  s.xhat =
      generic(b, loc, typeOf(x), sizes, {x, s.mean, s.rstd}, {id, drop, drop},
              [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                return nb.create<arith::MulFOp>(
                    l, nb.create<arith::SubFOp>(l, a[0], a[1]), a[2]);
              });
  return s;
}

/// The map of `rank` loop dimensions reading only the last one.
AffineMap lastOnlyMap(MLIRContext *ctx, int64_t rank) {
  return AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
}

/// Sums `x` over every dimension but the last.
Value sumLeading(OpBuilder &b, Location loc, Value x, RankedTensorType type) {
  llvm::SmallVector<int64_t> dims;
  for (int64_t d = 0; d + 1 < typeOf(x).getRank(); ++d)
    dims.push_back(d);
  llvm::SmallVector<Value> sizes;
  if (type.isDynamicDim(0))
    sizes.push_back(b.create<tensor::DimOp>(loc, x, typeOf(x).getRank() - 1));
  Value init = filledTensor(b, loc, type, sizes, 0.0);
  return b
      .create<linalg::ReduceOp>(
          loc, ValueRange{x}, ValueRange{init}, dims,
          [](OpBuilder &nb, Location l, ValueRange a) {
            nb.create<linalg::YieldOp>(
                l, ValueRange{nb.create<arith::AddFOp>(l, a[0], a[1])});
          })
      .getResult(0);
}

struct LayerNormLowering : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    int64_t rank = typeOf(x).getRank();
    MLIRContext *ctx = rewriter.getContext();
    Statistics s =
        statistics(rewriter, loc, x, op.getEpsilon().convertToDouble());
    auto id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap last = lastOnlyMap(ctx, rank);
    Value y =
        generic(rewriter, loc, op.getType(), dynamicSizesOf(rewriter, loc, x),
                {s.xhat, op.getGamma(), op.getBeta()}, {id, last, last},
                [](OpBuilder &b, Location l, ValueRange a) -> Value {
                  return b.create<arith::AddFOp>(
                      l, b.create<arith::MulFOp>(l, a[0], a[1]), a[2]);
                });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct LayerNormGradLowering : OpRewritePattern<LayerNormGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput(), dy = op.getDResult();
    int64_t rank = typeOf(x).getRank();
    Type element = typeOf(x).getElementType();
    MLIRContext *ctx = rewriter.getContext();
    Statistics s =
        statistics(rewriter, loc, x, op.getEpsilon().convertToDouble());
    auto id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap drop = dropLastMap(ctx, rank), last = lastOnlyMap(ctx, rank);
    llvm::SmallVector<Value> sizes = dynamicSizesOf(rewriter, loc, x);
    auto mul = [](OpBuilder &b, Location l, ValueRange a) -> Value {
      return b.create<arith::MulFOp>(l, a[0], a[1]);
    };
    Value dxhat = generic(rewriter, loc, typeOf(x), sizes, {dy, op.getGamma()},
                          {id, last}, mul);
    Value dxhatXhat = generic(rewriter, loc, typeOf(x), sizes, {dxhat, s.xhat},
                              {id, id}, mul);
    Value n = lastSize(rewriter, loc, x, element);
    Value m1 = meanLast(rewriter, loc, dxhat, n);
    Value m2 = meanLast(rewriter, loc, dxhatXhat, n);
    Value dx =
        generic(rewriter, loc, typeOf(x), sizes,
                {dxhat, m1, s.xhat, m2, s.rstd}, {id, drop, id, drop, drop},
                [](OpBuilder &b, Location l, ValueRange a) -> Value {
                  Value centred = b.create<arith::SubFOp>(l, a[0], a[1]);
                  Value corrected = b.create<arith::SubFOp>(
                      l, centred, b.create<arith::MulFOp>(l, a[2], a[3]));
                  return b.create<arith::MulFOp>(l, corrected, a[4]);
                });
    Value dyXhat =
        generic(rewriter, loc, typeOf(x), sizes, {dy, s.xhat}, {id, id}, mul);
    auto vecType = llvm::cast<RankedTensorType>(op.getDGamma().getType());
    Value dgamma = sumLeading(rewriter, loc, dyXhat, vecType);
    Value dbeta = sumLeading(rewriter, loc, dy, vecType);
    rewriter.replaceOp(op, {dx, dgamma, dbeta});
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateNormPatterns(RewritePatternSet &patterns) {
  patterns.add<LayerNormLowering, LayerNormGradLowering>(patterns.getContext());
}
