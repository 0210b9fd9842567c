//===- Helpers.cpp - shared by the rnn-to-linalg patterns
//------------------===//
//
// See Internals.h.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AffineMap.h"

#include <limits>

using namespace mlir;

Value rnnc::rnn_to_linalg::emptyTensor(OpBuilder &b, Location loc,
                                       RankedTensorType type,
                                       ValueRange dynamicSizes) {
  return b.create<tensor::EmptyOp>(loc, type, dynamicSizes);
}

Value rnnc::rnn_to_linalg::filledTensor(OpBuilder &b, Location loc,
                                        RankedTensorType type,
                                        ValueRange dynamicSizes, double value) {
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
                                    RankedTensorType type, ValueRange sources) {
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
    bool stretched =
        type.getDimSize(i) == 1 && result.getDimSize(offset + i) != 1;
    exprs.push_back(stretched ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(offset + i, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// `value`'s type without its last dimension, and its dynamic sizes.
RankedTensorType
rnnc::rnn_to_linalg::dropLast(OpBuilder &b, Location loc, Value value,
                              llvm::SmallVectorImpl<Value> &sizes) {
  RankedTensorType type = typeOf(value);
  for (int64_t d = 0; d + 1 < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(b.create<tensor::DimOp>(loc, value, d));
  return RankedTensorType::get(type.getShape().drop_back(),
                               type.getElementType());
}

/// Reduces the last dimension of `x` by max or sum.
Value rnnc::rnn_to_linalg::reduceLast(OpBuilder &b, Location loc, Value x,
                                      bool max) {
  llvm::SmallVector<Value> sizes;
  RankedTensorType type = dropLast(b, loc, x, sizes);
  double init = max ? -std::numeric_limits<double>::infinity() : 0.0;
  Value acc = filledTensor(b, loc, type, sizes, init);
  int64_t last = typeOf(x).getRank() - 1;
  return b
      .create<linalg::ReduceOp>(
          loc, ValueRange{x}, ValueRange{acc}, llvm::ArrayRef<int64_t>{last},
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value r =
                max ? nb.create<arith::MaximumFOp>(l, args[0], args[1])
                          .getResult()
                    : nb.create<arith::AddFOp>(l, args[0], args[1]).getResult();
            nb.create<linalg::YieldOp>(l, r);
          })
      .getResult(0);
}

/// A linalg.generic over `outType` (dynamic sizes `sizes`); `inputs` are
/// read with `maps`; `body` gets the loop indices and the input elements.
Value rnnc::rnn_to_linalg::generic(
    OpBuilder &b, Location loc, RankedTensorType outType, ValueRange sizes,
    ValueRange inputs, llvm::ArrayRef<AffineMap> maps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = emptyTensor(b, loc, outType, sizes);
  llvm::SmallVector<AffineMap> all(maps);
  all.push_back(
      AffineMap::getMultiDimIdentityMap(outType.getRank(), b.getContext()));
  llvm::SmallVector<utils::IteratorType> iterators(
      outType.getRank(), utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, outType, inputs, init, all, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, body(nb, l, args.drop_back()));
          })
      .getResult(0);
}

/// The map of rank `rank` that drops the last dimension.
AffineMap rnnc::rnn_to_linalg::dropLastMap(MLIRContext *ctx, int64_t rank) {
  llvm::SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d + 1 < rank; ++d)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}
