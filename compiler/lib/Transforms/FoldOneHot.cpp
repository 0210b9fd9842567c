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
/// from the one-hot depth, the columns from the last dimension of `like`).
Value shapeTable(PatternRewriter &rewriter, Location loc, OneHotOp oneHot,
                 Value like) {
  auto oneHotType = llvm::cast<RankedTensorType>(oneHot.getType());
  auto likeType = llvm::cast<RankedTensorType>(like.getType());
  int64_t rows = oneHotType.getShape().back();
  int64_t dim = likeType.getRank() - 1;
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
    // one_hot(ids)^T [P..., V] x D [P..., N] -> [V, N]: row ids[p] gets
    // D[p] added; D^T [P..., M] x one_hot(ids) [P..., V] -> [M, V] is its
    // transpose. The product's type may know more or fewer sizes
    // statically than the scatter-add's, hence the cast.
    Value result;
    if (lhsHot)
      result = scatterRows(rewriter, loc, lhsHot, op.getRhs());
    else if (rhsHot)
      result = transposed(rewriter, loc,
                          scatterRows(rewriter, loc, rhsHot, op.getLhs()));
    else
      return failure();
    if (result.getType() != op.getType())
      result = rewriter.create<tensor::CastOp>(loc, op.getType(), result);
    rewriter.replaceOp(op, result);
    return success();
  }

  /// The rows of `d` ([P..., N]) added into row ids[p] of a zero [V, N]
  /// table.
  static Value scatterRows(PatternRewriter &rewriter, Location loc,
                           OneHotOp hot, Value d) {
    Value shape = shapeTable(rewriter, loc, hot, d);
    return rewriter.create<EmbeddingGradOp>(loc, shape.getType(),
                                            hot.getIndices(), d, shape);
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
