//===- MLIRGen.h - from a checked .rnn model to the rnn dialect --*- C++ -*-===//
//
// Emits one `rnn.model` with its parameters and a `forward` function:
//   forward(dims: index..., inputs..., targets..., state_in...)
//       -> (loss, output, state_out...)
// Dimensions bound at train time (T, B, V, ...) arrive as index arguments;
// recurrences without an explicit initial state take it from a state-in
// argument and return their final state, so the runtime can carry state
// across batches and through generation. Argument and result roles are
// recorded as `rnn.*` attributes.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_MLIRGEN_H
#define RNNC_FRONTEND_MLIRGEN_H

#include "rnnc/Frontend/Sema.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace rnnc::frontend {

/// Builds the module. `checked` must come from checking `model`.
mlir::OwningOpRef<mlir::ModuleOp> generateMLIR(const ast::Model &model,
                                               const sema::CheckedModel &checked,
                                               mlir::MLIRContext &context);

} // namespace rnnc::frontend

#endif // RNNC_FRONTEND_MLIRGEN_H
