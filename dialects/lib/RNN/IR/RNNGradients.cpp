//===- RNNGradients.cpp - the adjoint rule of every differentiable op
//------===//
//
// GradientOpInterface::buildAdjoint for each op: given the adjoints of the
// results (null where zero), build the adjoints of the operands (null where
// an operand is not differentiable, such as token ids). Rules are written
// with rnn ops where possible so that they are differentiated, unrolled and
// lowered like the forward code; losses, layer norm and embeddings have
// fused gradient ops. rnn.scan is differentiated by rnn-derive-bptt, which
// owns the reverse scan.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNBuilders.h"
#include "RNN/IR/RNNOps.h"
#include "RNN/IR/ShapeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::rnn;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

namespace {
RankedTensorType tensorTypeOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType());
}

/// A scalar constant of `like`'s element type.
Value scalar(OpBuilder &b, Location loc, double value, Value like) {
  auto type = RankedTensorType::get({}, tensorTypeOf(like).getElementType());
  return b.create<FillOp>(loc, type, b.getF64FloatAttr(value), ValueRange{});
}

Value mul(OpBuilder &b, Location loc, Value lhs, Value rhs, Type type) {
  return b.create<MulOp>(loc, type, lhs, rhs);
}

/// The result type of broadcasting `a` and `b` (they are known to broadcast).
RankedTensorType broadcastType(Value a, Value b) {
  auto shape = *broadcastShapes(shapeOf(a), shapeOf(b));
  return RankedTensorType::get(shape, elementTypeOf(a));
}

/// Sums `grad` down to the shape of `target`, undoing NumPy broadcasting:
/// leading dimensions `target` lacks are summed away, dimensions where
/// `target` has 1 are summed keeping the dimension.
Value unbroadcast(OpBuilder &b, Location loc, Value grad, Value target) {
  RankedTensorType gradType = tensorTypeOf(grad);
  RankedTensorType targetType = tensorTypeOf(target);
  int64_t extra = gradType.getRank() - targetType.getRank();
  Value result = grad;
  if (extra > 0) {
    llvm::SmallVector<int64_t> dims;
    for (int64_t i = 0; i < extra; ++i)
      dims.push_back(i);
    auto type = RankedTensorType::get(gradType.getShape().drop_front(extra),
                                      gradType.getElementType());
    result = b.create<ReduceOp>(loc, type, ReduceKind::sum, result,
                                b.getDenseI64ArrayAttr(dims), false);
  }
  RankedTensorType current = tensorTypeOf(result);
  llvm::SmallVector<int64_t> ones;
  for (int64_t i = 0; i < targetType.getRank(); ++i)
    if (targetType.getDimSize(i) == 1 && current.getDimSize(i) != 1)
      ones.push_back(i);
  if (!ones.empty()) {
    llvm::SmallVector<int64_t> shape(current.getShape());
    for (int64_t i : ones)
      shape[i] = 1;
    result = b.create<ReduceOp>(
        loc, RankedTensorType::get(shape, current.getElementType()),
        ReduceKind::sum, result, b.getDenseI64ArrayAttr(ones), true);
  }
  if (result.getType() != target.getType())
    result = b.create<tensor::CastOp>(loc, target.getType(), result);
  return result;
}

/// A result adjoint, or zeros shaped like the result when it is null.
Value adjointOrZeros(OpBuilder &b, Location loc, Value adjoint, Value result) {
  return adjoint ? adjoint : zerosLike(b, loc, result);
}
} // namespace

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult TanhOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                   SmallVectorImpl<Value> &operandAdjoints) {
  // d(tanh x) = g * (1 - y^2) = g - g*y*y
  Location loc = getLoc();
  Type t = getType();
  Value g = resultAdjoints[0], y = getResult();
  Value gyy = mul(b, loc, mul(b, loc, g, y, t), y, t);
  operandAdjoints.push_back(b.create<SubOp>(loc, t, g, gyy));
  return success();
}

