//===- TwinBuild.cpp - the f64 build compiled beside the main one ---------===//
//
// See TwinBuild.h. The model crosses to the second context as text: its
// rnn-dialect form is small, and nothing is then shared between the two
// threads but LLVM's target registry (initialised once).
//
//===----------------------------------------------------------------------===//

#include "TwinBuild.h"

#include "CompilerContext.h"
#include "rnnc/Target/NativeCode.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace rnnc;

PipelineOptions rnnc::twinOptions(const PipelineOptions &main) {
  PipelineOptions options = main;
  options.f64 = true;
  options.step = false;
  // The same target: a Vulkan build's gradcheck runs both builds on the
  // device (f64 kernels, rnn-gpu-expand-f64-math).
  options.unroll.reset(); // the same function as the loops, compiled faster
  return options;
}

namespace {
std::string buildObject(const std::string &modelText, PipelineOptions options,
                        const std::string &objectFile) {
  CompilerContext compiler;
  std::string diagnostics;
  llvm::raw_string_ostream log(diagnostics);
  mlir::ScopedDiagnosticHandler handler(
      &compiler.context, [&](mlir::Diagnostic &diagnostic) {
        log << diagnostic << "\n";
        return mlir::success();
      });
  auto failed = [&] { return "the f64 build failed: " + diagnostics; };

  mlir::OwningOpRef<mlir::ModuleOp> twin =
      mlir::parseSourceString<mlir::ModuleOp>(modelText, &compiler.context);
  if (!twin)
    return failed();
  mlir::PassManager pm(&compiler.context);
  buildPipelineTo(pm, Phase::LLVM, options);
  if (mlir::failed(pm.run(*twin)))
    return failed();

  prepareNativeCode(compiler.context);
  llvm::LLVMContext context;
  // kTwinOptLevel in the middle end and the code generator (optnone).
  std::unique_ptr<llvm::Module> module = translateToLLVMIR(*twin, context);
  if (!module)
    return failed();
  std::string error;
  if (mlir::failed(optimizeModule(*module, kTwinOptLevel, error)))
    return error;
  renameF64Twin(*module);
  std::error_code ec;
  llvm::raw_fd_ostream os(objectFile, ec);
  if (ec)
    return "cannot write '" + objectFile + "': " + ec.message();
  if (mlir::failed(emitObject(*module, os, kTwinOptLevel, error)))
    return error;
  return "";
}
} // namespace

TwinBuild::TwinBuild(mlir::ModuleOp module,
                     const PipelineOptions &mainOptions) {
  llvm::SmallString<128> file;
  if (llvm::sys::fs::createTemporaryFile("rnnc-f64", "o", file)) {
    outcome = "cannot create a temporary object file";
    return;
  }
  path = file.str().str();
  remover.emplace(path);
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  thread = llvm::thread([this, text = std::move(text),
                         options = twinOptions(mainOptions)] {
    outcome = buildObject(text, options, path);
  });
}
