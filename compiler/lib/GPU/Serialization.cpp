//===- Serialization.cpp - the kernels' SPIR-V binary ---------------------===//
//
// See rnnc/GPU/Serialization.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Serialization.h"

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
