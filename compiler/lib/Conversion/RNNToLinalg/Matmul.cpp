//===- Matmul.cpp - rnn.matmul to linalg GEMMs
//-----------------------------===//
//
// The three forms of rnn.matmul. Rank-2 operands use the named GEMMs:
//   lhs [M, K] @ rhs [K, N]               -> linalg.matmul
//   lhs [M, K] @ rhs [N, K]^T             -> linalg.matmul_transpose_b
//   lhs [P, M]^T rhs [P, N]               -> linalg.matmul_transpose_a
// Batched forms (leading dimensions) become one linalg.generic contraction
// over all of them, without reshapes.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "rnnc/Conversion/BatchedMatmul.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

/// A contraction as a linalg.generic: `lhsExprs`, `rhsExprs` and `outExprs`
/// index the operands by the loop dimensions, `numDims` of which the last
/// `numReductions` are reductions. Used for the batched forms, which would
/// otherwise need reshapes of groups with several dynamic dimensions.
Value contraction(PatternRewriter &rewriter, Location loc,
                  RankedTensorType type, ValueRange sizes, Value lhs, Value rhs,
                  unsigned numDims, unsigned numReductions,
                  llvm::ArrayRef<unsigned> lhsDims,
                  llvm::ArrayRef<unsigned> rhsDims,
                  llvm::ArrayRef<unsigned> outDims) {
  MLIRContext *ctx = rewriter.getContext();
  auto map = [&](llvm::ArrayRef<unsigned> dims) {
    llvm::SmallVector<AffineExpr> exprs;
    for (unsigned d : dims)
      exprs.push_back(getAffineDimExpr(d, ctx));
    return AffineMap::get(numDims, 0, exprs, ctx);
  };
  Value init = filledTensor(rewriter, loc, type, sizes, 0.0);
  llvm::SmallVector<utils::IteratorType> iterators(
      numDims - numReductions, utils::IteratorType::parallel);
  iterators.append(numReductions, utils::IteratorType::reduction);
  return rewriter
      .create<linalg::GenericOp>(
          loc, type, ValueRange{lhs, rhs}, init,
          llvm::ArrayRef<AffineMap>{map(lhsDims), map(rhsDims), map(outDims)},
          iterators,
          [](OpBuilder &b, Location l, ValueRange a) {
            Value product = b.create<arith::MulFOp>(l, a[0], a[1]);
            b.create<linalg::YieldOp>(
                l, ValueRange{b.create<arith::AddFOp>(l, a[2], product)});
          })
      .getResult(0);
}

struct MatmulLowering : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto lhsType = llvm::cast<RankedTensorType>(lhs.getType());
    unsigned rank = lhsType.getRank();
    if (rank < 2)
      return rewriter.notifyMatchFailure(op, "rank-1 lhs");

    // Dynamic sizes of the result.
    llvm::SmallVector<Value> sizes;
    auto sizeFrom = [&](Value v, int64_t d) {
      sizes.push_back(rewriter.create<tensor::DimOp>(loc, v, d));
    };
    if (op.getTransposeLhs()) {
      if (type.isDynamicDim(0))
        sizeFrom(lhs, rank - 1);
      if (type.isDynamicDim(1))
        sizeFrom(rhs, rank - 1);
    } else {
      for (unsigned d = 0; d + 1 < rank; ++d)
        if (type.isDynamicDim(d))
          sizeFrom(lhs, d);
      if (type.isDynamicDim(rank - 1))
        sizeFrom(rhs, op.getTransposeRhs() ? 0 : 1);
    }

    Value result;
    if (rank == 2) {
      Value init = filledTensor(rewriter, loc, type, sizes, 0.0);
      llvm::SmallVector<Value> ins{lhs, rhs};
      if (op.getTransposeLhs())
        result =
            rewriter.create<linalg::MatmulTransposeAOp>(loc, type, ins, init)
                .getResult(0);
      else if (op.getTransposeRhs())
        result =
            rewriter.create<linalg::MatmulTransposeBOp>(loc, type, ins, init)
                .getResult(0);
      else
        result = rewriter.create<linalg::MatmulOp>(loc, type, ins, init)
                     .getResult(0);
    } else {
      rnnc::ContractionDims d =
          op.getTransposeLhs()
              ? rnnc::transposedLhsContraction(rank)
              : rnnc::batchedContraction(rank, op.getTransposeRhs());
      result = contraction(rewriter, loc, type, sizes, lhs, rhs, d.numDims,
                           d.numReductions, d.lhs, d.rhs, d.out);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateMatmulPatterns(RewritePatternSet &patterns) {
  patterns.add<MatmulLowering>(patterns.getContext());
}
