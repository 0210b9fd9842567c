//===- StepSpecialisation.h - a dimension fixed to one ----------*- C++ -*-===//
//
// The edits rnn-derive-step (a language model's @step) and
// rnn-derive-decoder-step (a seq2seq model's @decode_step) share: keep
// only some results, and fix the time dimension T to one; and what
// rnn-specialise-single-stream does to a step: fix B to one. Private to
// compiler/lib/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TRANSFORMS_STEPSPECIALISATION_H
#define RNNC_TRANSFORMS_STEPSPECIALISATION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace rnnc {

/// The names of the time and batch dimensions in `rnn.dim` / `rnn.dims`.
inline constexpr llvm::StringLiteral kTimeDim = "T";
inline constexpr llvm::StringLiteral kBatchDim = "B";

/// Whether `dims` (an `rnn.dims` array) names the time dimension.
bool namesTime(mlir::ArrayAttr dims);

/// `func` returns `results` (with `attrs` as their attribute dictionaries)
/// and nothing else; what only fed the old results is erased.
void returnOnly(mlir::func::FuncOp func, mlir::ValueRange results,
                llvm::ArrayRef<mlir::DictionaryAttr> attrs);

/// The dimension `name` becomes 1: the `rnn.dim = name` argument goes (its
/// uses read the constant 1), and every argument and result whose
/// `rnn.dims` name it gets a static extent of 1 there (a tensor.cast to the
/// old type at the entry and from it at the return). Fails when `func` has
/// no such argument. With kTimeDim: one time step; with kBatchDim: one
/// stream.
mlir::LogicalResult fixToOne(mlir::func::FuncOp func, llvm::StringRef name);

} // namespace rnnc

#endif // RNNC_TRANSFORMS_STEPSPECIALISATION_H
