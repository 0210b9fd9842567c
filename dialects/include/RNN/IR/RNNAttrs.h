//===- RNNAttrs.h - enums and attributes of the rnn dialect ------*- C++ -*-===//
//
// Direction, activation, reduction and initialiser enums and the
// `#rnn.init<...>` attribute.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_RNNATTRS_H
#define RNN_IR_RNNATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "RNN/IR/RNNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "RNN/IR/RNNAttrs.h.inc"

namespace mlir::rnn {
/// The directions a layer runs: 2 when bidirectional, else 1.
inline int64_t directionCount(Direction direction) {
  return direction == Direction::bidirectional ? 2 : 1;
}
} // namespace mlir::rnn

#endif // RNN_IR_RNNATTRS_H