LogicalResult SigmoidOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                      SmallVectorImpl<Value> &operandAdjoints) {
  // d(sigmoid x) = g * y * (1 - y) = g*y - g*y*y
  Location loc = getLoc();
  Type t = getType();
  Value gy = mul(b, loc, resultAdjoints[0], getResult(), t);
  Value gyy = mul(b, loc, gy, getResult(), t);
  operandAdjoints.push_back(b.create<SubOp>(loc, t, gy, gyy));
  return success();
}

/// g * D(x), for a unary op whose derivative is the elementwise op D of
/// its input.
template <typename DerivativeOp>
static Value timesDerivative(OpBuilder &b, Operation *op, Value g) {
  Location loc = op->getLoc();
  Type t = op->getResult(0).getType();
  Value derivative = b.create<DerivativeOp>(loc, t, op->getOperand(0));
  return mul(b, loc, g, derivative, t);
}

LogicalResult ReluOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                   SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(
      timesDerivative<StepOp>(b, getOperation(), resultAdjoints[0]));
  return success();
}

LogicalResult ExpOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(
      mul(b, getLoc(), resultAdjoints[0], getResult(), getType()));
  return success();
}

LogicalResult LogOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(
      b.create<DivOp>(getLoc(), getType(), resultAdjoints[0], getInput()));
  return success();
}

LogicalResult NegOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(
      b.create<NegOp>(getLoc(), getType(), resultAdjoints[0]));
  return success();
}

LogicalResult SqrtOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                   SmallVectorImpl<Value> &operandAdjoints) {
  // d(sqrt x) = g / (2 y)
  Location loc = getLoc();
  Value ratio = b.create<DivOp>(loc, getType(), resultAdjoints[0], getResult());
  operandAdjoints.push_back(
      mul(b, loc, ratio, scalar(b, loc, 0.5, ratio), getType()));
  return success();
}

/// sign(x): 1, -1, or 0 at 0 (and NaN), as step(x) - step(-x).
static Value sign(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value negated = b.create<NegOp>(loc, t, x);
  return b.create<SubOp>(loc, t, b.create<StepOp>(loc, t, x),
                         b.create<StepOp>(loc, t, negated));
}

LogicalResult AbsOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  // d|x| = g * sign(x), 0 at 0 (PyTorch's).
  Location loc = getLoc();
  operandAdjoints.push_back(
      mul(b, loc, resultAdjoints[0], sign(b, loc, getInput()), getType()));
  return success();
}

LogicalResult SoftplusOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                       SmallVectorImpl<Value> &operandAdjoints) {
  // d softplus(x) = g * sigmoid(x)
  operandAdjoints.push_back(
      timesDerivative<SigmoidOp>(b, getOperation(), resultAdjoints[0]));
  return success();
}

LogicalResult PowOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  // d x^c = g * c * x^(c - 1); zero for c = 0 (also at x = 0).
  Location loc = getLoc();
  Type t = getType();
  double c = getExponent().convertToDouble();
  Value g = resultAdjoints[0];
  if (c == 0) {
    operandAdjoints.push_back(zerosLike(b, loc, getInput()));
    return success();
  }
  Value power = b.create<PowOp>(loc, t, getInput(), b.getF64FloatAttr(c - 1));
  Value scaled = mul(b, loc, power, scalar(b, loc, c, power), t);
  operandAdjoints.push_back(mul(b, loc, g, scaled, t));
  return success();
}

LogicalResult ClampOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                    SmallVectorImpl<Value> &operandAdjoints) {
  // g where lo <= x <= hi, else 0: (1 - step(lo - x)) (1 - step(x - hi)).
  Location loc = getLoc();
  Type t = getType();
  Value x = getInput();
  Value one = scalar(b, loc, 1.0, x);
  auto inside = [&](Value beyond) {
    return b.create<SubOp>(loc, t, one, b.create<StepOp>(loc, t, beyond));
  };
  Value belowLo = b.create<SubOp>(
      loc, t, scalar(b, loc, getLo().convertToDouble(), x), x);
  Value aboveHi = b.create<SubOp>(
      loc, t, x, scalar(b, loc, getHi().convertToDouble(), x));
  Value mask = mul(b, loc, inside(belowLo), inside(aboveHi), t);
  operandAdjoints.push_back(mul(b, loc, resultAdjoints[0], mask, t));
  return success();
}

