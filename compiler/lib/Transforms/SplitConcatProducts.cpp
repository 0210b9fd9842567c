//===- SplitConcatProducts.cpp - products of joined operands by parts -----===//
//
// See the description of rnn-split-concat-products in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rnnc {
#define GEN_PASS_DEF_SPLITCONCATPRODUCTS
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

RankedTensorType typeOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType());
}

/// Rows [offset, offset + size) of the matrix `w` (all its columns), a
/// view; `staticSize` when the row count is known.
Value rowSlice(OpBuilder &b, Location loc, Value w, OpFoldResult offset,
               OpFoldResult size, int64_t staticSize) {
  RankedTensorType type = typeOf(w);
  auto sliceType = RankedTensorType::get({staticSize, type.getDimSize(1)},
                                         type.getElementType());
  llvm::SmallVector<OpFoldResult> offsets{offset, b.getIndexAttr(0)};
  llvm::SmallVector<OpFoldResult> sizes{size,
                                        tensor::getMixedSize(b, loc, w, 1)};
  llvm::SmallVector<OpFoldResult> strides{b.getIndexAttr(1), b.getIndexAttr(1)};
  return b.create<tensor::ExtractSliceOp>(loc, sliceType, w, offsets, sizes,
                                          strides);
}

/// Where views of `w` go: right after its definition (outside any loop
/// that only reads it), or at the start of its block.
void setInsertionAfterDefinition(OpBuilder &b, Value w) {
  if (Operation *def = w.getDefiningOp())
    b.setInsertionPointAfter(def);
  else
    b.setInsertionPointToStart(llvm::cast<BlockArgument>(w).getOwner());
}

/// Whether the product of `part` alone pays: a step slice of a scan's
/// sequence (rnn-hoist-input-projection then computes it for every step
/// at once) or a one-hot matrix (rnn-fold-one-hot makes it a gather).
bool isHoistablePart(Value part) {
  if (part.getDefiningOp<OneHotOp>())
    return true;
  auto arg = llvm::dyn_cast<BlockArgument>(part);
  auto scan = arg ? llvm::dyn_cast<ScanOp>(arg.getOwner()->getParentOp())
                  : ScanOp();
  return scan && arg.getArgNumber() < scan.getSequences().size();
}

/// matmul(concat(a, b, ...) along the contraction axis, W [K, N]) =>
/// matmul(a, W_a) + matmul(b, W_b) + ..., when a part is hoistable: one
/// product of a joined operand is otherwise one GEMM instead of several
/// narrower ones (the gate adjoints a backward pass joins).
struct SplitConcatProduct : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getTransposeLhs() || op.getTransposeRhs())
      return failure();
    auto concat = op.getLhs().getDefiningOp<ConcatOp>();
    Value w = op.getRhs();
    if (!concat || typeOf(w).getRank() != 2 ||
        int64_t(concat.getAxis()) != concat.getType().getRank() - 1 ||
        concat.getInputs().size() < 2 ||
        !llvm::any_of(concat.getInputs(), isHoistablePart))
      return failure();
    // The parts' row counts; one of them may be dynamic: what the others
    // leave of W's rows.
    int64_t axis = concat.getAxis();
    llvm::SmallVector<int64_t> rows;
    int64_t dynamicParts = 0, staticRows = 0;
    for (Value part : concat.getInputs()) {
      rows.push_back(typeOf(part).getDimSize(axis));
      if (ShapedType::isDynamic(rows.back()))
        ++dynamicParts;
      else
        staticRows += rows.back();
    }
    if (dynamicParts > 1)
      return failure();

    Location loc = op.getLoc();
    OpBuilder::InsertionGuard guard(rewriter);
    setInsertionAfterDefinition(rewriter, w);
    Value total = rewriter.create<tensor::DimOp>(loc, w, 0);
    Value dynamicRows = rewriter.create<arith::SubIOp>(
        loc, total, rewriter.create<arith::ConstantIndexOp>(loc, staticRows));
    llvm::SmallVector<Value> slices;
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (int64_t count : rows) {
      bool dynamic = ShapedType::isDynamic(count);
      OpFoldResult size = dynamic ? OpFoldResult(dynamicRows)
                                  : OpFoldResult(rewriter.getIndexAttr(count));
      slices.push_back(rowSlice(rewriter, loc, w, offset, size, count));
      Value next = rewriter.create<arith::AddIOp>(
          loc, getValueOrCreateConstantIndexOp(rewriter, loc, offset),
          getValueOrCreateConstantIndexOp(rewriter, loc, size));
      offset = next;
    }

    rewriter.setInsertionPoint(op);
    Value sum;
    for (auto [part, slice] : llvm::zip(concat.getInputs(), slices)) {
      Value product = rewriter.create<MatmulOp>(loc, op.getType(), part, slice,
                                                false, false);
      sum = sum ? rewriter.create<AddOp>(loc, op.getType(), sum, product)
                      .getResult()
                : product;
    }
    rewriter.replaceOp(op, sum);
    return success();
  }
};

