//===- Losses.cpp - one_hot, softmax, cross-entropy and its gradient
//-------===//
//
// The classification path, in linalg: softmax and cross-entropy use a
// numerically stable log-sum-exp over the last (class) dimension;
// valid lengths mask time-major positions t >= length[b]. rnn.linear
// decomposes into a matmul and a bias add.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

/// log(sum(exp(x))) over the last dimension, stably.
Value logSumExp(OpBuilder &b, Location loc, Value x) {
  Value m = reduceLast(b, loc, x, /*max=*/true);
  int64_t rank = typeOf(x).getRank();
  MLIRContext *ctx = b.getContext();
  auto id = AffineMap::getMultiDimIdentityMap(rank, ctx);
  llvm::SmallVector<Value> sizes = dynamicSizesOf(b, loc, x);
  Value e =
      generic(b, loc, typeOf(x), sizes, {x, m}, {id, dropLastMap(ctx, rank)},
              [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                return nb.create<math::ExpOp>(
                    l, nb.create<arith::SubFOp>(l, a[0], a[1]));
              });
  Value s = reduceLast(b, loc, e, /*max=*/false);
  llvm::SmallVector<Value> outSizes;
  RankedTensorType outType = dropLast(b, loc, x, outSizes);
  auto outId = AffineMap::getMultiDimIdentityMap(rank - 1, ctx);
  return generic(b, loc, outType, outSizes, {m, s}, {outId, outId},
                 [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                   return nb.create<arith::AddFOp>(
                       l, a[0], nb.create<math::LogOp>(l, a[1]));
                 });
}

/// Whether the loop index of the last dimension equals the integer `id`.
Value isIndex(OpBuilder &b, Location loc, int64_t lastDim, Value id) {
  Value index = b.create<linalg::IndexOp>(loc, lastDim);
  Value asInt = b.create<arith::IndexCastOp>(loc, id.getType(), index);
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, asInt, id);
}

/// mask[t, b] = t < lengths[b] as a float of `element`, shaped [T, B].
Value validMask(OpBuilder &b, Location loc, Value logits, Value lengths,
                Type element) {
  llvm::SmallVector<Value> sizes;
  RankedTensorType positions = dropLast(b, loc, logits, sizes);
  auto type = RankedTensorType::get(positions.getShape(), element);
  MLIRContext *ctx = b.getContext();
  auto lengthMap = AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
  return generic(
      b, loc, type, sizes, {lengths}, {lengthMap},
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value t = nb.create<linalg::IndexOp>(l, 0);
        Value tInt = nb.create<arith::IndexCastOp>(l, a[0].getType(), t);
        Value valid =
            nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, tInt, a[0]);
        return nb.create<arith::SelectOp>(
            l, valid,
            nb.create<arith::ConstantOp>(l, nb.getFloatAttr(element, 1.0)),
            nb.create<arith::ConstantOp>(l, nb.getFloatAttr(element, 0.0)));
      });
}

/// Sum of every element of `x` as a 0-d tensor.
Value sumAll(OpBuilder &b, Location loc, Value x) {
  RankedTensorType type = typeOf(x);
  llvm::SmallVector<int64_t> dims;
  for (int64_t d = 0; d < type.getRank(); ++d)
    dims.push_back(d);
  auto scalarType = RankedTensorType::get({}, type.getElementType());
  Value acc = filledTensor(b, loc, scalarType, {}, 0.0);
  return b
      .create<linalg::ReduceOp>(
          loc, ValueRange{x}, ValueRange{acc}, dims,
          [](OpBuilder &nb, Location l, ValueRange a) {
            nb.create<linalg::YieldOp>(
                l, ValueRange{nb.create<arith::AddFOp>(l, a[0], a[1])});
          })
      .getResult(0);
}