/// The adjoints of max(l, r) (`isMax`) or min(l, r): the result's to the
/// operand it took, half to each at a tie: the weight of l is
/// (1 + sign(l - r)) / 2 for max, (1 - sign(l - r)) / 2 for min.
static void extremumAdjoints(OpBuilder &b, Location loc, Value g, Value l,
                             Value r, bool isMax,
                             SmallVectorImpl<Value> &operandAdjoints) {
  RankedTensorType t = broadcastType(l, r);
  Value s = sign(b, loc, b.create<SubOp>(loc, t, l, r));
  Value half = scalar(b, loc, 0.5, s);
  Value signedHalf = mul(b, loc, s, half, t);
  Value wl = isMax ? b.create<AddOp>(loc, t, half, signedHalf).getResult()
                   : b.create<SubOp>(loc, t, half, signedHalf).getResult();
  Value wr = b.create<SubOp>(loc, t, scalar(b, loc, 1.0, s), wl);
  operandAdjoints.push_back(
      unbroadcast(b, loc, mul(b, loc, g, wl, broadcastType(g, wl)), l));
  operandAdjoints.push_back(
      unbroadcast(b, loc, mul(b, loc, g, wr, broadcastType(g, wr)), r));
}

LogicalResult MaxOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  extremumAdjoints(b, getLoc(), resultAdjoints[0], getLhs(), getRhs(), true,
                   operandAdjoints);
  return success();
}

LogicalResult MinOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  extremumAdjoints(b, getLoc(), resultAdjoints[0], getLhs(), getRhs(), false,
                   operandAdjoints);
  return success();
}

LogicalResult AddOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  Value g = resultAdjoints[0];
  operandAdjoints.push_back(unbroadcast(b, getLoc(), g, getLhs()));
  operandAdjoints.push_back(unbroadcast(b, getLoc(), g, getRhs()));
  return success();
}

LogicalResult SubOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value g = resultAdjoints[0];
  Value negated = b.create<NegOp>(loc, g.getType(), g);
  operandAdjoints.push_back(unbroadcast(b, loc, g, getLhs()));
  operandAdjoints.push_back(unbroadcast(b, loc, negated, getRhs()));
  return success();
}

LogicalResult MulOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value g = resultAdjoints[0];
  Value dl = mul(b, loc, g, getRhs(), broadcastType(g, getRhs()));
  Value dr = mul(b, loc, g, getLhs(), broadcastType(g, getLhs()));
  operandAdjoints.push_back(unbroadcast(b, loc, dl, getLhs()));
  operandAdjoints.push_back(unbroadcast(b, loc, dr, getRhs()));
  return success();
}

LogicalResult DivOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  // d(l / r) = g / r for l, -g * (l / r) / r for r.
  Location loc = getLoc();
  Value g = resultAdjoints[0];
  Type t = getType();
  Value dl = b.create<DivOp>(loc, broadcastType(g, getRhs()), g, getRhs());
  Value gy = mul(b, loc, g, getResult(), t);
  Value gyr = b.create<DivOp>(loc, broadcastType(gy, getRhs()), gy, getRhs());
  Value dr = b.create<NegOp>(loc, gyr.getType(), gyr);
  operandAdjoints.push_back(unbroadcast(b, loc, dl, getLhs()));
  operandAdjoints.push_back(unbroadcast(b, loc, dr, getRhs()));
  return success();
}

