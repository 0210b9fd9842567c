//===- Helpers.cpp - shared by the rnn-to-linalg patterns ------------------===//
//
// See Internals.h.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AffineMap.h"

using namespace mlir;

Value rnnc::rnn_to_linalg::emptyTensor(OpBuilder &b, Location loc,
                                       RankedTensorType type,
                                       ValueRange dynamicSizes) {
  return b.create<tensor::EmptyOp>(loc, type, dynamicSizes);
}

Value rnnc::rnn_to_linalg::filledTensor(OpBuilder &b, Location loc,
                                        RankedTensorType type,
                                        ValueRange dynamicSizes,
                                        double value) {
  Value empty = emptyTensor(b, loc, type, dynamicSizes);
  Value constant = b.create<arith::ConstantOp>(
      loc, b.getFloatAttr(type.getElementType(), value));
  return b.create<linalg::FillOp>(loc, constant, empty).getResult(0);
}

llvm::SmallVector<Value>
rnnc::rnn_to_linalg::dynamicSizesOf(OpBuilder &b, Location loc, Value value) {
  auto type = llvm::cast<RankedTensorType>(value.getType());
  llvm::SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(b.create<tensor::DimOp>(loc, value, d));
  return sizes;
}

llvm::SmallVector<Value>
rnnc::rnn_to_linalg::broadcastSizes(OpBuilder &b, Location loc,
                                    RankedTensorType type,
                                    ValueRange sources) {
  llvm::SmallVector<Value> sizes;
  int64_t rank = type.getRank();
  for (int64_t d = 0; d < rank; ++d) {
    if (!type.isDynamicDim(d))
      continue;
    Value size;
    for (Value source : sources) {
      auto sourceType = llvm::cast<RankedTensorType>(source.getType());
      int64_t aligned = d - (rank - sourceType.getRank());
      if (aligned < 0 || sourceType.getDimSize(aligned) == 1)
        continue;
      size = b.create<tensor::DimOp>(loc, source, aligned);
      break;
    }
    sizes.push_back(size ? size : b.create<arith::ConstantIndexOp>(loc, 1));
  }
  return sizes;
}

AffineMap rnnc::rnn_to_linalg::broadcastMap(MLIRContext *ctx, Type operand,
                                            RankedTensorType result) {
  auto type = llvm::cast<RankedTensorType>(operand);
  int64_t rank = result.getRank(), offset = rank - type.getRank();
  llvm::SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    bool stretched = type.getDimSize(i) == 1 &&
                     result.getDimSize(offset + i) != 1;
    exprs.push_back(stretched ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(offset + i, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}
