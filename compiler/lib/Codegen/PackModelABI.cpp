//===- PackModelABI.cpp - uniform entry points for the runtime
//-------------===//
//
// See the description of rnn-codegen-pack-model-abi in Passes.td. The C interface
// that func-to-llvm emits for a function (`_mlir_ciface_NAME`) takes one
// pointer per memref argument, an i64 per index argument and, when the
// function returns memrefs, a leading pointer to the storage of its results.
// Its arity varies per model; the wrapper made here does not.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace rnnc {
#define GEN_PASS_DEF_PACKMODELABI
#include "rnnc/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kCInterfacePrefix = "_mlir_ciface_";
constexpr llvm::StringLiteral kEntryPrefix = "rnnc_call_";
constexpr llvm::StringLiteral kBatchOffset = "rnnc_rt_batch_offset";
constexpr llvm::StringLiteral kTrainingStep = "rnnc_rt_training_step";

struct PackModelABIPass : rnnc::impl::PackModelABIBase<PackModelABIPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The runtime's row offset and step counter are per thread (Runtime.h):
    // threads train their rows of a batch at once.
    for (llvm::StringRef name : {kBatchOffset, kTrainingStep})
      if (auto global = module.lookupSymbol<LLVM::GlobalOp>(name))
        global.setThreadLocal_(true);
    for (auto wrapper : llvm::to_vector(module.getOps<LLVM::LLVMFuncOp>())) {
      llvm::StringRef name = wrapper.getName();
      // Only the interfaces of functions defined here, not those of the
      // runtime functions the generated code calls.
      if (!name.starts_with(kCInterfacePrefix) || wrapper.isExternal())
        continue;
      llvm::StringRef base = name.drop_front(kCInterfacePrefix.size());
      auto wrapped = module.lookupSymbol<LLVM::LLVMFuncOp>(base);
      if (!wrapped) {
        wrapper.emitOpError() << "wraps @" << base << ", which is missing";
        return signalPassFailure();
      }
      if (failed(pack(module, wrapper, wrapped, base)))
        return signalPassFailure();
    }
    // The rnn roles of arguments and results are in the manifest now; LLVM
    // IR has no place for them (its translation warns about each).
    for (auto llvmFunc : module.getOps<LLVM::LLVMFuncOp>()) {
      auto func = llvm::cast<FunctionOpInterface>(llvmFunc.getOperation());
      auto isRole = [](NamedAttribute a) {
        return a.getName().getValue().starts_with("rnn.");
      };
      for (unsigned i = 0; i < func.getNumArguments(); ++i) {
        auto kept = llvm::to_vector(llvm::make_filter_range(
            func.getArgAttrs(i), [&](NamedAttribute a) { return !isRole(a); }));
        func.setArgAttrs(i, kept);
      }
      for (unsigned i = 0; i < func.getNumResults(); ++i) {
        auto kept = llvm::to_vector(llvm::make_filter_range(
            func.getResultAttrs(i),
            [&](NamedAttribute a) { return !isRole(a); }));
        func.setResultAttrs(i, kept);
      }
    }
  }

  LogicalResult pack(ModuleOp module, LLVM::LLVMFuncOp wrapper,
                     LLVM::LLVMFuncOp wrapped, llvm::StringRef base) {
    std::string entryName = (kEntryPrefix + base).str();
    if (module.lookupSymbol(entryName))
      return module.emitError() << "already has @" << entryName;
    LLVM::LLVMFunctionType type = wrapper.getFunctionType();
    // Results come back through the wrapper's first parameter when the
    // function returns a struct (memrefs, or several results).
    bool resultsByPointer = llvm::isa<LLVM::LLVMStructType>(
        wrapped.getFunctionType().getReturnType());
    if (!llvm::isa<LLVM::LLVMVoidType>(type.getReturnType()))
      return wrapper.emitOpError()
             << "returns " << type.getReturnType()
             << "; the packed entry point expects results through a pointer";

    Location loc = wrapper.getLoc();
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    MLIRContext *context = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(context);
    auto entry = b.create<LLVM::LLVMFuncOp>(
        loc, entryName,
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {ptr}));
    Block *body = entry.addEntryBlock(b);
    b.setInsertionPointToStart(body);
    Value args = body->getArgument(0);

    unsigned numParams = type.getNumParams();
    unsigned numArgs = numParams - (resultsByPointer ? 1 : 0);
    // args[k] points to the value of argument k; args[numArgs] to results.
    auto slot = [&](unsigned k) -> Value {
      Value address = b.create<LLVM::GEPOp>(
          loc, ptr, ptr, args, llvm::ArrayRef<LLVM::GEPArg>{int32_t(k)});
      return b.create<LLVM::LoadOp>(loc, ptr, address);
    };
    llvm::SmallVector<Value> operands;
    if (resultsByPointer)
      operands.push_back(slot(numArgs));
    for (unsigned k = 0; k < numArgs; ++k) {
      Type param = type.getParamType(k + (resultsByPointer ? 1 : 0));
      Value pointee = slot(k);
      if (llvm::isa<LLVM::LLVMPointerType>(param)) {
        operands.push_back(pointee); // a memref descriptor, by address
      } else if (llvm::isa<IntegerType, FloatType>(param)) {
        operands.push_back(b.create<LLVM::LoadOp>(loc, param, pointee));
      } else {
        return wrapper.emitOpError()
               << "has parameter " << k << " of type " << param
               << ", which the packed entry point cannot pass";
      }
    }
    b.create<LLVM::CallOp>(loc, wrapper, operands);
    b.create<LLVM::ReturnOp>(loc, ValueRange{});
    return success();
  }
};

} // namespace
