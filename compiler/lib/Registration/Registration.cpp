//===- Registration.cpp - dialects and passes rnnc works with -------------===//
//
// See Registration.h. The only translation unit that includes the Init*
// headers (slow to compile).
//
//===----------------------------------------------------------------------===//

#include "rnnc/Registration.h"

#include "RNN/IR/RNNDialect.h"
#include "rnnc/Codegen/Passes.h"
#include "rnnc/Conversion/Passes.h"
#include "rnnc/GPU/Passes.h"
#include "rnnc/Pipelines/Pipelines.h"
#include "rnnc/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void rnnc::registerDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::rnn::RNNDialect>();
  // The upstream dialects with all their external models (bufferization,
  // tiling, LLVM translation interfaces): rnnc lowers through most of them.
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // The CUDA target's kernels are translated to LLVM IR (gpu, nvvm, llvm)
  // inside the pipeline, by gpu-module-to-binary.
  mlir::registerAllToLLVMIRTranslations(registry);
}

void rnnc::registerPasses() {
  mlir::registerAllPasses();
  registerRNNCTransformsPasses();
  registerRNNCConversionPasses();
  registerRNNCCodegenPasses();
  registerRNNCGPUPasses();
  registerPipelines();
}
