//===- Pipelines.cpp - the compiler's phases as named pipelines -----------===//
//
// See Pipelines.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Pipelines/Pipelines.h"

#include "rnnc/Codegen/Passes.h"
#include "rnnc/Conversion/Passes.h"
#include "rnnc/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

static void addCleanup(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// Tensors to buffers: function boundaries included, identity layouts at
/// the boundary (the runtime passes dense row-major buffers), returned
/// buffers owned by the caller.
static void addBufferization(OpPassManager &pm, std::optional<unsigned> unroll) {
  bufferization::OneShotBufferizationOptions options;
  options.bufferizeFunctionBoundaries = true;
  options.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  options.allowReturnAllocsFromLoops = true;
  // A value inserted into a larger tensor (a step's activations into the
  // stacked outputs) is computed in that tensor's slice rather than copied
  // there. (Not a chain of inserts: a concatenation's parts are left to
  // rnn-codegen-forward-temporary-copies.)
  pm.addPass(rnnc::createUnshareEmptyTensors());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  // A value computed in place in its slice still has its insert_slice,
  // now a copy between two equal subviews: CSE makes them one value and
  // canonicalization drops the copy to itself.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  // What bufferization still writes to a temporary and copies (the parts
  // of a concatenation stored in a stacked output) is written in place.
  pm.addNestedPass<func::FuncOp>(rnnc::createForwardTemporaryCopies());
  // A step's temporaries are sized by loop-invariant values (Scan.cpp):
  // allocate them once, before the time loop. Hoisting an allocation can
  // make the sizes of others invariant (their memref.dim), hence rounds.
  for (int round = 0; round < 3; ++round) {
    if (round > 0)
      pm.addNestedPass<func::FuncOp>(createLoopInvariantCodeMotionPass());
    pm.addNestedPass<func::FuncOp>(
        bufferization::createBufferLoopHoistingPass());
  }
  if (unroll)
    pm.addPass(rnnc::createUnrollSteps(rnnc::UnrollStepsOptions{*unroll}));
  bufferization::buildBufferDeallocationPipeline(
      pm, bufferization::BufferDeallocationPipelineOptions());
  pm.addPass(createBufferizationToMemRefPass());
}

/// Buffers, loops and math to the LLVM dialect.
static void addConversionToLLVM(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(rnnc::createApproximateMath());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void rnnc::buildPipelineTo(OpPassManager &pm, Phase phase,
                           const PipelineOptions &options) {
  if (options.f64)
    pm.addPass(createPromoteToF64());
  if (phase == Phase::RNN)
    return;
  // Named f32 layers stay whole for oneDNN's RNN primitives (split per
  // layer and direction); the rest become scans and cell math, whose
  // gradients rnn-derive-bptt derives like any user cell's.
  if (options.step)
    pm.addPass(createDeriveStep());
  if (options.libraryLayers)
    pm.addPass(createRecognizeCells());
  pm.addPass(createDecomposeLayers(
      DecomposeLayersOptions{options.libraryLayers && !options.f64}));
  pm.addPass(createFuseGates());
  pm.addPass(createDeriveBPTT());
  pm.addPass(createEvalMode());
  addCleanup(pm);
  if (phase == Phase::BPTT)
    return;
  pm.addPass(createHoistInputProjection());
  pm.addPass(createBatchWeightGradients());
  pm.addPass(createFoldOneHot());
  pm.addPass(createSinkEmbeddings());
  addCleanup(pm);
  if (phase == Phase::Optimized)
    return;
  pm.addPass(createConvertRNNModelToFunc());
  pm.addPass(createConvertRNNModelToManifest());
  pm.addPass(createConvertRNNToOneDNN());
  pm.addPass(createConvertRNNToLinalg());
  // Chains of elementwise generics (a cell's gate math) become one loop
  // nest: less memory traffic, and far less code for LLVM to optimise.
  pm.addPass(createLinalgElementwiseOpFusionPass());
  // What remains, values read several times, merges by clusters (once
  // CSE has made equal values one: the lowering repeats tensor.dim and
  // casts, which would split the clusters).
  addCleanup(pm);
  pm.addPass(rnnc::createMergeElementwise());
  // Time loops then keep one buffer per state (rnn-states-in-place).
  pm.addPass(createStatesInPlace());
  addCleanup(pm);
  if (phase == Phase::Lowered)
    return;
  addBufferization(pm, options.unroll);
  pm.addPass(createGemmToOneDNN());
  addConversionToLLVM(pm);
  pm.addPass(createPackModelABI());
  addCleanup(pm);
}

void rnnc::registerPipelines() {
  struct Registered {
    const char *name;
    const char *summary;
    Phase phase;
  };
  static const Registered pipelines[] = {
      {"rnnc-bptt-pipeline",
       "The bptt phase: language models' single-step function derived, "
       "Elman, LSTM and GRU cells recognised as layers, named layers "
       "split per layer and direction (f32) "
       "or decomposed into scans, gate products fused, derive "
       "train_step (truncation from the model's train block), no dropout "
       "outside train_step, canonicalize, cse",
       Phase::BPTT},
      {"rnnc-optimized-pipeline",
       "The optimized phase: the bptt phase, then hoisted input projections, "
       "batched weight gradients, one-hot products as row gathers, "
       "gathers feeding time loops done per step, canonicalize, cse",
       Phase::Optimized},
      {"rnnc-lowered-pipeline",
       "The lowered phase: the optimized phase, then functions over "
       "parameter arguments, the model manifest, layers to oneDNN RNN "
       "primitive calls, rnn to linalg on tensors, "
       "elementwise fusion and merged elementwise clusters, time loops "
       "writing their states in place",
       Phase::Lowered},
      {"rnnc-llvm-pipeline",
       "The llvm phase: the lowered phase, then empty-tensor elimination, "
       "bufferization, unrolling "
       "(--unroll), loops, "
       "oneDNN GEMM calls, approximated math, the LLVM dialect and the "
       "packed entry points",
       Phase::LLVM},
  };
  for (const Registered &p : pipelines) {
    Phase phase = p.phase;
    PassPipelineRegistration<PipelineCommandLineOptions>(
        p.name, p.summary,
        [phase](OpPassManager &pm, const PipelineCommandLineOptions &cl) {
          buildPipelineTo(pm, phase, cl.options());
        });
  }
}

FailureOr<std::optional<unsigned>> rnnc::parseUnroll(llvm::StringRef text) {
  std::optional<unsigned> factor;
  if (text == "full") {
    factor = 0;
  } else if (text != "none") {
    unsigned n = 0;
    if (text.getAsInteger(10, n) || n == 0)
      return failure();
    factor = n;
  }
  return factor;
}

FailureOr<bool> rnnc::parseLibraryLayers(llvm::StringRef text) {
  if (text != "onednn" && text != "generated")
    return failure();
  return text == "onednn";
}

FailureOr<bool> rnnc::parseF64(llvm::StringRef text) {
  if (text != "f32" && text != "f64")
    return failure();
  return text == "f64";
}

/// rnnc-opt's pipeline builders cannot return an error: a bad option value
/// ends the tool with a one-line message.
template <typename T>
static T orExit(FailureOr<T> parsed, llvm::StringRef option,
                llvm::StringRef value, llvm::StringRef expected) {
  if (succeeded(parsed))
    return *parsed;
  llvm::report_fatal_error(option + "=" + value + " is not " + expected,
                           /*gen_crash_diag=*/false);
}

rnnc::PipelineOptions rnnc::PipelineCommandLineOptions::options() const {
  PipelineOptions options;
  options.f64 = orExit(parseF64(dtype), "dtype", dtype, "f32 or f64");
  options.libraryLayers = orExit(parseLibraryLayers(layers), "layers", layers,
                                 "onednn or generated");
  options.unroll = orExit(parseUnroll(unroll), "unroll", unroll,
                          "none, full or a positive factor");
  options.step = step;
  return options;
}
