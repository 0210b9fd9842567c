//===- Shape.cpp - concat, split, select, reverse and embeddings
//-----------===//
//
// Ops that move data rather than compute it: concat and split as
// tensor.insert_slice / extract_slice along the axis, select as a
// rank-reducing extract_slice, reverse as a linalg.generic reading index
// n-1-i, embedding as a gather (linalg.generic with tensor.extract) and its
// gradient as a scatter-add (a loop over the positions adding rows).
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

struct EmbeddingLowering : OpRewritePattern<EmbeddingOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(EmbeddingOp op,
                                PatternRewriter &rewriter) const override {
    // out[..., e] = table[ids[...], e]
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    llvm::SmallVector<Value> sizes =
        dynamicSizesOf(rewriter, loc, op.getIndices());
    if (type.isDynamicDim(rank - 1))
      sizes.push_back(rewriter.create<tensor::DimOp>(loc, op.getTable(), 1));
    Value init = emptyTensor(rewriter, loc, type, sizes);
    llvm::SmallVector<AffineExpr> leading;
    for (int64_t d = 0; d + 1 < rank; ++d)
      leading.push_back(getAffineDimExpr(d, ctx));
    auto idsMap = AffineMap::get(rank, 0, leading, ctx);
    auto id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    llvm::SmallVector<utils::IteratorType> iterators(
        rank, utils::IteratorType::parallel);
    Value table = op.getTable();
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, type, ValueRange{op.getIndices()}, init,
        llvm::ArrayRef<AffineMap>{idsMap, id}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value row =
              b.create<arith::IndexCastOp>(l, b.getIndexType(), args[0]);
          Value column = b.create<linalg::IndexOp>(l, rank - 1);
          b.create<linalg::YieldOp>(l, ValueRange{b.create<tensor::ExtractOp>(
                                           l, table, ValueRange{row, column})});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// [d0, ..., dn] as [d0 * ... * d(n-1), dn] (`keepLast`) or as one
/// dimension.
Value flatten(OpBuilder &b, Location loc, Value v, bool keepLast) {
  auto type = llvm::cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank();
  ReassociationIndices leading;
  for (int64_t d = 0; d < (keepLast ? rank - 1 : rank); ++d)
    leading.push_back(d);
  llvm::SmallVector<ReassociationIndices> groups{leading};
  if (keepLast)
    groups.push_back({rank - 1});
  if (groups.size() == static_cast<size_t>(rank))
    return v;
  return b.create<tensor::CollapseShapeOp>(loc, v, groups);
}

struct EmbeddingGradLowering : OpRewritePattern<EmbeddingGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(EmbeddingGradOp op,
                                PatternRewriter &rewriter) const override {
    // A scatter-add, O(positions x E): for every position p, row ids[p] of
    // the zero table gets d[p, :] added (an scf.for over the positions
    // carrying the table; the row update is a slice, so bufferization
    // updates the table in place). Ids outside [0, V) add nothing.
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value ids = flatten(rewriter, loc, op.getIndices(), false);
    Value d = flatten(rewriter, loc, op.getDResult(), true);
    Value init = filledTensor(
        rewriter, loc, type, dynamicSizesOf(rewriter, loc, op.getTable()), 0.0);
    Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    Value count = rewriter.create<tensor::DimOp>(loc, ids, 0);
    Value rows = rewriter.create<tensor::DimOp>(loc, init, 0);
    OpFoldResult width = tensor::getMixedSize(rewriter, loc, init, 1);
    auto loop = rewriter.create<scf::ForOp>(
        loc, zero, count, one, ValueRange{init},
        [&](OpBuilder &b, Location l, Value p, ValueRange carried) {
          Value table = carried[0];
          Value id = b.create<arith::IndexCastOp>(
              l, b.getIndexType(), b.create<tensor::ExtractOp>(l, ids, p));
          Value inRange = b.create<arith::AndIOp>(
              l,
              b.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, id, zero),
              b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, id, rows));
          auto guarded = b.create<scf::IfOp>(
              l, inRange,
              [&](OpBuilder &t, Location tl) {
                llvm::SmallVector<OpFoldResult> unit{t.getIndexAttr(1),
                                                     t.getIndexAttr(1)};
                auto rowType = RankedTensorType::get(
                    {ShapedType::isDynamic(type.getDimSize(1))
                         ? ShapedType::kDynamic
                         : type.getDimSize(1)},
                    type.getElementType());
                Value update = t.create<tensor::ExtractSliceOp>(
                    tl, rowType, d, llvm::ArrayRef<OpFoldResult>{p, t.getIndexAttr(0)},
                    llvm::ArrayRef<OpFoldResult>{t.getIndexAttr(1), width},
                    unit);
                Value current = t.create<tensor::ExtractSliceOp>(
                    tl, rowType, table,
                    llvm::ArrayRef<OpFoldResult>{id, t.getIndexAttr(0)},
                    llvm::ArrayRef<OpFoldResult>{t.getIndexAttr(1), width},
                    unit);
                auto id1 = AffineMap::getMultiDimIdentityMap(1, t.getContext());
                Value sum =
                    t.create<linalg::GenericOp>(
                         tl, rowType, ValueRange{update}, current,
                         llvm::ArrayRef<AffineMap>{id1, id1},
                         llvm::ArrayRef<utils::IteratorType>{
                             utils::IteratorType::parallel},
                         [](OpBuilder &g, Location gl, ValueRange args) {
                           g.create<linalg::YieldOp>(
                               gl, ValueRange{g.create<arith::AddFOp>(
                                       gl, args[0], args[1])});
                         })
                        .getResult(0);
                Value updated = t.create<tensor::InsertSliceOp>(
                    tl, sum, table,
                    llvm::ArrayRef<OpFoldResult>{id, t.getIndexAttr(0)},
                    llvm::ArrayRef<OpFoldResult>{t.getIndexAttr(1), width},
                    unit);
                t.create<scf::YieldOp>(tl, updated);
              },
              [&](OpBuilder &e, Location el) {
                e.create<scf::YieldOp>(el, table);
              });
          b.create<scf::YieldOp>(l, guarded.getResult(0));
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateShapePatterns(RewritePatternSet &patterns) {
  patterns.add<ConcatLowering, SplitLowering, SelectLowering, ReverseLowering,
               EmbeddingLowering, EmbeddingGradLowering>(patterns.getContext());
}
