//===- RNNBuilders.h - IR-building helpers over rnn tensors ------*- C++
//-*-===//
//
// Small builders used by the adjoint rules, the BPTT pass and the lowering:
// zeros shaped like a value, and re-inserting reduced dimensions as units.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_RNNBUILDERS_H
#define RNN_IR_RNNBUILDERS_H

#include "mlir/IR/Builders.h"

namespace mlir::rnn {

/// An rnn.fill of zeros shaped like `like` (dynamic sizes via tensor.dim).
Value zerosLike(OpBuilder &b, Location loc, Value like);

/// `reduced` is `input` reduced over `dims` without keep_dims; returns it
/// with those dimensions re-inserted as size 1 (tensor.expand_shape).
Value expandReducedDims(OpBuilder &b, Location loc, Value reduced, Value input,
                        llvm::ArrayRef<int64_t> dims);

} // namespace mlir::rnn

#endif // RNN_IR_RNNBUILDERS_H
