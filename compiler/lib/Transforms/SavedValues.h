//===- SavedValues.h - a vjp split into a saving forward and a backward -*-===//
//
// What a framework's autograd does with a derived vjp: the forward pass
// runs once, keeps the values the backward pass reads, and the backward
// pass starts from them. splitAtSavedValues cuts rnn-derive-vjp's
// self-contained @vjp (forward recomputed, then the reverse sweep) at
// those values. Private to the Transforms library.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TRANSFORMS_SAVEDVALUES_H
#define RNNC_TRANSFORMS_SAVEDVALUES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace rnnc::bptt {

/// The attribute naming a saved value (its index) on the saving function's
/// extra results and on the vjp's extra arguments.
constexpr llvm::StringLiteral kSavedAttr = "rnn.saved";

/// Splits `vjp`, whose entry block computes forward's results
/// `forwardResults` (from its first `numForwardArgs` arguments; the rest
/// are the adjoints) and then their adjoints, in two:
///  - a new function `savingName`, inserted before vjp and marked like it:
///    forward's arguments, forward's results (attributes `resultAttrs`)
///    and then every value the reverse sweep reads from the forward sweep
///    (`rnn.saved = "k"`);
///  - vjp itself, which takes those values as trailing arguments (same
///    attributes) instead of recomputing the forward sweep.
/// Values cheaper to recompute than to keep (parameter reads, fills,
/// constants, index arithmetic) are recomputed in vjp.
mlir::func::FuncOp splitAtSavedValues(mlir::func::FuncOp vjp,
                                      unsigned numForwardArgs,
                                      mlir::ValueRange forwardResults,
                                      llvm::ArrayRef<mlir::DictionaryAttr>
                                          resultAttrs,
                                      llvm::StringRef savingName,
                                      llvm::StringRef marker);

} // namespace rnnc::bptt

#endif // RNNC_TRANSFORMS_SAVEDVALUES_H
