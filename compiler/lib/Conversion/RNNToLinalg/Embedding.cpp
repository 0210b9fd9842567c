//===- Embedding.cpp - embedding lookups and their scatter-add gradient ---===//
//
// Both are loops over the positions (the flattened leading dimensions of
// the ids), one table row per position: the gather copies row ids[p] of
// the table to row p of the result, the gradient adds row p of d_result to
// row ids[p] of a zero table. Each row is a one-dimensional linalg.generic
// on slices, so LLVM sees a contiguous loop (vectorised) with the id read
// once per row. An id outside [0, V) reads a zero row and adds nothing,
// as rnn.one_hot's zero row would (rnn-fold-one-hot relies on it).
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

/// The offsets, sizes and strides of the last-dimension row of `m` at the
/// leading indices `index`.
struct RowSlice {
  llvm::SmallVector<OpFoldResult> offsets, sizes, strides;
  RowSlice(OpBuilder &b, Location loc, Value m, ValueRange index) {
    for (Value i : index) {
      offsets.push_back(i);
      sizes.push_back(b.getIndexAttr(1));
    }
    offsets.push_back(b.getIndexAttr(0));
    sizes.push_back(tensor::getMixedSize(b, loc, m, index.size()));
    strides.assign(offsets.size(), b.getIndexAttr(1));
  }
};

/// The row of `m` at the leading indices `index`, as a 1-d slice.
Value rowOf(OpBuilder &b, Location loc, Value m, ValueRange index) {
  RankedTensorType type = typeOf(m);
  auto rowType = RankedTensorType::get({type.getShape().back()},
                                       type.getElementType());
  RowSlice slice(b, loc, m, index);
  return b.create<tensor::ExtractSliceOp>(loc, rowType, m, slice.offsets,
                                          slice.sizes, slice.strides);
}

/// `row` written back into `m` at the leading indices `index`.
Value withRow(OpBuilder &b, Location loc, Value m, Value row,
              ValueRange index) {
  RowSlice slice(b, loc, m, index);
  return b.create<tensor::InsertSliceOp>(loc, row, m, slice.offsets,
                                         slice.sizes, slice.strides);
}

/// The position `p` of a row-major [sizes...] array as one index per
/// dimension.
llvm::SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value p,
                                     llvm::ArrayRef<Value> sizes) {
  llvm::SmallVector<Value> index(sizes.size());
  for (size_t d = sizes.size(); d-- > 0;) {
    index[d] = d == 0 ? p : b.create<arith::RemUIOp>(loc, p, sizes[d]);
    if (d > 0)
      p = b.create<arith::DivUIOp>(loc, p, sizes[d]);
  }
  return index;
}

/// An elementwise map over rows: `body(inputs..., out)` for each element.
Value mapRow(OpBuilder &b, Location loc, ValueRange inputs, Value out,
             llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>
                 body) {
  auto id = AffineMap::getMultiDimIdentityMap(1, b.getContext());
  llvm::SmallVector<AffineMap> maps(inputs.size() + 1, id);
  return b
      .create<linalg::GenericOp>(
          loc, out.getType(), inputs, out, maps,
          llvm::ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
          [&](OpBuilder &g, Location gl, ValueRange args) {
            g.create<linalg::YieldOp>(gl, ValueRange{body(g, gl, args)});
          })
      .getResult(0);
}

/// Runs `body(b, loc, p, id, inRange, carried)` for every position p of
/// `ids` (flattened), carrying `init`; `id` is ids[p] as an index, clamped
/// to 0 when it is outside [0, rows), which `inRange` says.
Value forEachPosition(
    OpBuilder &b, Location loc, Value ids, Value rows, Value init,
    llvm::function_ref<Value(OpBuilder &, Location, Value, Value, Value,
                             Value)>
        body) {
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  Value count = b.create<tensor::DimOp>(loc, ids, 0);
  auto loop = b.create<scf::ForOp>(
      loc, zero, count, one, ValueRange{init},
      [&](OpBuilder &lb, Location l, Value p, ValueRange carried) {
        Value id = lb.create<arith::IndexCastOp>(
            l, lb.getIndexType(), lb.create<tensor::ExtractOp>(l, ids, p));
        Value inRange = lb.create<arith::AndIOp>(
            l, lb.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, id, zero),
            lb.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, id, rows));
        Value safe = lb.create<arith::SelectOp>(l, inRange, id, zero);
        lb.create<scf::YieldOp>(
            l, body(lb, l, p, safe, inRange, carried[0]));
      });
  return loop.getResult(0);
}

