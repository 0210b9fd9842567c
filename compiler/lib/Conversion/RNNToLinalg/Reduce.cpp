//===- Reduce.cpp - reductions and element counts
//--------------------------===//
//
// rnn.reduce -> linalg.reduce (a mean divides by the count of reduced
// elements; keep_dims re-inserts unit dimensions); rnn.numel -> the
// product of tensor.dim sizes as a float scalar; rnn.mse -> the mean of
// squared differences.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "RNN/IR/RNNBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

/// The number of elements over `dims` of `value`, as a float of `type`.
Value countAsFloat(OpBuilder &b, Location loc, Value value,
                   llvm::ArrayRef<int64_t> dims, Type type) {
  Value count = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t d : dims)
    count = b.create<arith::MulIOp>(loc, count,
                                    b.create<tensor::DimOp>(loc, value, d));
  Value asInt = b.create<arith::IndexCastOp>(loc, b.getI64Type(), count);
  return b.create<arith::SIToFPOp>(loc, type, asInt);
}

struct ReduceLowering : OpRewritePattern<ReduceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = llvm::cast<RankedTensorType>(op.getInput().getType());
    llvm::ArrayRef<int64_t> dims = op.getDims();
    llvm::SmallVector<int64_t> keptShape;
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < inputType.getRank(); ++d) {
      if (llvm::is_contained(dims, d))
        continue;
      keptShape.push_back(inputType.getDimSize(d));
      if (inputType.isDynamicDim(d))
        sizes.push_back(rewriter.create<tensor::DimOp>(loc, op.getInput(), d));
    }
    Type element = inputType.getElementType();
    auto keptType = RankedTensorType::get(keptShape, element);
    Value init = filledTensor(rewriter, loc, keptType, sizes, 0.0);
    auto reduce = rewriter.create<linalg::ReduceOp>(
        loc, ValueRange{op.getInput()}, ValueRange{init}, dims,
        [](OpBuilder &b, Location l, ValueRange args) {
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::AddFOp>(l, args[0], args[1])});
        });
    Value result = reduce.getResult(0);
    if (op.getKind() == ReduceKind::mean) {
      Value count = countAsFloat(rewriter, loc, op.getInput(), dims, element);
      Value empty = emptyTensor(rewriter, loc, keptType, sizes);
      MLIRContext *ctx = rewriter.getContext();
      auto id = AffineMap::getMultiDimIdentityMap(keptType.getRank(), ctx);
      llvm::SmallVector<utils::IteratorType> iterators(
          keptType.getRank(), utils::IteratorType::parallel);
      result =
          rewriter
              .create<linalg::GenericOp>(
                  loc, keptType, ValueRange{result}, empty,
                  llvm::ArrayRef<AffineMap>{id, id}, iterators,
                  [&](OpBuilder &b, Location l, ValueRange args) {
                    b.create<linalg::YieldOp>(
                        l,
                        ValueRange{b.create<arith::DivFOp>(l, args[0], count)});
                  })
              .getResult(0);
    }
    if (op.getKeepDims())
      result = expandReducedDims(rewriter, loc, result, op.getInput(), dims);
    if (result.getType() != op.getType())
      result = rewriter.create<tensor::CastOp>(loc, op.getType(), result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct NumelLowering : OpRewritePattern<NumelOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(NumelOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value count = countAsFloat(rewriter, loc, op.getInput(), op.getDims(),
                               op.getType().getElementType());
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(),
                                                        ValueRange{count});
    return success();
  }
};

/// mse(p, t) = mean((p - t)^2) over every dimension, in rnn ops that the
/// other patterns lower.
struct MseDecomposition : OpRewritePattern<MseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MseOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value p = op.getPrediction();
    Type type = p.getType();
    int64_t rank = llvm::cast<RankedTensorType>(type).getRank();
    llvm::SmallVector<int64_t> all;
    for (int64_t d = 0; d < rank; ++d)
      all.push_back(d);
    Value diff = rewriter.create<SubOp>(loc, type, p, op.getTarget());
    Value square = rewriter.create<MulOp>(loc, type, diff, diff);
    rewriter.replaceOpWithNewOp<ReduceOp>(
        op, op.getType(), ReduceKind::mean, square,
        rewriter.getDenseI64ArrayAttr(all), false);
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateReducePatterns(RewritePatternSet &patterns) {
  patterns.add<ReduceLowering, NumelLowering, MseDecomposition>(
      patterns.getContext());
}
