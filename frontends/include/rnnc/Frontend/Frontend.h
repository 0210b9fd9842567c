//===- Frontend.h - .rnn source to the rnn dialect ---------------*- C++ -*-===//
//
// The frontend's entry point: parse, check and generate, with every error
// reported through the MLIR diagnostic engine at its source location.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_FRONTEND_H
#define RNNC_FRONTEND_FRONTEND_H

#include "rnnc/Frontend/AST.h"
#include "rnnc/Frontend/Sema.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>

namespace rnnc::frontend {

/// Parses the main buffer of `sourceMgr`; std::nullopt after an error.
std::optional<ast::Model> parseModel(const llvm::SourceMgr &sourceMgr,
                                     mlir::MLIRContext &context);

/// Parses, checks and generates the rnn dialect for the main buffer of
/// `sourceMgr`. Null after an error.
mlir::OwningOpRef<mlir::ModuleOp>
importModel(const llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
            llvm::ArrayRef<sema::ConstOverride> overrides);

} // namespace rnnc::frontend

#endif // RNNC_FRONTEND_FRONTEND_H