//===----------------------------------------------------------------------===//
// Linear algebra and shape
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                     SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  Value g = resultAdjoints[0], lhs = getLhs(), rhs = getRhs();
  Type lhsType = lhs.getType(), rhsType = rhs.getType();
  if (getTransposeLhs()) {
    // out[M,N] = sum_P lhs[P,M]^T rhs[P,N]
    operandAdjoints.push_back(
        b.create<MatmulOp>(loc, lhsType, rhs, g, false, true));
    operandAdjoints.push_back(
        b.create<MatmulOp>(loc, rhsType, lhs, g, false, false));
    return success();
  }
  if (tensorTypeOf(lhs).getRank() < 2)
    return emitOpError() << "the gradient of a matmul with a rank-1 lhs is "
                            "not supported";
  if (getTransposeRhs()) {
    // out = lhs @ rhs^T, rhs [N, K]
    operandAdjoints.push_back(
        b.create<MatmulOp>(loc, lhsType, g, rhs, false, false));
    operandAdjoints.push_back(
        b.create<MatmulOp>(loc, rhsType, g, lhs, true, false));
    return success();
  }
  // out = lhs @ rhs, rhs [K, N]
  operandAdjoints.push_back(
      b.create<MatmulOp>(loc, lhsType, g, rhs, false, true));
  operandAdjoints.push_back(
      b.create<MatmulOp>(loc, rhsType, lhs, g, true, false));
  return success();
}

LogicalResult ConcatOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                     SmallVectorImpl<Value> &operandAdjoints) {
  // Each input's adjoint is its slice of g along the axis.
  Location loc = getLoc();
  Value g = resultAdjoints[0];
  int64_t axis = getAxis(), rank = tensorTypeOf(g).getRank();
  Value offset = b.create<arith::ConstantIndexOp>(loc, 0);
  for (Value input : getInputs()) {
    llvm::SmallVector<OpFoldResult> offsets, sizes, strides;
    for (int64_t d = 0; d < rank; ++d) {
      offsets.push_back(d == axis ? OpFoldResult(offset)
                                  : OpFoldResult(b.getIndexAttr(0)));
      sizes.push_back(tensor::getMixedSize(b, loc, input, d));
      strides.push_back(b.getIndexAttr(1));
    }
    operandAdjoints.push_back(b.create<tensor::ExtractSliceOp>(
        loc, tensorTypeOf(input), g, offsets, sizes, strides));
    Value size = b.create<tensor::DimOp>(loc, input, axis);
    offset = b.create<arith::AddIOp>(loc, offset, size);
  }
  return success();
}

LogicalResult SplitOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                    SmallVectorImpl<Value> &operandAdjoints) {
  Location loc = getLoc();
  llvm::SmallVector<Value> pieces;
  for (auto [adjoint, result] : llvm::zip(resultAdjoints, getResults()))
    pieces.push_back(adjointOrZeros(b, loc, adjoint, result));
  operandAdjoints.push_back(b.create<ConcatOp>(
      loc, getInput().getType(), pieces, b.getI64IntegerAttr(getAxis())));
  return success();
}

LogicalResult ReverseOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                      SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(b.create<ReverseOp>(
      getLoc(), getType(), resultAdjoints[0], getAxisAttr()));
  return success();
}

LogicalResult
TransposeOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                          SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(b.create<TransposeOp>(
      getLoc(), getInput().getType(), resultAdjoints[0]));
  return success();
}

LogicalResult ReduceOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                     SmallVectorImpl<Value> &operandAdjoints) {
  // Spread g back over the reduced dimensions (divided by their size for a
  // mean). Without keep_dims, first re-insert the reduced dimensions as 1.
  Location loc = getLoc();
  Value g = resultAdjoints[0];
  RankedTensorType inputType = tensorTypeOf(getInput());
  llvm::ArrayRef<int64_t> dims = getDims();
  if (!getKeepDims() && !dims.empty())
    g = expandReducedDims(b, loc, g, getInput(), dims);
  llvm::SmallVector<Value> sizes;
  for (int64_t i = 0; i < inputType.getRank(); ++i)
    if (inputType.isDynamicDim(i))
      sizes.push_back(b.create<tensor::DimOp>(loc, getInput(), i));
  Value spread = b.create<BroadcastOp>(loc, inputType, g, sizes);
  if (getKind() == ReduceKind::mean) {
    auto scalarType = RankedTensorType::get({}, inputType.getElementType());
    Value count = b.create<NumelOp>(loc, scalarType, getInput(), getDimsAttr());
    spread = b.create<DivOp>(loc, inputType, spread, count);
  }
  operandAdjoints.push_back(spread);
  return success();
}

