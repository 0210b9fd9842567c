//===- CompilerContext.h - an MLIR context for rnnc's inputs ----*- C++ -*-===//
//
// The context every compile runs in: all dialects rnnc may meet loaded,
// and diagnostics that show the user's source line rather than IR.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DRIVER_COMPILERCONTEXT_H
#define RNNC_DRIVER_COMPILERCONTEXT_H

#include "rnnc/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

namespace rnnc {

struct CompilerContext {
  CompilerContext() {
    mlir::DialectRegistry registry;
    registerDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    // Users see their own source line, not a dump of the generic IR.
    context.printOpOnDiagnostic(false);
  }
  mlir::MLIRContext context;
};

} // namespace rnnc

#endif // RNNC_DRIVER_COMPILERCONTEXT_H