/// The divisor of a mean: the counted positions (a 0-d tensor).
Value positionCount(OpBuilder &b, Location loc, Value logits, Value mask,
                    Type element) {
  if (mask)
    return sumAll(b, loc, mask);
  RankedTensorType type = typeOf(logits);
  Value count = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t d = 0; d + 1 < type.getRank(); ++d)
    count = b.create<arith::MulIOp>(loc, count,
                                    b.create<tensor::DimOp>(loc, logits, d));
  Value asFloat = b.create<arith::SIToFPOp>(
      loc, element, b.create<arith::IndexCastOp>(loc, b.getI64Type(), count));
  return b.create<tensor::FromElementsOp>(
      loc, RankedTensorType::get({}, element), ValueRange{asFloat});
}

Value scalarOf(OpBuilder &b, Location loc, Value tensor0d) {
  return b.create<tensor::ExtractOp>(loc, tensor0d, ValueRange{});
}

/// What both cross-entropy lowerings start from.
struct CrossEntropyTerms {
  Value logits, targets;
  Type element;
  int64_t rank;
  Value lse;  // log-sum-exp over the classes, one per position
  Value mask; // 1 at counted positions, 0 past valid_lengths; null without
};

template <typename CrossEntropyLikeOp>
CrossEntropyTerms crossEntropyTerms(OpBuilder &b, CrossEntropyLikeOp op) {
  Location loc = op.getLoc();
  Value logits = op.getLogits();
  Type element = typeOf(logits).getElementType();
  Value mask = op.getValidLengths()
                   ? validMask(b, loc, logits, op.getValidLengths(), element)
                   : Value();
  return {logits,
          op.getTargets(),
          element,
          typeOf(logits).getRank(),
          logSumExp(b, loc, logits),
          mask};
}

struct CrossEntropyLowering : OpRewritePattern<CrossEntropyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CrossEntropyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    CrossEntropyTerms t = crossEntropyTerms(rewriter, op);
    MLIRContext *ctx = rewriter.getContext();
    // nll = lse - logits[target] (the picked logit summed out of a mask).
    auto id = AffineMap::getMultiDimIdentityMap(t.rank, ctx);
    llvm::SmallVector<Value> sizes = dynamicSizesOf(rewriter, loc, t.logits);
    Value picked = generic(
        rewriter, loc, typeOf(t.logits), sizes, {t.logits, t.targets},
        {id, dropLastMap(ctx, t.rank)},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          return b.create<arith::SelectOp>(
              l, isIndex(b, l, t.rank - 1, a[1]), a[0],
              b.create<arith::ConstantOp>(l, b.getFloatAttr(t.element, 0.0)));
        });
    Value pickedSum = reduceLast(rewriter, loc, picked, /*max=*/false);
    llvm::SmallVector<Value> posSizes;
    RankedTensorType positions = dropLast(rewriter, loc, t.logits, posSizes);
    auto posId = AffineMap::getMultiDimIdentityMap(t.rank - 1, ctx);
    llvm::SmallVector<Value> nllInputs{t.lse, pickedSum};
    if (t.mask)
      nllInputs.push_back(t.mask);
    llvm::SmallVector<AffineMap> nllMaps(nllInputs.size(), posId);
    Value nll = generic(
        rewriter, loc, positions, posSizes, nllInputs, nllMaps,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value v = b.create<arith::SubFOp>(l, a[0], a[1]);
          return t.mask ? b.create<arith::MulFOp>(l, v, a[2]).getResult() : v;
        });
    Value total = sumAll(rewriter, loc, nll);
    if (op.getReduction() == LossReduction::mean) {
      Value count = positionCount(rewriter, loc, t.logits, t.mask, t.element);
      Value quotient = rewriter.create<arith::DivFOp>(
          loc, scalarOf(rewriter, loc, total), scalarOf(rewriter, loc, count));
      total = rewriter.create<tensor::FromElementsOp>(loc, op.getType(),
                                                      ValueRange{quotient});
    }
    rewriter.replaceOp(op, total);
    return success();
  }
};

