//===- RNNMathOps.cpp - verifiers of the math, layer and loss ops ----------===//
//
// Shape and element-type checks of the elementwise, linear-algebra, shape,
// stateless layer and loss ops. Every message states what was expected and
// what was found.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNOps.h"
#include "RNN/IR/ShapeUtils.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::rnn;

//===----------------------------------------------------------------------===//
// Elementwise binary ops and fill
//===----------------------------------------------------------------------===//

static LogicalResult verifyBroadcastBinary(Operation *op) {
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  Value result = op->getResult(0);
  Type elementType = elementTypeOf(lhs);
  if (failed(expectElementType(op, "rhs", rhs, elementType)) ||
      failed(expectElementType(op, "result", result, elementType)))
    return failure();
  auto shape = broadcastShapes(shapeOf(lhs), shapeOf(rhs));
  if (!shape)
    return op->emitOpError() << "operand shapes " << formatShape(lhs.getType())
                             << " and " << formatShape(rhs.getType())
                             << " do not broadcast";
  return expectShape(op, "result (the broadcast shape)", result, *shape);
}

LogicalResult AddOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult SubOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult MulOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult DivOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult MaxOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult MinOp::verify() { return verifyBroadcastBinary(*this); }

LogicalResult ClampOp::verify() {
  if (!(getLo().convertToDouble() <= getHi().convertToDouble()))
    return emitOpError("needs lo <= hi, found lo ")
           << getLo().convertToDouble() << " and hi "
           << getHi().convertToDouble();
  return success();
}

LogicalResult FillOp::verify() {
  return expectDynamicSizes(*this, getType(), getDynamicSizes().size());
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  auto lhs = shapeOf(getLhs()), rhs = shapeOf(getRhs());
  Type elementType = elementTypeOf(getLhs());
  if (failed(expectElementType(*this, "rhs", getRhs(), elementType)) ||
      failed(expectElementType(*this, "result", getResult(), elementType)))
    return failure();

  if (getTransposeLhs()) {
    // lhs [P..., M], rhs [P..., N] -> [M, N], summed over P.
    if (getTransposeRhs())
      return emitOpError() << "transpose_lhs and transpose_rhs cannot be "
                              "combined";
    if (lhs.size() < 2 || lhs.size() != rhs.size())
      return emitOpError() << "with transpose_lhs, expected lhs and rhs of "
                              "equal rank >= 2, found "
                           << formatShape(lhs) << " and " << formatShape(rhs);
    if (!shapesCompatible(lhs.drop_back(), rhs.drop_back()))
      return emitOpError() << "with transpose_lhs, the leading dimensions "
                           << formatShape(lhs.drop_back()) << " and "
                           << formatShape(rhs.drop_back())
                           << " of lhs and rhs must match";
    return expectShape(*this, "result", getResult(),
                       {lhs.back(), rhs.back()});
  }

  // lhs [..., K], rhs [K, N] (or [N, K] with transpose_rhs) -> [..., N].
  if (lhs.empty())
    return emitOpError() << "expected lhs of rank >= 1, found a rank-0 tensor";
  if (rhs.size() != 2)
    return emitOpError() << "expected a 2-d rhs, found rank " << rhs.size();
  int64_t k = getTransposeRhs() ? rhs[1] : rhs[0];
  int64_t n = getTransposeRhs() ? rhs[0] : rhs[1];
  if (!dimsCompatible(lhs.back(), k))
    return emitOpError() << "contraction dimensions differ: lhs has "
                         << lhs.back() << " columns, rhs has " << k
                         << (getTransposeRhs() ? " columns" : " rows");
  llvm::SmallVector<int64_t> expected(lhs.drop_back());
  expected.push_back(n);
  return expectShape(*this, "result", getResult(), expected);
}

//===----------------------------------------------------------------------===//
// Shape ops: concat, split, reverse, reduce
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "expected at least one input";
  Value first = getInputs().front();
  auto firstShape = shapeOf(first);
  int64_t axis = getAxis();
  if (failed(expectAxisInRange(*this, axis, firstShape.size())))
    return failure();

  llvm::SmallVector<int64_t> expected(firstShape);
  expected[axis] = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    auto shape = shapeOf(input);
    if (failed(expectElementType(*this, "every input", input,
                                 elementTypeOf(first))))
      return failure();
    if (shape.size() != firstShape.size())
      return emitOpError() << "input #" << i << " has rank " << shape.size()
                           << ", expected rank " << firstShape.size()
                           << " like input #0";
    for (size_t d = 0; d < shape.size(); ++d) {
      if (static_cast<int64_t>(d) == axis)
        continue;
      if (!dimsCompatible(shape[d], firstShape[d]))
        return emitOpError() << "input #" << i << " has shape "
                             << formatShape(shape) << ", which differs from "
                             << formatShape(firstShape)
                             << " outside the concat axis " << axis;
    }
    if (ShapedType::isDynamic(shape[axis]) ||
        ShapedType::isDynamic(expected[axis]))
      expected[axis] = ShapedType::kDynamic;
    else
      expected[axis] += shape[axis];
  }
  return expectTensorType(*this, "result", getResult(), elementTypeOf(first),
                          expected);
}

