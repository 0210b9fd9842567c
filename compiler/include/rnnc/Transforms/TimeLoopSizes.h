//===- TimeLoopSizes.h - sizes in time loops read from before the loop -*- C++ -*-===//
//
// The carried values of a time loop (`scf.for` marked `rnn.time_loop`)
// keep their shape: a scan's states by its semantics, the stacked-output
// buffers because steps only write slices of them. A size read off an
// iteration argument is therefore the size of its initial value, read
// once before the loop. Every temporary of a step is then sized by
// loop-invariant values, and bufferization's loop hoisting allocates it
// once per call instead of once per step. Used by the scan lowering
// (convert-rnn-to-linalg) and again by rnn-states-in-place, whose
// rewritten destinations make new sizes of iteration arguments appear.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TRANSFORMS_TIMELOOPSIZES_H
#define RNNC_TRANSFORMS_TIMELOOPSIZES_H

#include "mlir/IR/PatternMatch.h"

namespace rnnc {

/// `tensor.dim` of a time loop's iteration argument becomes `tensor.dim`
/// of the argument's initial value, before the loop.
void populateTimeLoopSizePatterns(mlir::RewritePatternSet &patterns);

} // namespace rnnc

#endif // RNNC_TRANSFORMS_TIMELOOPSIZES_H