struct CrossEntropyGradLowering : OpRewritePattern<CrossEntropyGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CrossEntropyGradOp op,
                                PatternRewriter &rewriter) const override {
    // d = (softmax(l) - onehot(target)) * d_loss / N, masked.
    Location loc = op.getLoc();
    CrossEntropyTerms t = crossEntropyTerms(rewriter, op);
    MLIRContext *ctx = rewriter.getContext();
    Value scale = scalarOf(rewriter, loc, op.getDLoss());
    if (op.getReduction() == LossReduction::mean)
      scale = rewriter.create<arith::DivFOp>(
          loc, scale,
          scalarOf(rewriter, loc,
                   positionCount(rewriter, loc, t.logits, t.mask, t.element)));
    auto id = AffineMap::getMultiDimIdentityMap(t.rank, ctx);
    AffineMap drop = dropLastMap(ctx, t.rank);
    llvm::SmallVector<Value> sizes = dynamicSizesOf(rewriter, loc, t.logits);
    llvm::SmallVector<Value> inputs{t.logits, t.lse, t.targets};
    llvm::SmallVector<AffineMap> maps{id, drop, drop};
    if (t.mask) {
      inputs.push_back(t.mask);
      maps.push_back(drop);
    }
    Value grad = generic(
        rewriter, loc, typeOf(t.logits), sizes, inputs, maps,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value p =
              b.create<math::ExpOp>(l, b.create<arith::SubFOp>(l, a[0], a[1]));
          Value one =
              b.create<arith::ConstantOp>(l, b.getFloatAttr(t.element, 1.0));
          Value zero =
              b.create<arith::ConstantOp>(l, b.getFloatAttr(t.element, 0.0));
          Value hot = b.create<arith::SelectOp>(
              l, isIndex(b, l, t.rank - 1, a[2]), one, zero);
          Value g = b.create<arith::MulFOp>(
              l, b.create<arith::SubFOp>(l, p, hot), scale);
          return t.mask ? b.create<arith::MulFOp>(l, g, a[3]).getResult() : g;
        });
    rewriter.replaceOp(op, grad);
    return success();
  }
};

struct OneHotLowering : OpRewritePattern<OneHotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(OneHotOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d + 1 < rank; ++d)
      if (type.isDynamicDim(d))
        sizes.push_back(
            rewriter.create<tensor::DimOp>(loc, op.getIndices(), d));
    if (type.isDynamicDim(rank - 1))
      sizes.push_back(op.getDepth());
    Type element = type.getElementType();
    Value result = generic(
        rewriter, loc, type, sizes, {op.getIndices()},
        {dropLastMap(rewriter.getContext(), rank)},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          return b.create<arith::SelectOp>(
              l, isIndex(b, l, rank - 1, a[0]),
              b.create<arith::ConstantOp>(l, b.getFloatAttr(element, 1.0)),
              b.create<arith::ConstantOp>(l, b.getFloatAttr(element, 0.0)));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SoftmaxLowering : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    if (static_cast<int64_t>(op.getAxis()) != type.getRank() - 1)
      return rewriter.notifyMatchFailure(op, "softmax over a non-last axis");
    Location loc = op.getLoc();
    Value x = op.getInput();
    Value lse = logSumExp(rewriter, loc, x);
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    llvm::SmallVector<Value> sizes = dynamicSizesOf(rewriter, loc, x);
    Value result = generic(
        rewriter, loc, type, sizes, {x, lse},
        {AffineMap::getMultiDimIdentityMap(rank, ctx), dropLastMap(ctx, rank)},
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          return b.create<math::ExpOp>(l,
                                       b.create<arith::SubFOp>(l, a[0], a[1]));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// linear(x, W, b) = x W^T + b.
struct LinearDecomposition : OpRewritePattern<LinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LinearOp op,
                                PatternRewriter &rewriter) const override {
    Value product = rewriter.create<MatmulOp>(
        op.getLoc(), op.getType(), op.getInput(), op.getWeight(), false, true);
    if (Value bias = op.getBias())
      product =
          rewriter.create<AddOp>(op.getLoc(), op.getType(), product, bias);
    rewriter.replaceOp(op, product);
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateLossPatterns(RewritePatternSet &patterns) {
  patterns.add<CrossEntropyLowering, CrossEntropyGradLowering, OneHotLowering,
               SoftmaxLowering, LinearDecomposition>(patterns.getContext());
}