LogicalResult SplitOp::verify() {
  auto shape = shapeOf(getInput());
  int64_t axis = getAxis();
  if (failed(expectAxisInRange(*this, axis, shape.size())))
    return failure();
  llvm::ArrayRef<int64_t> sizes = getSizes();
  if (sizes.size() != getResults().size())
    return emitOpError() << "has " << sizes.size() << " sizes but "
                         << getResults().size() << " results";
  int64_t total = 0;
  for (int64_t size : sizes) {
    if (size <= 0)
      return emitOpError() << "split sizes must be positive, found " << size;
    total += size;
  }
  if (!dimsCompatible(shape[axis], total))
    return emitOpError() << "split sizes add up to " << total
                         << " but dimension " << axis << " of the input is "
                         << shape[axis];
  for (auto [i, result] : llvm::enumerate(getResults())) {
    llvm::SmallVector<int64_t> expected(shape);
    expected[axis] = sizes[i];
    if (failed(expectElementType(*this, "every result", result,
                                 elementTypeOf(getInput()))) ||
        failed(expectShape(*this, "result #" + std::to_string(i), result,
                           expected)))
      return failure();
  }
  return success();
}

LogicalResult ReverseOp::verify() {
  return expectAxisInRange(*this, getAxis(), getType().getRank());
}

LogicalResult TransposeOp::verify() {
  auto shape = shapeOf(getInput());
  if (shape.size() != 2)
    return emitOpError() << "expected a matrix, found rank " << shape.size();
  return expectTensorType(*this, "result", getResult(),
                          elementTypeOf(getInput()), {shape[1], shape[0]});
}

LogicalResult ReduceOp::verify() {
  auto shape = shapeOf(getInput());
  llvm::ArrayRef<int64_t> dims = getDims();
  for (auto [i, dim] : llvm::enumerate(dims)) {
    if (dim < 0 || dim >= static_cast<int64_t>(shape.size()))
      return emitOpError() << "reduced dimension " << dim
                           << " is out of range for a tensor of rank "
                           << shape.size();
    if (i > 0 && dims[i - 1] >= dim)
      return emitOpError() << "reduced dimensions must be sorted and "
                              "distinct, found "
                           << formatShape(dims);
  }
  llvm::SmallVector<int64_t> expected;
  for (auto [d, size] : llvm::enumerate(shape)) {
    if (!llvm::is_contained(dims, static_cast<int64_t>(d)))
      expected.push_back(size);
    else if (getKeepDims())
      expected.push_back(1);
  }
  return expectTensorType(*this, "result", getResult(),
                          elementTypeOf(getInput()), expected);
}

LogicalResult BroadcastOp::verify() {
  auto input = shapeOf(getInput()), result = shapeOf(getResult());
  if (failed(expectElementType(*this, "result", getResult(),
                               elementTypeOf(getInput()))))
    return failure();
  if (input.size() > result.size())
    return emitOpError() << "cannot broadcast rank " << input.size()
                         << " down to rank " << result.size();
  size_t offset = result.size() - input.size();
  for (auto [i, dim] : llvm::enumerate(input)) {
    int64_t target = result[offset + i];
    if (dim != 1 && !dimsCompatible(dim, target))
      return emitOpError() << "cannot broadcast " << formatShape(input)
                           << " to " << formatShape(result) << ": dimension "
                           << i << " is " << dim << ", expected 1 or "
                           << target;
  }
  return expectDynamicSizes(*this, getType(), getDynamicSizes().size());
}

LogicalResult SelectOp::verify() {
  auto input = shapeOf(getInput());
  int64_t axis = getAxis(), index = getIndex();
  if (failed(expectAxisInRange(*this, axis, input.size())))
    return failure();
  if (!ShapedType::isDynamic(input[axis]) && index >= input[axis])
    return emitOpError() << "index " << index
                         << " is out of range for dimension " << axis
                         << " of size " << input[axis];
  llvm::SmallVector<int64_t> expected(input);
  expected.erase(expected.begin() + axis);
  return expectTensorType(*this, "result", getResult(),
                          elementTypeOf(getInput()), expected);
}

//===----------------------------------------------------------------------===//
// Stateless layers: one_hot, embedding, linear, layer_norm, dropout, softmax
//===----------------------------------------------------------------------===//