LogicalResult
BroadcastOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                          SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(
      unbroadcast(b, getLoc(), resultAdjoints[0], getInput()));
  for (size_t i = 0; i < getDynamicSizes().size(); ++i)
    operandAdjoints.push_back(nullptr);
  return success();
}

LogicalResult SelectOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                     SmallVectorImpl<Value> &operandAdjoints) {
  // Zeros with g written back at the selected index.
  Location loc = getLoc();
  Value zeros = zerosLike(b, loc, getInput());
  int64_t axis = getAxis(), rank = tensorTypeOf(getInput()).getRank();
  llvm::SmallVector<OpFoldResult> offsets, sizes, strides;
  for (int64_t d = 0; d < rank; ++d) {
    offsets.push_back(b.getIndexAttr(d == axis ? getIndex() : 0));
    sizes.push_back(d == axis ? OpFoldResult(b.getIndexAttr(1))
                              : tensor::getMixedSize(b, loc, getInput(), d));
    strides.push_back(b.getIndexAttr(1));
  }
  operandAdjoints.push_back(b.create<tensor::InsertSliceOp>(
      loc, resultAdjoints[0], zeros, offsets, sizes, strides));
  return success();
}

//===----------------------------------------------------------------------===//
// Stateless layers and losses
//===----------------------------------------------------------------------===//

LogicalResult
EmbeddingOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                          SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(nullptr); // token ids
  operandAdjoints.push_back(
      b.create<EmbeddingGradOp>(getLoc(), getTable().getType(), getIndices(),
                                resultAdjoints[0], getTable()));
  return success();
}

LogicalResult LinearOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                     SmallVectorImpl<Value> &operandAdjoints) {
  // y = x W^T + b: dx = g W, dW = g^T x (summed over leading dims),
  // db = g summed over leading dims.
  Location loc = getLoc();
  Value g = resultAdjoints[0];
  int64_t rank = tensorTypeOf(g).getRank();
  if (rank < 2)
    return emitOpError() << "the gradient of linear needs an input of rank "
                            ">= 2";
  operandAdjoints.push_back(b.create<MatmulOp>(loc, getInput().getType(), g,
                                               getWeight(), false, false));
  operandAdjoints.push_back(b.create<MatmulOp>(loc, getWeight().getType(), g,
                                               getInput(), true, false));
  if (Value bias = getBias()) {
    llvm::SmallVector<int64_t> dims;
    for (int64_t d = 0; d + 1 < rank; ++d)
      dims.push_back(d);
    operandAdjoints.push_back(
        b.create<ReduceOp>(loc, bias.getType(), ReduceKind::sum, g,
                           b.getDenseI64ArrayAttr(dims), false));
  }
  return success();
}

LogicalResult
LayerNormOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                          SmallVectorImpl<Value> &operandAdjoints) {
  auto grad = b.create<LayerNormGradOp>(
      getLoc(), TypeRange{getType(), getGamma().getType(), getBeta().getType()},
      getInput(), getGamma(), resultAdjoints[0], getEpsilonAttr());
  operandAdjoints.append({grad.getDInput(), grad.getDGamma(), grad.getDBeta()});
  return success();
}

LogicalResult DropoutOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                      SmallVectorImpl<Value> &operandAdjoints) {
  // The mask depends only on the seed, the step and the position, so the
  // same dropout applied to g multiplies it by the same mask and scale.
  operandAdjoints.push_back(
      b.create<DropoutOp>(getLoc(), getType(), resultAdjoints[0],
                          getRateAttr(), getSeedAttr(), getBatchDimAttr()));
  return success();
}

