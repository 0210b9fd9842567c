//===- FoldOneHot.cpp - products with one-hot matrices as gathers ---------===//
//
// See the description of rnn-fold-one-hot in Passes.td: a product with
// rnn.one_hot(ids) picks rows (or, transposed, scatter-adds rows), so the
// dense GEMM over the one-hot matrix, V times larger than the work, goes.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rnnc {
#define GEN_PASS_DEF_FOLDONEHOT
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// A zero [V, columns] tensor: the shape operand of rnn.embedding_grad (V
/// from the one-hot depth, the columns from dimension `dim` of `like`).
Value shapeTable(PatternRewriter &rewriter, Location loc, OneHotOp oneHot,
                 Value like, int64_t dim) {
  auto oneHotType = llvm::cast<RankedTensorType>(oneHot.getType());
  auto likeType = llvm::cast<RankedTensorType>(like.getType());
  int64_t rows = oneHotType.getShape().back();
  int64_t columns = likeType.getDimSize(dim);
  llvm::SmallVector<Value> sizes;
  if (ShapedType::isDynamic(rows))
    sizes.push_back(oneHot.getDepth());
  if (ShapedType::isDynamic(columns))
    sizes.push_back(rewriter.create<tensor::DimOp>(loc, like, dim));
  auto type = RankedTensorType::get({rows, columns},
                                    likeType.getElementType());
  return rewriter.create<FillOp>(loc, type, rewriter.getF64FloatAttr(0.0),
                                 sizes);
}

Value transposed(PatternRewriter &rewriter, Location loc, Value matrix) {
  auto type = llvm::cast<RankedTensorType>(matrix.getType());
  auto swapped = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  return rewriter.create<TransposeOp>(loc, swapped, matrix);
}

struct FoldOneHotProduct : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto lhsHot = op.getLhs().getDefiningOp<OneHotOp>();
    auto rhsHot = op.getRhs().getDefiningOp<OneHotOp>();
    if (!op.getTransposeLhs()) {
      // one_hot(ids) [..., V] x W [V, N] (or W [N, V] transposed): rows of
      // the table W (or W^T).
      if (!lhsHot)
        return failure();
      Value table = op.getTransposeRhs()
                        ? transposed(rewriter, loc, op.getRhs())
                        : op.getRhs();
      rewriter.replaceOpWithNewOp<EmbeddingOp>(op, op.getType(),
                                               lhsHot.getIndices(), table);
      return success();
    }
    // The scatter-add's type is the shape table's; the product's may know
    // more or fewer sizes statically, hence the casts.
    if (lhsHot) {
      // one_hot(ids)^T [P..., V] x D [P..., N] -> [V, N]: row ids[p] gets
      // D[p] added.
      int64_t last = tensorRank(op.getRhs()) - 1;
      Value shape = shapeTable(rewriter, loc, lhsHot, op.getRhs(), last);
      Value grad = rewriter.create<EmbeddingGradOp>(
          loc, shape.getType(), lhsHot.getIndices(), op.getRhs(), shape);
      rewriter.replaceOp(op, castTo(rewriter, loc, grad, op.getType()));
      return success();
    }
    if (rhsHot) {
      // D^T [P..., M] x one_hot(ids) [P..., V] -> [M, V]: the transpose.
      int64_t last = tensorRank(op.getLhs()) - 1;
      Value shape = shapeTable(rewriter, loc, rhsHot, op.getLhs(), last);
      Value grad = rewriter.create<EmbeddingGradOp>(
          loc, shape.getType(), rhsHot.getIndices(), op.getLhs(), shape);
      rewriter.replaceOp(op, castTo(rewriter, loc,
                                    transposed(rewriter, loc, grad),
                                    op.getType()));
      return success();
    }
    return failure();
  }

  static Value castTo(PatternRewriter &rewriter, Location loc, Value v,
                      Type type) {
    return v.getType() == type
               ? v
               : rewriter.create<tensor::CastOp>(loc, type, v).getResult();
  }

  static int64_t tensorRank(Value v) {
    return llvm::cast<RankedTensorType>(v.getType()).getRank();
  }
};

struct FoldOneHotPass : rnnc::impl::FoldOneHotBase<FoldOneHotPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldOneHotProduct>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
