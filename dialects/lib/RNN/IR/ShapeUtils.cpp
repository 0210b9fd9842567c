//===- ShapeUtils.cpp - shape arithmetic shared by the verifiers ----------===//
//
// See ShapeUtils.h.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/ShapeUtils.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

std::string rnn::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(shape, os, [&](int64_t dim) {
    if (ShapedType::isDynamic(dim))
      os << '?';
    else
      os << dim;
  });
  os << ']';
  return text;
}

std::string rnn::formatShape(Type type) {
  return formatShape(llvm::cast<ShapedType>(type).getShape());
}

bool rnn::dimsCompatible(int64_t a, int64_t b) {
  return a == b || ShapedType::isDynamic(a) || ShapedType::isDynamic(b);
}

bool rnn::shapesCompatible(llvm::ArrayRef<int64_t> a,
                           llvm::ArrayRef<int64_t> b) {
  if (a.size() != b.size())
    return false;
  for (auto [x, y] : llvm::zip_equal(a, b))
    if (!dimsCompatible(x, y))
      return false;
  return true;
}

std::optional<llvm::SmallVector<int64_t>>
rnn::broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  llvm::SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align from the right; a missing dimension acts as 1.
    int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    int64_t &out = result[rank - 1 - i];
    if (x == 1)
      out = y;
    else if (y == 1)
      out = x;
    else if (ShapedType::isDynamic(x))
      out = y;
    else if (ShapedType::isDynamic(y) || x == y)
      out = x;
    else
      return std::nullopt;
  }
  return result;
}

LogicalResult rnn::expectShape(Operation *op, llvm::StringRef what,
                               Value value, llvm::ArrayRef<int64_t> expected) {
  if (shapesCompatible(shapeOf(value), expected))
    return success();
  return op->emitOpError() << "expected " << what << " of shape "
                           << formatShape(expected) << ", found "
                           << formatShape(value.getType());
}

LogicalResult rnn::expectElementType(Operation *op, llvm::StringRef what,
                                     Value value, Type elementType) {
  Type actual = elementTypeOf(value);
  if (actual == elementType)
    return success();
  return op->emitOpError() << "expected " << what << " to have element type "
                           << elementType << ", found " << actual;
}

LogicalResult rnn::expectTensorType(Operation *op, llvm::StringRef what,
                                    Value value, Type elementType,
                                    llvm::ArrayRef<int64_t> shape) {
  if (failed(expectElementType(op, what, value, elementType)))
    return failure();
  return expectShape(op, what, value, shape);
}

LogicalResult rnn::expectAxisInRange(Operation *op, int64_t axis,
                                     int64_t rank) {
  if (axis < rank)
    return success();
  return op->emitOpError() << "axis " << axis
                           << " is out of range for a tensor of rank " << rank;
}

LogicalResult rnn::expectDynamicSizes(Operation *op, ShapedType type,
                                      size_t numSizes) {
  int64_t dynamicDims = type.getNumDynamicDims();
  if (static_cast<int64_t>(numSizes) == dynamicDims)
    return success();
  return op->emitOpError() << "expected " << dynamicDims
                           << " dynamic size operand(s) for " << type
                           << ", found " << numSizes;
}

LogicalResult rnn::expectDropRate(Operation *op, double rate) {
  if (rate >= 0 && rate < 1)
    return success();
  return op->emitOpError() << "dropout rate must be in [0, 1), found " << rate;
}

llvm::ArrayRef<int64_t> rnn::shapeOf(Value value) {
  return llvm::cast<ShapedType>(value.getType()).getShape();
}

Type rnn::elementTypeOf(Value value) {
  return llvm::cast<ShapedType>(value.getType()).getElementType();
}
