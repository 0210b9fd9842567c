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

namespace rnnc::rnn_to_linalg {
/// The body of a max or sum reduction.
static Value combine(OpBuilder &b, Location loc, bool max, Value x, Value acc) {
  if (max)
    return b.create<arith::MaximumFOp>(loc, x, acc);
  return b.create<arith::AddFOp>(loc, x, acc);
}

/// `x` reduced into kReductionLanes partial results: lane l combines the
/// elements l, l + lanes, l + 2 lanes, ... of each row, in that order;
/// [..., N] -> [..., lanes], through the view [..., N / lanes, lanes].
/// The inner loop runs over the lanes (parallel, contiguous): it
/// vectorises, where one accumulator is a chain of dependent scalar
/// additions.
static Value reduceIntoLanes(OpBuilder &b, Location loc, Value x, bool max,
                             double init) {
  MLIRContext *ctx = b.getContext();
  RankedTensorType type = typeOf(x);
  int64_t rank = type.getRank();
  llvm::SmallVector<int64_t> viewShape(type.getShape());
  viewShape.back() = type.getShape().back() / kReductionLanes;
  viewShape.push_back(kReductionLanes);
  llvm::SmallVector<ReassociationIndices> groups;
  llvm::SmallVector<OpFoldResult> viewSizes;
  llvm::SmallVector<Value> sizes; // the dynamic leading sizes
  for (int64_t d = 0; d + 1 < rank; ++d) {
    groups.push_back({d});
    if (type.isDynamicDim(d)) {
      sizes.push_back(b.create<tensor::DimOp>(loc, x, d));
      viewSizes.push_back(sizes.back());
    } else {
      viewSizes.push_back(b.getIndexAttr(type.getDimSize(d)));
    }
  }
  groups.push_back({rank - 1, rank});
  viewSizes.push_back(b.getIndexAttr(viewShape[rank - 1]));
  viewSizes.push_back(b.getIndexAttr(kReductionLanes));
  auto viewType = RankedTensorType::get(viewShape, type.getElementType());
  Value view =
      b.create<tensor::ExpandShapeOp>(loc, viewType, x, groups, viewSizes);

  llvm::SmallVector<int64_t> lanesShape(type.getShape());
  lanesShape.back() = kReductionLanes;
  auto lanesType = RankedTensorType::get(lanesShape, type.getElementType());
  Value acc = filledTensor(b, loc, lanesType, sizes, init);
  // Loops (d_0, ..., d_{rank-2}, j, l): view[..., j, l] into acc[..., l].
  llvm::SmallVector<AffineExpr> out;
  for (int64_t d = 0; d + 1 < rank; ++d)
    out.push_back(getAffineDimExpr(d, ctx));
  out.push_back(getAffineDimExpr(rank, ctx));
  llvm::SmallVector<AffineMap> maps{
      AffineMap::getMultiDimIdentityMap(rank + 1, ctx),
      AffineMap::get(rank + 1, 0, out, ctx)};
  llvm::SmallVector<utils::IteratorType> iterators(
      rank - 1, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  iterators.push_back(utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, lanesType, ValueRange{view}, ValueRange{acc}, maps, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(
                l, combine(nb, l, max, args[0], args[1]));
          })
      .getResult(0);
}
} // namespace rnnc::rnn_to_linalg

/// Reduces the last dimension of `x` by max or sum. A static last
/// dimension of at least two multiples of kReductionLanes is reduced in
/// lanes first (reduceIntoLanes), then across them: the order of the sum
/// is fixed by the IR, the same on every target and vector width.
Value rnnc::rnn_to_linalg::reduceLast(OpBuilder &b, Location loc, Value x,
                                      bool max) {
  double init = max ? -std::numeric_limits<double>::infinity() : 0.0;
  int64_t n = typeOf(x).getShape().back();
  if (!ShapedType::isDynamic(n) && n % kReductionLanes == 0 &&
      n >= 2 * kReductionLanes)
    x = reduceIntoLanes(b, loc, x, max, init);
  llvm::SmallVector<Value> sizes;
  RankedTensorType type = dropLast(b, loc, x, sizes);
  Value acc = filledTensor(b, loc, type, sizes, init);
  int64_t last = typeOf(x).getRank() - 1;
  return b
      .create<linalg::ReduceOp>(
          loc, ValueRange{x}, ValueRange{acc}, llvm::ArrayRef<int64_t>{last},
          [&](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(
                l, combine(nb, l, max, args[0], args[1]));
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