LogicalResult SoftmaxOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                      SmallVectorImpl<Value> &operandAdjoints) {
  // dx = y * (g - sum(g * y, axis))
  Location loc = getLoc();
  Type t = getType();
  Value y = getResult();
  Value gy = mul(b, loc, resultAdjoints[0], y, t);
  llvm::SmallVector<int64_t> keptShape(tensorTypeOf(y).getShape());
  keptShape[getAxis()] = 1;
  auto keptType = RankedTensorType::get(keptShape, elementTypeOf(y));
  Value sum = b.create<ReduceOp>(
      loc, keptType, ReduceKind::sum, gy,
      b.getDenseI64ArrayAttr({static_cast<int64_t>(getAxis())}), true);
  Value centred = b.create<SubOp>(loc, t, resultAdjoints[0], sum);
  operandAdjoints.push_back(mul(b, loc, y, centred, t));
  return success();
}

LogicalResult
CrossEntropyOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                             SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.push_back(b.create<CrossEntropyGradOp>(
      getLoc(), getLogits().getType(), getReduction(), getLogits(),
      getTargets(), resultAdjoints[0], getValidLengths()));
  operandAdjoints.push_back(nullptr); // targets
  if (getValidLengths())
    operandAdjoints.push_back(nullptr);
  return success();
}

LogicalResult MseOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  // d mean((p - y)^2) = 2 (p - y) g / N for p, the negation for y.
  Location loc = getLoc();
  Value p = getPrediction();
  Type t = p.getType();
  int64_t rank = tensorTypeOf(p).getRank();
  llvm::SmallVector<int64_t> all;
  for (int64_t d = 0; d < rank; ++d)
    all.push_back(d);
  Value diff = b.create<SubOp>(loc, t, p, getTarget());
  Value scaled = mul(b, loc, diff, resultAdjoints[0], t);
  Value twice = mul(b, loc, scaled, scalar(b, loc, 2.0, p), t);
  Value count =
      b.create<NumelOp>(loc, getType(), p, b.getDenseI64ArrayAttr(all));
  Value dp = b.create<DivOp>(loc, t, twice, count);
  operandAdjoints.push_back(dp);
  operandAdjoints.push_back(b.create<NegOp>(loc, t, dp));
  return success();
}

//===----------------------------------------------------------------------===//
// Library layers: their backward ops
//===----------------------------------------------------------------------===//

/// The backward op of a layer (its interface's counterpart): forward
/// operands, forward results, result adjoints (zeros where null) ->
/// adjoints of input, states and weights; attributes as the forward op's.
static LogicalResult
buildLayerAdjoint(RecurrentLayerOpInterface layer, OpBuilder &b,
                  ValueRange resultAdjoints,
                  SmallVectorImpl<Value> &operandAdjoints) {
  Operation *op = layer.getOperation();
  Location loc = op->getLoc();
  llvm::SmallVector<Value> operands(op->getOperands());
  operands.append(op->getResults().begin(), op->getResults().end());
  for (auto [adjoint, result] : llvm::zip(resultAdjoints, op->getResults()))
    operands.push_back(adjointOrZeros(b, loc, adjoint, result));
  OperationState state(loc, layer.getCounterpartName(), operands,
                       op->getOperandTypes(), op->getAttrs());
  Operation *grad = b.create(state);
  operandAdjoints.append(grad->getResults().begin(), grad->getResults().end());
  return success();
}

LogicalResult VanillaOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                      SmallVectorImpl<Value> &operandAdjoints) {
  return buildLayerAdjoint(*this, b, resultAdjoints, operandAdjoints);
}

LogicalResult GRUOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                  SmallVectorImpl<Value> &operandAdjoints) {
  return buildLayerAdjoint(*this, b, resultAdjoints, operandAdjoints);
}

LogicalResult LSTMOp::buildAdjoint(OpBuilder &b, ValueRange resultAdjoints,
                                   SmallVectorImpl<Value> &operandAdjoints) {
  return buildLayerAdjoint(*this, b, resultAdjoints, operandAdjoints);
}
