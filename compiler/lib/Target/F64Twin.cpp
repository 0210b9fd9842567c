//===- F64Twin.cpp - the f64 build of a model beside its f32 build
//---------===//
//
// See renameF64Twin and linkF64Twin in NativeCode.h. The runtime's
// gradcheck compares the f32 gradients with those of the f64 build, and
// the f64 gradients with finite differences; both builds live in one
// executable (one object, or two linked together).
//
//===----------------------------------------------------------------------===//

#include "rnnc/Target/NativeCode.h"

#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"

namespace {
/// The symbols every executable's runtime looks up (Runtime.h): an f64
/// model aliases them.
constexpr const char *kExported[] = {"rnnc_model_manifest", "rnnc_call_forward",
                                     "rnnc_call_train_step"};

/// Whether the runtime looks `name` up: the manifest and every entry
/// point (train_step, or a PyTorch module's forward_saving and vjp).
bool isExported(llvm::StringRef name) {
  return name == "rnnc_model_manifest" || name.starts_with("rnnc_call_");
}
} // namespace

void rnnc::renameF64Twin(llvm::Module &twin) {
  // optnone: the code generator treats the twin's functions as -O0 code
  // and spends no time on them.
  for (llvm::Function &function : twin)
    if (!function.isDeclaration()) {
      function.addFnAttr(llvm::Attribute::OptimizeNone);
      function.addFnAttr(llvm::Attribute::NoInline);
    }
  for (llvm::GlobalValue &value : twin.global_values()) {
    if (value.isDeclaration())
      continue;
    if (isExported(value.getName()))
      value.setName(value.getName() + "_f64");
    else
      value.setLinkage(llvm::GlobalValue::InternalLinkage);
  }
}

mlir::LogicalResult rnnc::linkF64Twin(llvm::Module &main,
                                      std::unique_ptr<llvm::Module> twin,
                                      std::string &error) {
  if (!twin) {
    for (const char *name : kExported) {
      llvm::GlobalValue *value = main.getNamedValue(name);
      if (!value) {
        error = std::string("the generated code lacks @") + name;
        return mlir::failure();
      }
      llvm::GlobalAlias::create(std::string(name) + "_f64", value);
    }
    return mlir::success();
  }
  renameF64Twin(*twin);
  if (llvm::Linker::linkModules(main, std::move(twin))) {
    error = "linking the f64 build of the model failed";
    return mlir::failure();
  }
  return mlir::success();
}