/// Whether `size` is dimension `d` of `tensor`: its static size, or a
/// tensor.dim of it (matched without building anything: a pattern that
/// fails must leave the IR as it was).
bool isWholeDimension(OpFoldResult size, Value tensor, int64_t d) {
  int64_t known = typeOf(tensor).getDimSize(d);
  if (std::optional<int64_t> constant = getConstantIntValue(size))
    return !ShapedType::isDynamic(known) && *constant == known;
  auto dim = llvm::dyn_cast<Value>(size).getDefiningOp<tensor::DimOp>();
  std::optional<int64_t> index = dim ? dim.getConstantIndex() : std::nullopt;
  return dim && dim.getSource() == tensor && index && *index == d;
}

/// extract_slice(matmul(D, W {transpose_rhs}), columns [o, o + s)) =>
/// matmul(D, W[o:o + s] {transpose_rhs}): the product's columns are W's
/// rows.
struct SliceOfTransposedProduct : OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::ExtractSliceOp slice,
                                PatternRewriter &rewriter) const override {
    auto product = slice.getSource().getDefiningOp<MatmulOp>();
    if (!product || product.getTransposeLhs() || !product.getTransposeRhs() ||
        typeOf(product.getRhs()).getRank() != 2 || !slice.hasUnitStride())
      return failure();
    RankedTensorType source = typeOf(slice.getSource());
    int64_t rank = source.getRank();
    if (slice.getType().getRank() != rank)
      return failure(); // a rank-reducing slice
    // Nothing to narrow when the slice keeps every column.
    if (isWholeDimension(slice.getMixedSizes().back(), slice.getSource(),
                         rank - 1))
      return failure();
    Location loc = slice.getLoc();
    Value w = product.getRhs();
    int64_t columns = slice.getType().getDimSize(rank - 1);
    Value rowsOfW = rowSlice(rewriter, loc, w, slice.getMixedOffsets().back(),
                             slice.getMixedSizes().back(), columns);
    llvm::SmallVector<int64_t> shape(source.getShape());
    shape.back() = columns;
    auto narrowType = RankedTensorType::get(shape, source.getElementType());
    Value narrow = rewriter.create<MatmulOp>(loc, narrowType, product.getLhs(),
                                             rowsOfW, false, true);
    // The slice's rows of it (every row, in the cases met: a view).
    llvm::SmallVector<OpFoldResult> offsets(slice.getMixedOffsets());
    llvm::SmallVector<OpFoldResult> sizes(slice.getMixedSizes());
    offsets.back() = rewriter.getIndexAttr(0);
    llvm::SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        slice, slice.getType(), narrow, offsets, sizes, strides);
    return success();
  }
};

struct SplitConcatProductsPass
    : rnnc::impl::SplitConcatProductsBase<SplitConcatProductsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<SplitConcatProduct, SliceOfTransposedProduct>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
