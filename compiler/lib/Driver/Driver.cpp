//===- Driver.cpp - what the rnnc subcommands do ---------------------------===//
//
// Loads a model into the rnn dialect with source-located diagnostics,
// verifies it and emits the requested form. See Driver.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Driver.h"
#include "rnnc/Registration.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace rnnc;

namespace {
/// A context with everything rnnc may meet in its inputs.
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
} // namespace

/// Prints `rnnc: error: message` for problems that have no source location.
static int reportError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "rnnc") << message << "\n";
  return UserError;
}

/// Reads `path` into `sourceMgr`; reports a missing or unreadable file.
static bool readInput(const std::string &path, llvm::SourceMgr &sourceMgr) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      mlir::openInputFile(path, &error);
  if (!buffer) {
    reportError("cannot read '" + path + "': " + error);
    return false;
  }
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  return true;
}

/// Parses and verifies the input as a module. Diagnostics have already been
/// reported through the context's handler when this returns null.
static mlir::OwningOpRef<mlir::ModuleOp>
parseModel(const std::string &path, llvm::SourceMgr &sourceMgr,
           mlir::MLIRContext &context) {
  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (extension != ".mlir") {
    reportError("cannot compile '" + path + "': unknown input kind '" +
                extension + "' (expected a .mlir file)");
    return nullptr;
  }
  mlir::ParserConfig config(&context);
  return mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, config);
}

int rnnc::runCheck(const CheckOptions &options) {
  CompilerContext compiler;
  llvm::SourceMgr sourceMgr;
  if (!readInput(options.inputFile, sourceMgr))
    return UserError;

  if (options.verifyDiagnostics) {
    mlir::SourceMgrDiagnosticVerifierHandler handler(sourceMgr,
                                                     &compiler.context);
    (void)parseModel(options.inputFile, sourceMgr, compiler.context);
    return mlir::succeeded(handler.verify()) ? Success : UserError;
  }

  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &compiler.context);
  return parseModel(options.inputFile, sourceMgr, compiler.context)
             ? Success
             : UserError;
}

int rnnc::runCompile(const CompileOptions &options) {
  CompilerContext compiler;
  llvm::SourceMgr sourceMgr;
  if (!readInput(options.inputFile, sourceMgr))
    return UserError;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &compiler.context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      parseModel(options.inputFile, sourceMgr, compiler.context);
  if (!module)
    return UserError;

  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(options.outputFile, &error);
  if (!output)
    return reportError("cannot write '" + options.outputFile + "': " + error);

  switch (options.emit) {
  case EmitKind::RNN:
    module->print(output->os());
    output->os() << "\n";
    break;
  }
  output->keep();
  return Success;
}
