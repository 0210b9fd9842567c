//===- Driver.cpp - what the rnnc subcommands do ---------------------------===//
//
// Loads a model (.rnn through the frontend, .mlir through the MLIR parser)
// into the rnn dialect with source-located diagnostics, verifies it and
// emits the requested form. See Driver.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Driver.h"
#include "rnnc/Frontend/Frontend.h"
#include "rnnc/Registration.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/ToolUtilities.h"
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

enum class InputKind { RNN, MLIR };
} // namespace

/// Prints `rnnc: error: message` for problems that have no source location.
static int reportError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "rnnc") << message << "\n";
  return UserError;
}

static std::optional<InputKind> inputKindOf(const std::string &path) {
  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (extension == ".rnn")
    return InputKind::RNN;
  if (extension == ".mlir")
    return InputKind::MLIR;
  reportError("cannot compile '" + path + "': unknown input kind '" +
              extension + "' (expected a .rnn model or a .mlir file)");
  return std::nullopt;
}

static std::unique_ptr<llvm::MemoryBuffer> readInput(const std::string &path) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      mlir::openInputFile(path, &error);
  if (!buffer)
    reportError("cannot read '" + path + "': " + error);
  return buffer;
}

/// Parses `-D NAME=VALUE` overrides; reports the first malformed one.
static std::optional<std::vector<sema::ConstOverride>>
parseDefines(const std::vector<std::string> &defines) {
  std::vector<sema::ConstOverride> overrides;
  for (const std::string &define : defines) {
    std::string error;
    std::optional<sema::ConstOverride> o =
        sema::parseConstOverride(define, error);
    if (!o) {
      reportError(error);
      return std::nullopt;
    }
    overrides.push_back(*o);
  }
  return overrides;
}

/// Loads the main buffer of `sourceMgr` as a module. Diagnostics have been
/// reported through the context's handler when this returns null.
static mlir::OwningOpRef<mlir::ModuleOp>
loadModule(InputKind kind, llvm::SourceMgr &sourceMgr,
           mlir::MLIRContext &context,
           llvm::ArrayRef<sema::ConstOverride> overrides) {
  if (kind == InputKind::RNN)
    return frontend::importModel(sourceMgr, context, overrides);
  mlir::ParserConfig config(&context);
  return mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, config);
}

/// Checks one buffer; with `verify`, against its expected-* annotations.
static mlir::LogicalResult
checkBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer, InputKind kind,
            bool verify, llvm::ArrayRef<sema::ConstOverride> overrides) {
  CompilerContext compiler;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  if (verify) {
    mlir::SourceMgrDiagnosticVerifierHandler handler(sourceMgr,
                                                     &compiler.context);
    (void)loadModule(kind, sourceMgr, compiler.context, overrides);
    return handler.verify();
  }
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &compiler.context);
  return mlir::success(
      static_cast<bool>(loadModule(kind, sourceMgr, compiler.context,
                                   overrides)));
}

int rnnc::runCheck(const CheckOptions &options) {
  std::optional<InputKind> kind = inputKindOf(options.inputFile);
  std::optional<std::vector<sema::ConstOverride>> overrides =
      parseDefines(options.defines);
  if (!kind || !overrides)
    return UserError;
  std::unique_ptr<llvm::MemoryBuffer> buffer = readInput(options.inputFile);
  if (!buffer)
    return UserError;
  auto checkChunk = [&](std::unique_ptr<llvm::MemoryBuffer> chunk,
                        llvm::raw_ostream &) {
    return checkBuffer(std::move(chunk), *kind, options.verifyDiagnostics,
                       *overrides);
  };
  mlir::LogicalResult result =
      options.splitInputFile
          ? mlir::splitAndProcessBuffer(std::move(buffer), checkChunk,
                                        llvm::outs())
          : checkChunk(std::move(buffer), llvm::outs());
  return mlir::succeeded(result) ? Success : UserError;
}

int rnnc::runCompile(const CompileOptions &options) {
  std::optional<InputKind> kind = inputKindOf(options.inputFile);
  std::optional<std::vector<sema::ConstOverride>> overrides =
      parseDefines(options.defines);
  if (!kind || !overrides)
    return UserError;
  if (options.emit == EmitKind::AST && *kind != InputKind::RNN)
    return reportError("--emit=ast needs a .rnn model, found '" +
                       options.inputFile + "'");
  std::unique_ptr<llvm::MemoryBuffer> buffer = readInput(options.inputFile);
  if (!buffer)
    return UserError;

  CompilerContext compiler;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &compiler.context);

  std::optional<ast::Model> ast;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (options.emit == EmitKind::AST) {
    if (!(ast = frontend::parseModel(sourceMgr, compiler.context)))
      return UserError;
  } else if (!(module = loadModule(*kind, sourceMgr, compiler.context,
                                   *overrides))) {
    return UserError;
  }

  // The phases: --emit=bptt is --compile-to=bptt.
  Phase phase = options.emit == EmitKind::BPTT ? Phase::BPTT : options.phase;
  if (module) {
    mlir::PassManager pm(&compiler.context);
    buildPipelineTo(pm, phase);
    if (mlir::failed(pm.run(*module)))
      return UserError; // the passes reported why at the model's locations
  }

  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(options.outputFile, &error);
  if (!output)
    return reportError("cannot write '" + options.outputFile + "': " + error);
  switch (options.emit) {
  case EmitKind::AST:
    ast::dump(*ast, output->os());
    break;
  case EmitKind::RNN:
  case EmitKind::BPTT:
    module->print(output->os());
    output->os() << "\n";
    break;
  }
  output->keep();
  return Success;
}
