//===- Serialization.cpp - the kernels as the device takes them -----------===//
//
// See rnnc/GPU/Serialization.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Serialization.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Target/SPIRV/Serialization.h"

using namespace mlir;

FailureOr<SmallVector<uint32_t>> rnnc::gpu::serializeKernels(ModuleOp module) {
  SmallVector<spirv::ModuleOp> spirvModules(module.getOps<spirv::ModuleOp>());
  if (spirvModules.size() != 1)
    return module.emitError("expected one spirv.module of kernels, found ")
           << spirvModules.size();
  SmallVector<uint32_t> words;
  if (failed(spirv::serialize(spirvModules.front(), words)))
    return failure();
  return words;
}

FailureOr<SmallVector<std::pair<std::string, std::string>>>
rnnc::gpu::kernelPTX(ModuleOp module) {
  SmallVector<std::pair<std::string, std::string>> texts;
  for (auto binary : module.getOps<mlir::gpu::BinaryOp>())
    for (Attribute attr : binary.getObjects()) {
      auto object = llvm::cast<mlir::gpu::ObjectAttr>(attr);
      auto target = llvm::dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget());
      if (!target ||
          object.getFormat() != mlir::gpu::CompilationTarget::Assembly)
        continue;
      // The object holds the text NUL-ended, as the driver API takes it.
      llvm::StringRef text = object.getObject().getValue();
      texts.emplace_back(target.getChip().str(), text.rtrim('\0').str());
    }
  if (texts.empty())
    return module.emitError("expected the kernels' PTX (a gpu.binary of "
                            "NVVM assembly objects), found none");
  return texts;
}
