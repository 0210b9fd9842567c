//===- ModelToFunc.cpp - rnn.model to functions over parameter arguments
//---===//
//
// See the description of convert-rnn-model-to-func in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Conversion/Passes.h"

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace rnnc {
#define GEN_PASS_DEF_CONVERTRNNMODELTOFUNC
#include "rnnc/Conversion/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

struct ConvertRNNModelToFuncPass
    : rnnc::impl::ConvertRNNModelToFuncBase<ConvertRNNModelToFuncPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto models = llvm::to_vector(module.getOps<ModelOp>());
    if (models.empty())
      return;
    if (models.size() > 1) {
      models[1].emitOpError() << "is a second rnn.model; "
                                 "convert-rnn-model-to-func expects one per "
                                 "module";
      return signalPassFailure();
    }
    if (failed(convert(module, models.front())))
      signalPassFailure();
  }

  LogicalResult convert(ModuleOp module, ModelOp model) {
    OpBuilder b(model);
    auto params = llvm::to_vector(model.getOps<ParamOp>());

    // The parameter table and the model's attributes, on the module.
    llvm::SmallVector<Attribute> table;
    for (ParamOp param : params) {
      // Builtin attributes only: anything downstream can read the table.
      InitializerAttr init = param.getInit();
      llvm::SmallVector<NamedAttribute> entry{
          b.getNamedAttr("name", param.getSymNameAttr()),
          b.getNamedAttr("type", param.getTypeAttr()),
          b.getNamedAttr("init",
                         b.getStringAttr(stringifyInitKind(init.getKind()))),
          b.getNamedAttr("init_args", init.getArgs())};
      if (auto names = param.getDimNamesAttr())
        entry.push_back(b.getNamedAttr("dim_names", names));
      table.push_back(b.getDictionaryAttr(entry));
    }
    module->setAttr("rnn.params", b.getArrayAttr(table));
    llvm::SmallVector<NamedAttribute> modelAttrs{
        b.getNamedAttr("name", model.getSymNameAttr())};
    for (NamedAttribute attr : model->getDiscardableAttrs())
      modelAttrs.push_back(attr);
    module->setAttr("rnn.model", b.getDictionaryAttr(modelAttrs));

    for (auto func : llvm::to_vector(model.getOps<func::FuncOp>())) {
      // One trailing argument per parameter.
      Block &entry = func.getBody().front();
      llvm::DenseMap<StringAttr, Value> args;
      for (ParamOp param : params) {
        unsigned index = func.getNumArguments();
        func.insertArgument(index, param.getType(),
                            b.getDictionaryAttr(b.getNamedAttr(
                                "rnn.param", param.getSymNameAttr())),
                            param.getLoc());
        args[param.getSymNameAttr()] = entry.getArgument(index);
      }
      func.walk([&](ParamReadOp read) {
        read.replaceAllUsesWith(args.lookup(read.getParamAttr().getAttr()));
        read.erase();
      });

      // Replace a private declaration of the same name.
      if (auto declared = module.lookupSymbol<func::FuncOp>(func.getName())) {
        if (!declared.isDeclaration())
          return declared.emitOpError()
                 << "clashes with @" << func.getName() << " of the model";
        if (declared.getFunctionType() != func.getFunctionType())
          return declared.emitOpError()
                 << "declares " << declared.getFunctionType()
                 << " but the model's @" << func.getName() << " is "
                 << func.getFunctionType();
        declared.erase();
      }
      func->moveBefore(model);
    }
    model.erase();
    return success();
  }
};

} // namespace