LogicalResult OneHotOp::verify() {
  auto indices = shapeOf(getIndices()), result = shapeOf(getResult());
  if (result.size() != indices.size() + 1)
    return emitOpError() << "expected a result of rank " << indices.size() + 1
                         << " (the indices' rank plus the depth), found rank "
                         << result.size();
  if (!shapesCompatible(result.drop_back(), indices))
    return emitOpError() << "result shape " << formatShape(result)
                         << " does not extend the indices' shape "
                         << formatShape(indices);
  bool dynamicDepth = ShapedType::isDynamic(result.back());
  if (dynamicDepth && !getDepth())
    return emitOpError() << "a dynamic depth needs a 'depth' operand";
  if (!dynamicDepth && getDepth())
    return emitOpError() << "has a 'depth' operand but the result depth is "
                            "static ("
                         << result.back() << ")";
  return success();
}

/// The shape of the rows an embedding `table` gathers for `indices`:
/// the indices' shape, then the table's row width. Fails (with an error on
/// `op`) unless the table is 2-d.
static FailureOr<llvm::SmallVector<int64_t>>
gatheredRowsShape(Operation *op, Value table, Value indices) {
  auto tableShape = shapeOf(table);
  if (tableShape.size() != 2)
    return op->emitOpError()
           << "expected a 2-d table [vocab, dim], found rank "
           << tableShape.size();
  llvm::SmallVector<int64_t> rows(shapeOf(indices));
  rows.push_back(tableShape[1]);
  return rows;
}

LogicalResult EmbeddingOp::verify() {
  auto expected = gatheredRowsShape(*this, getTable(), getIndices());
  if (failed(expected))
    return failure();
  return expectTensorType(*this, "result", getResult(),
                          elementTypeOf(getTable()), *expected);
}

LogicalResult LinearOp::verify() {
  auto input = shapeOf(getInput()), weight = shapeOf(getWeight());
  Type elementType = elementTypeOf(getInput());
  if (input.empty())
    return emitOpError() << "expected an input of rank >= 1";
  if (weight.size() != 2)
    return emitOpError() << "expected a 2-d weight [out, in], found rank "
                         << weight.size();
  if (!dimsCompatible(input.back(), weight[1]))
    return emitOpError() << "input has " << input.back()
                         << " features but the weight [out, in] has "
                         << weight[1] << " columns";
  if (failed(expectElementType(*this, "weight", getWeight(), elementType)))
    return failure();
  if (Value bias = getBias()) {
    if (failed(expectElementType(*this, "bias", bias, elementType)) ||
        failed(expectShape(*this, "bias", bias, {weight[0]})))
      return failure();
  }
  llvm::SmallVector<int64_t> expected(input.drop_back());
  expected.push_back(weight[0]);
  return expectTensorType(*this, "result", getResult(), elementType, expected);
}

LogicalResult LayerNormOp::verify() {
  auto input = shapeOf(getInput());
  if (input.empty())
    return emitOpError() << "expected an input of rank >= 1";
  Type elementType = elementTypeOf(getInput());
  if (failed(expectShape(*this, "gamma", getGamma(), {input.back()})) ||
      failed(expectShape(*this, "beta", getBeta(), {input.back()})) ||
      failed(expectElementType(*this, "gamma", getGamma(), elementType)) ||
      failed(expectElementType(*this, "beta", getBeta(), elementType)))
    return failure();
  if (!(getEpsilon().convertToDouble() > 0))
    return emitOpError() << "epsilon must be positive, found "
                         << getEpsilon().convertToDouble();
  if (getResult().getType() != getInput().getType())
    return emitOpError() << "result type " << getResult().getType()
                         << " differs from the input type "
                         << getInput().getType();
  return success();
}

LogicalResult DropoutOp::verify() {
  if (std::optional<uint64_t> dim = getBatchDim();
      dim && static_cast<int64_t>(*dim) >= getType().getRank())
    return emitOpError() << "batch_dim " << *dim << " is out of range for "
                         << getType();
  return expectDropRate(*this, getRate().convertToDouble());
}

