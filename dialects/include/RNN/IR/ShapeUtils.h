//===- ShapeUtils.h - shape arithmetic shared by the verifiers ---*- C++ -*-===//
//
// Formatting shapes for diagnostics ("[35, 32, ?]"), compatibility of
// possibly-dynamic dimensions, and NumPy broadcasting. The frontend uses the
// same rules to compute result types, so the two cannot disagree.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_SHAPEUTILS_H
#define RNN_IR_SHAPEUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir::rnn {

/// "[35, 32, ?]" for a shape with one dynamic dimension; "[]" for a scalar.
std::string formatShape(llvm::ArrayRef<int64_t> shape);
/// The shape of a ranked tensor type, formatted as above.
std::string formatShape(Type type);

/// Two dimensions are compatible when equal or when either is dynamic.
bool dimsCompatible(int64_t a, int64_t b);
/// Same rank and compatible dimension by dimension.
bool shapesCompatible(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// NumPy broadcasting of two shapes; std::nullopt when they do not broadcast.
/// A dynamic dimension against 1 stays dynamic; against n it becomes n.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Checks that `value` is a tensor of shape `expected`; otherwise emits
/// "expected <what> of shape [..], found [..]" on `op`.
LogicalResult expectShape(Operation *op, llvm::StringRef what, Value value,
                          llvm::ArrayRef<int64_t> expected);

/// Checks that every value has the element type of `reference`; otherwise
/// emits "expected <what> to have element type 'f32', found 'f64'".
LogicalResult expectElementType(Operation *op, llvm::StringRef what,
                                Value value, Type elementType);

/// Checks the element type, then the shape, of `value` (both of the above).
LogicalResult expectTensorType(Operation *op, llvm::StringRef what,
                               Value value, Type elementType,
                               llvm::ArrayRef<int64_t> shape);

/// Checks that `axis` indexes a dimension of a rank-`rank` tensor.
LogicalResult expectAxisInRange(Operation *op, int64_t axis, int64_t rank);

/// Checks that there is one index operand per dynamic dimension of `type`.
LogicalResult expectDynamicSizes(Operation *op, ShapedType type,
                                 size_t numSizes);

/// Checks that a dropout probability lies in [0, 1).
LogicalResult expectDropRate(Operation *op, double rate);

/// Shape of a value that is known to be a ranked tensor.
llvm::ArrayRef<int64_t> shapeOf(Value value);
/// Element type of a value that is known to be a shaped type.
Type elementTypeOf(Value value);

} // namespace mlir::rnn

#endif // RNN_IR_SHAPEUTILS_H
