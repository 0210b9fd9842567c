//===- Pipelines.cpp - the compiler's phases as named pipelines ------------===//
//
// See Pipelines.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Pipelines/Pipelines.h"

#include "rnnc/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

void rnnc::buildPipelineTo(mlir::OpPassManager &pm, Phase phase) {
  if (phase == Phase::RNN)
    return;
  pm.addPass(createDeriveBPTT());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  if (phase == Phase::BPTT)
    return;
  pm.addPass(createHoistInputProjection());
  pm.addPass(createBatchWeightGradients());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
}

void rnnc::registerPipelines() {
  mlir::PassPipelineRegistration<>(
      "rnnc-bptt-pipeline",
      "The bptt phase: derive train_step (truncation from the model's "
      "train block), canonicalize, cse",
      [](mlir::OpPassManager &pm) { buildPipelineTo(pm, Phase::BPTT); });
  mlir::PassPipelineRegistration<>(
      "rnnc-optimized-pipeline",
      "The optimized phase: the bptt phase, then hoisted input projections "
      "and batched weight gradients, canonicalize, cse",
      [](mlir::OpPassManager &pm) {
        buildPipelineTo(pm, Phase::Optimized);
      });
}
