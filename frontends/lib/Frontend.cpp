//===- Frontend.cpp - .rnn source to the rnn dialect -----------------------===//
//
// See Frontend.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/Frontend.h"
#include "rnnc/Frontend/Lexer.h"
#include "rnnc/Frontend/MLIRGen.h"
#include "rnnc/Frontend/Parser.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

using namespace rnnc;
using namespace rnnc::frontend;

std::optional<ast::Model>
rnnc::frontend::parseModel(const llvm::SourceMgr &sourceMgr,
                           mlir::MLIRContext &context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  SourceLocator locator(sourceMgr, &context);
  Lexer lexer(buffer->getBuffer(), locator);
  Parser parser(lexer, locator);
  return parser.parseFile();
}

mlir::OwningOpRef<mlir::ModuleOp>
rnnc::frontend::importModel(const llvm::SourceMgr &sourceMgr,
                            mlir::MLIRContext &context,
                            llvm::ArrayRef<sema::ConstOverride> overrides) {
  std::optional<ast::Model> model = parseModel(sourceMgr, context);
  if (!model)
    return nullptr;
  std::optional<sema::CheckedModel> checked =
      sema::checkModel(*model, overrides);
  if (!checked)
    return nullptr;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      generateMLIR(*model, *checked, context);
  // Sema guarantees well-formed IR; a verifier failure here is a bug in
  // rnnc, reported with the model's location.
  if (module && mlir::failed(mlir::verify(*module))) {
    mlir::emitError(model->loc)
        << "internal error: the generated rnn dialect does not verify";
    return nullptr;
  }
  return module;
}
