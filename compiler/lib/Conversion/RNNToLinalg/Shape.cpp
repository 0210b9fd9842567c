//===- Shape.cpp - concat, split, select, reverse and transpose ----------===//
//
// Ops that move data rather than compute it: concat and split as
// tensor.insert_slice / extract_slice along the axis, select as a
// rank-reducing extract_slice, reverse as a linalg.generic reading index
// n-1-i, transpose as linalg.transpose. (Embeddings: Embedding.cpp.)
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

/// Offsets, sizes and strides selecting `size` elements from `offset` along
/// `axis` of `value` and everything along the other dimensions.
void sliceAlong(OpBuilder &b, Location loc, Value value, int64_t axis,
                OpFoldResult offset, OpFoldResult size,
                llvm::SmallVectorImpl<OpFoldResult> &offsets,
                llvm::SmallVectorImpl<OpFoldResult> &sizes,
                llvm::SmallVectorImpl<OpFoldResult> &strides) {
  int64_t rank = llvm::cast<RankedTensorType>(value.getType()).getRank();
  for (int64_t d = 0; d < rank; ++d) {
    offsets.push_back(d == axis ? offset : b.getIndexAttr(0));
    sizes.push_back(d == axis ? size : tensor::getMixedSize(b, loc, value, d));
    strides.push_back(b.getIndexAttr(1));
  }
}

struct ConcatLowering : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    // The result's dynamic sizes: the first input's, the axis summed.
    RankedTensorType type = op.getType();
    Value axisSize = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    for (Value input : op.getInputs())
      axisSize = rewriter.create<arith::AddIOp>(
          loc, axisSize, rewriter.create<tensor::DimOp>(loc, input, axis));
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        sizes.push_back(d == axis ? axisSize
                                  : rewriter.create<tensor::DimOp>(
                                        loc, op.getInputs().front(), d));
    Value result = emptyTensor(rewriter, loc, type, sizes);
    Value offset = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    for (Value input : op.getInputs()) {
      llvm::SmallVector<OpFoldResult> offsets, sliceSizes, strides;
      sliceAlong(rewriter, loc, input, axis, offset,
                 tensor::getMixedSize(rewriter, loc, input, axis), offsets,
                 sliceSizes, strides);
      result = rewriter.create<tensor::InsertSliceOp>(
          loc, input, result, offsets, sliceSizes, strides);
      offset = rewriter.create<arith::AddIOp>(
          loc, offset, rewriter.create<tensor::DimOp>(loc, input, axis));
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SplitLowering : OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SplitOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    llvm::SmallVector<Value> pieces;
    int64_t offset = 0;
    for (auto [result, size] : llvm::zip(op.getResults(), op.getSizes())) {
      llvm::SmallVector<OpFoldResult> offsets, sizes, strides;
      sliceAlong(rewriter, loc, op.getInput(), op.getAxis(),
                 rewriter.getIndexAttr(offset), rewriter.getIndexAttr(size),
                 offsets, sizes, strides);
      pieces.push_back(rewriter.create<tensor::ExtractSliceOp>(
          loc, llvm::cast<RankedTensorType>(result.getType()), op.getInput(),
          offsets, sizes, strides));
      offset += size;
    }
    rewriter.replaceOp(op, pieces);
    return success();
  }
};

struct SelectLowering : OpRewritePattern<SelectOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SelectOp op,
                                PatternRewriter &rewriter) const override {
    llvm::SmallVector<OpFoldResult> offsets, sizes, strides;
    sliceAlong(rewriter, op.getLoc(), op.getInput(), op.getAxis(),
               rewriter.getIndexAttr(op.getIndex()), rewriter.getIndexAttr(1),
               offsets, sizes, strides);
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, op.getType(), op.getInput(), offsets, sizes, strides);
    return success();
  }
};

struct ReverseLowering : OpRewritePattern<ReverseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReverseOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t axis = op.getAxis();
    Value input = op.getInput();
    Value last = rewriter.create<arith::SubIOp>(
        loc, rewriter.create<tensor::DimOp>(loc, input, axis),
        rewriter.create<arith::ConstantIndexOp>(loc, 1));
    Value init =
        emptyTensor(rewriter, loc, type, dynamicSizesOf(rewriter, loc, input));
    auto id = AffineMap::getMultiDimIdentityMap(type.getRank(),
                                                rewriter.getContext());
    llvm::SmallVector<utils::IteratorType> iterators(
        type.getRank(), utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, type, ValueRange{}, init, llvm::ArrayRef<AffineMap>{id}, iterators,
        [&](OpBuilder &b, Location l, ValueRange) {
          llvm::SmallVector<Value> indices;
          for (int64_t d = 0; d < type.getRank(); ++d) {
            Value i = b.create<linalg::IndexOp>(l, d);
            indices.push_back(
                d == axis ? b.create<arith::SubIOp>(l, last, i).getResult()
                          : i);
          }
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<tensor::ExtractOp>(l, input, indices)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct TransposeLowering : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    llvm::SmallVector<Value> sizes =
        dynamicSizesOf(rewriter, loc, op.getInput());
    std::reverse(sizes.begin(), sizes.end());
    Value init = emptyTensor(rewriter, loc, op.getType(), sizes);
    rewriter.replaceOpWithNewOp<linalg::TransposeOp>(
        op, op.getInput(), init, llvm::ArrayRef<int64_t>{1, 0});
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateShapePatterns(RewritePatternSet &patterns) {
  patterns.add<ConcatLowering, SplitLowering, SelectLowering, ReverseLowering,
               TransposeLowering>(patterns.getContext());
}
