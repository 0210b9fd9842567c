//===- Matmul.cpp - rnn.matmul to linalg GEMMs -----------------------------===//
//
// The three forms of rnn.matmul become one 2-d GEMM each: leading batch
// dimensions are collapsed into the GEMM's rows and expanded back.
//   lhs [..., K] @ rhs [K, N]             -> linalg.matmul
//   lhs [..., K] @ rhs [N, K]^T           -> linalg.matmul_transpose_b
//   sum_P lhs [P..., M]^T rhs [P..., N]   -> linalg.matmul_transpose_a
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

/// Collapses all dimensions but the last of `value` into one: [P..., K] ->
/// [P, K]. A rank-2 value is returned as is.
Value collapseLeading(PatternRewriter &rewriter, Location loc, Value value) {
  auto type = llvm::cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  if (rank == 2)
    return value;
  ReassociationIndices leading;
  int64_t rows = 1;
  for (int64_t d = 0; d + 1 < rank; ++d) {
    leading.push_back(d);
    rows = ShapedType::isDynamic(type.getDimSize(d)) || rows ==
                                                            ShapedType::kDynamic
               ? ShapedType::kDynamic
               : rows * type.getDimSize(d);
  }
  auto collapsed = RankedTensorType::get({rows, type.getShape().back()},
                                         type.getElementType());
  return rewriter.create<tensor::CollapseShapeOp>(
      loc, collapsed, value,
      llvm::ArrayRef<ReassociationIndices>{leading, {rank - 1}});
}

/// [R, N] -> [lhs leading dims..., N].
Value expandLeading(PatternRewriter &rewriter, Location loc, Value value,
                    Value lhs, RankedTensorType type) {
  if (type.getRank() == 2)
    return value;
  int64_t rank = type.getRank();
  ReassociationIndices leading;
  llvm::SmallVector<OpFoldResult> shape;
  for (int64_t d = 0; d + 1 < rank; ++d) {
    leading.push_back(d);
    shape.push_back(tensor::getMixedSize(rewriter, loc, lhs, d));
  }
  shape.push_back(
      tensor::getMixedSize(rewriter, loc, value, 1));
  return rewriter.create<tensor::ExpandShapeOp>(
      loc, type, value,
      llvm::ArrayRef<ReassociationIndices>{leading, {rank - 1}}, shape);
}

struct MatmulLowering : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    if (llvm::cast<RankedTensorType>(op.getLhs().getType()).getRank() < 2)
      return rewriter.notifyMatchFailure(op, "rank-1 lhs");
    Value lhs = collapseLeading(rewriter, loc, op.getLhs());
    Value rhs = op.getTransposeLhs() ? collapseLeading(rewriter, loc,
                                                       op.getRhs())
                                     : op.getRhs();
    auto lhsType = llvm::cast<RankedTensorType>(lhs.getType());
    auto rhsType = llvm::cast<RankedTensorType>(rhs.getType());
    // The 2-d result [M, N] and its dynamic sizes.
    int64_t m = op.getTransposeLhs() ? lhsType.getDimSize(1)
                                     : lhsType.getDimSize(0);
    int64_t n = op.getTransposeRhs() ? rhsType.getDimSize(0)
                                     : rhsType.getDimSize(1);
    auto gemmType = RankedTensorType::get({m, n}, resultType.getElementType());
    llvm::SmallVector<Value> sizes;
    if (ShapedType::isDynamic(m))
      sizes.push_back(rewriter.create<tensor::DimOp>(
          loc, lhs, op.getTransposeLhs() ? 1 : 0));
    if (ShapedType::isDynamic(n))
      sizes.push_back(rewriter.create<tensor::DimOp>(
          loc, rhs, op.getTransposeRhs() ? 0 : 1));
    Value init = filledTensor(rewriter, loc, gemmType, sizes, 0.0);
    Value gemm;
    if (op.getTransposeLhs())
      gemm = rewriter
                 .create<linalg::MatmulTransposeAOp>(loc, gemmType,
                                                     ValueRange{lhs, rhs},
                                                     init)
                 .getResult(0);
    else if (op.getTransposeRhs())
      gemm = rewriter
                 .create<linalg::MatmulTransposeBOp>(loc, gemmType,
                                                     ValueRange{lhs, rhs},
                                                     init)
                 .getResult(0);
    else
      gemm = rewriter
                 .create<linalg::MatmulOp>(loc, gemmType,
                                           ValueRange{lhs, rhs}, init)
                 .getResult(0);
    Value result =
        op.getTransposeLhs()
            ? gemm
            : expandLeading(rewriter, loc, gemm, op.getLhs(), resultType);
    if (result.getType() != resultType)
      result = rewriter.create<tensor::CastOp>(loc, resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateMatmulPatterns(RewritePatternSet &patterns) {
  patterns.add<MatmulLowering>(patterns.getContext());
}
