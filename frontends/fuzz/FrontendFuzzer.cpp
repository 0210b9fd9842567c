//===- FrontendFuzzer.cpp - libFuzzer target for the .rnn frontend ---------===//
//
// Feeds arbitrary bytes through the whole frontend: lexer, parser, Sema,
// MLIRGen and the verifier of the generated IR, plus the AST dump. Any
// input may be rejected with diagnostics; none may crash, leak memory
// errors (ASan) or hit undefined behaviour (UBSan).
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/Frontend.h"

#include "RNN/IR/RNNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

// LLVM's BumpPtrAllocator (header-only) poisons and unpoisons its slabs when
// the including file is built with ASan. This target is instrumented but the
// Debian libMLIR.so is not, so a slab started by one copy of the inline code
// and carved up by the other reads as "use-after-poison" although nothing
// is wrong (seen replaying a 900-input corpus: the report lands in
// StorageUniquer allocations at a slab boundary). The allocator's manual
// poisoning is therefore switched off; ASan's own redzones, use-after-free
// and leak checks stay on.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

static mlir::MLIRContext &context() {
  static mlir::MLIRContext *ctx = [] {
    auto *c = new mlir::MLIRContext(mlir::MLIRContext::Threading::DISABLED);
    c->loadDialect<mlir::rnn::RNNDialect, mlir::func::FuncDialect,
                   mlir::arith::ArithDialect>();
    c->printOpOnDiagnostic(false);
    return c;
  }();
  return *ctx;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &ctx = context();
  // Diagnostics are expected; swallow them.
  mlir::ScopedDiagnosticHandler quiet(
      &ctx, [](mlir::Diagnostic &) { return mlir::success(); });

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.rnn"),
      llvm::SMLoc());

  if (auto model = rnnc::frontend::parseModel(sourceMgr, ctx))
    rnnc::ast::dump(*model, llvm::nulls());
  // -D overrides are exercised too: they must not crash on any model.
  rnnc::sema::ConstOverride hidden{"hidden", 3, true};
  (void)rnnc::frontend::importModel(sourceMgr, ctx, {});
  (void)rnnc::frontend::importModel(sourceMgr, ctx, {hidden});
  return 0;
}
