//===- StepSpecialisation.h - a function cut down to one time step -*- C++ -*-===//
//
// The edits rnn-derive-step (a language model's @step) and
// rnn-derive-decoder-step (a seq2seq model's @decode_step) share: keep
// only some results, and fix the time dimension T to one. Private to
// compiler/lib/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TRANSFORMS_STEPSPECIALISATION_H
#define RNNC_TRANSFORMS_STEPSPECIALISATION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace rnnc {

/// The name of the time dimension in `rnn.dim` / `rnn.dims`.
inline constexpr llvm::StringLiteral kTimeDim = "T";

/// Whether `dims` (an `rnn.dims` array) names the time dimension.
bool namesTime(mlir::ArrayAttr dims);

/// `func` returns `results` (with `attrs` as their attribute dictionaries)
/// and nothing else; what only fed the old results is erased.
void returnOnly(mlir::func::FuncOp func, mlir::ValueRange results,
                llvm::ArrayRef<mlir::DictionaryAttr> attrs);

/// T becomes 1: the `rnn.dim = "T"` argument goes (its uses read the
/// constant 1), and every argument and result whose `rnn.dims` name T gets
/// a static extent of 1 there (a tensor.cast to the old type at the entry
/// and from it at the return). Fails when `func` has no T argument.
mlir::LogicalResult specialiseTime(mlir::func::FuncOp func);

} // namespace rnnc

#endif // RNNC_TRANSFORMS_STEPSPECIALISATION_H