struct EmbeddingLowering : OpRewritePattern<EmbeddingOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(EmbeddingOp op,
                                PatternRewriter &rewriter) const override {
    // out[i..., :] = table[ids[i...], :], zeros for an id out of range.
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value table = op.getTable();
    Value ids = flatten(rewriter, loc, op.getIndices(), false);
    llvm::SmallVector<Value> leading;
    for (int64_t d = 0; d + 1 < type.getRank(); ++d)
      leading.push_back(rewriter.create<tensor::DimOp>(loc, op.getIndices(), d));
    llvm::SmallVector<Value> sizes =
        dynamicSizesOf(rewriter, loc, op.getIndices());
    if (type.isDynamicDim(type.getRank() - 1))
      sizes.push_back(rewriter.create<tensor::DimOp>(loc, table, 1));
    Value out = emptyTensor(rewriter, loc, type, sizes);
    Value rows = rewriter.create<tensor::DimOp>(loc, table, 0);
    Value zero = rewriter.create<arith::ConstantOp>(
        loc, rewriter.getZeroAttr(type.getElementType()));
    rewriter.replaceOp(
        op, forEachPosition(
                rewriter, loc, ids, rows, out,
                [&](OpBuilder &b, Location l, Value p, Value id, Value inRange,
                    Value result) {
                  llvm::SmallVector<Value> at = delinearize(b, l, p, leading);
                  Value row = mapRow(
                      b, l, rowOf(b, l, table, id), rowOf(b, l, result, at),
                      [&](OpBuilder &g, Location gl, ValueRange args) -> Value {
                        return g.create<arith::SelectOp>(gl, inRange, args[0],
                                                         zero);
                      });
                  return withRow(b, l, result, row, at);
                }));
    return success();
  }
};

struct EmbeddingGradLowering : OpRewritePattern<EmbeddingGradOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(EmbeddingGradOp op,
                                PatternRewriter &rewriter) const override {
    // table[ids[p], :] += d[p, :] from zeros, O(positions x E); nothing for
    // an id out of range. The row update is a slice, so bufferization
    // updates the table in place.
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value ids = flatten(rewriter, loc, op.getIndices(), false);
    Value d = flatten(rewriter, loc, op.getDResult(), true);
    Value init = filledTensor(
        rewriter, loc, type, dynamicSizesOf(rewriter, loc, op.getTable()), 0.0);
    Value rows = rewriter.create<tensor::DimOp>(loc, init, 0);
    Value table = forEachPosition(
        rewriter, loc, ids, rows, init,
        [&](OpBuilder &b, Location l, Value p, Value id, Value inRange,
            Value current) {
          auto guarded = b.create<scf::IfOp>(
              l, inRange,
              [&](OpBuilder &t, Location tl) {
                Value sum = mapRow(
                    t, tl, rowOf(t, tl, d, p), rowOf(t, tl, current, id),
                    [](OpBuilder &g, Location gl, ValueRange args) -> Value {
                      return g.create<arith::AddFOp>(gl, args[0], args[1]);
                    });
                t.create<scf::YieldOp>(tl, withRow(t, tl, current, sum, id));
              },
              [&](OpBuilder &e, Location el) {
                e.create<scf::YieldOp>(el, current);
              });
          return guarded.getResult(0);
        });
    rewriter.replaceOp(op, table);
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateEmbeddingPatterns(
    RewritePatternSet &patterns) {
  patterns.add<EmbeddingLowering, EmbeddingGradLowering>(
      patterns.getContext());
}