LogicalResult SoftmaxOp::verify() {
  return expectAxisInRange(*this, getAxis(), getType().getRank());
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

LogicalResult CrossEntropyOp::verify() {
  auto logits = shapeOf(getLogits()), targets = shapeOf(getTargets());
  if (logits.empty())
    return emitOpError() << "expected logits of rank >= 1 [..., classes]";
  if (!shapesCompatible(logits.drop_back(), targets))
    return emitOpError() << "targets of shape " << formatShape(targets)
                         << " do not match logits of shape "
                         << formatShape(logits)
                         << " without the class dimension";
  if (Value lengths = getValidLengths()) {
    if (logits.size() != 3)
      return emitOpError() << "valid_lengths needs time-major logits "
                              "[T, B, C], found rank "
                           << logits.size();
    if (failed(expectShape(*this, "valid_lengths", lengths, {logits[1]})))
      return failure();
  }
  return expectElementType(*this, "the loss", getResult(),
                           elementTypeOf(getLogits()));
}

LogicalResult MseOp::verify() {
  if (!shapesCompatible(shapeOf(getPrediction()), shapeOf(getTarget())))
    return emitOpError() << "prediction of shape "
                         << formatShape(getPrediction().getType())
                         << " and target of shape "
                         << formatShape(getTarget().getType()) << " differ";
  Type elementType = elementTypeOf(getPrediction());
  if (failed(expectElementType(*this, "target", getTarget(), elementType)))
    return failure();
  return expectElementType(*this, "the loss", getResult(), elementType);
}

//===----------------------------------------------------------------------===//
// Gradient helpers
//===----------------------------------------------------------------------===//

/// `dims` must be sorted, distinct and index dimensions of a rank-`rank`
/// tensor.
static LogicalResult verifyDimList(Operation *op, llvm::ArrayRef<int64_t> dims,
                                   size_t rank) {
  for (auto [i, dim] : llvm::enumerate(dims)) {
    if (dim < 0 || dim >= static_cast<int64_t>(rank))
      return op->emitOpError() << "dimension " << dim
                               << " is out of range for a tensor of rank "
                               << rank;
    if (i > 0 && dims[i - 1] >= dim)
      return op->emitOpError() << "dimensions must be sorted and distinct, "
                                  "found "
                               << formatShape(dims);
  }
  return success();
}

LogicalResult NumelOp::verify() {
  if (failed(verifyDimList(*this, getDims(), shapeOf(getInput()).size())))
    return failure();
  return expectElementType(*this, "result", getResult(),
                           elementTypeOf(getInput()));
}

LogicalResult CrossEntropyGradOp::verify() {
  auto logits = shapeOf(getLogits()), targets = shapeOf(getTargets());
  if (logits.empty() || !shapesCompatible(logits.drop_back(), targets))
    return emitOpError() << "targets of shape " << formatShape(targets)
                         << " do not match logits of shape "
                         << formatShape(logits)
                         << " without the class dimension";
  if (Value lengths = getValidLengths())
    if (logits.size() != 3 ||
        failed(expectShape(*this, "valid_lengths", lengths, {logits[1]})))
      return emitOpError() << "valid_lengths needs time-major logits "
                              "[T, B, C] and lengths [B]";
  if (getDLogits().getType() != getLogits().getType())
    return emitOpError() << "d_logits type " << getDLogits().getType()
                         << " differs from the logits type "
                         << getLogits().getType();
  return expectElementType(*this, "d_loss", getDLoss(),
                           elementTypeOf(getLogits()));
}

LogicalResult LayerNormGradOp::verify() {
  auto input = shapeOf(getInput());
  if (input.empty())
    return emitOpError() << "expected an input of rank >= 1";
  if (failed(expectShape(*this, "gamma", getGamma(), {input.back()})))
    return failure();
  for (Value v : {getDResult(), getDInput()})
    if (v.getType() != getInput().getType())
      return emitOpError() << "expected d_result and d_input of the input "
                              "type "
                           << getInput().getType() << ", found "
                           << v.getType();
  for (Value v : {getDGamma(), getDBeta()})
    if (v.getType() != getGamma().getType())
      return emitOpError() << "expected d_gamma and d_beta of the gamma type "
                           << getGamma().getType() << ", found "
                           << v.getType();
  return success();
}

LogicalResult EmbeddingGradOp::verify() {
  auto expected = gatheredRowsShape(*this, getTable(), getIndices());
  if (failed(expected) ||
      failed(expectShape(*this, "d_result", getDResult(), *expected)))
    return failure();
  if (getDTable().getType() != getTable().getType())
    return emitOpError() << "d_table type " << getDTable().getType()
                         << " differs from the table type "
                         << getTable().getType();
  return success();
}

LogicalResult TruncationMaskOp::verify() {
  if (getKind() == Truncation::truncated && !getSteps())
    return emitOpError() << "truncated BPTT needs 'steps'";
  if (getKind() == Truncation::randomized) {
    std::optional<llvm::APFloat> p = getProbability();
    if (!p || !(p->convertToDouble() > 0 && p->convertToDouble() <= 1))
      return emitOpError() << "randomized truncation needs a probability in "
                              "(0, 1]";
  }
  return expectDynamicSizes(*this, getType(), getDynamicSizes().size());
}
