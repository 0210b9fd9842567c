//===- Pipelines.cpp - the compiler's phases as named pipelines -----------===//
//
// See Pipelines.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Pipelines/Pipelines.h"

#include "rnnc/Codegen/Passes.h"
#include "rnnc/Conversion/Passes.h"
#include "rnnc/GPU/CudaToolkit.h"
#include "rnnc/GPU/Passes.h"
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
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

static void addCleanup(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// Tensors to buffers: function boundaries included, identity layouts at
/// the boundary (the runtime passes dense row-major buffers), returned
/// buffers owned by the caller. `stack`: small buffers of static size on
/// the stack (the CPU's host code; a device's buffers are the device
/// runtime's).
static void addBufferization(OpPassManager &pm, std::optional<unsigned> unroll,
                             bool stack) {
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
  if (stack)
    pm.addNestedPass<func::FuncOp>(rnnc::createStackSmallBuffers());
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
  // Buffers come from the runtime's allocator (Runtime.h), which reuses
  // them from call to call, through its aligned entry point (its blocks
  // are 64-byte aligned): the plain one is aligned by rebuilding the
  // pointer from an integer, which hides from LLVM that two buffers never
  // overlap (test/Driver/allocations-noalias.test).
  FinalizeMemRefToLLVMConversionPassOptions memrefOptions;
  memrefOptions.useGenericFunctions = true;
  memrefOptions.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

/// rnn: the model as the frontend produces it (f64 promotion aside).
static void addRNNPasses(OpPassManager &pm, const rnnc::PipelineOptions &o) {
  if (o.f64)
    pm.addPass(rnnc::createPromoteToF64());
}

/// bptt: named f32 layers stay whole for oneDNN's RNN primitives (split per
/// layer and direction) or become scans and cell math, whose gradients
/// rnn-derive-bptt derives like any user cell's.
static void addBPTTPasses(OpPassManager &pm, const rnnc::PipelineOptions &o) {
  using namespace rnnc;
  bool truncates = o.bptt.kind == "truncated" || o.bptt.kind == "randomized";
  if (o.vjp) {
    // A framework's autograd calls the forward sweep and the vjp; layers
    // are scans (their gradients derived like any cell's).
    pm.addPass(createDecomposeLayers(DecomposeLayersOptions{false}));
    pm.addPass(createFuseGates());
    pm.addPass(createDeriveVJP());
    pm.addPass(createEvalMode());
    addCleanup(pm);
    return;
  }
  if (o.step) {
    pm.addPass(createDeriveStep());
    // Static shapes pay on the CPU (stack buffers, known trip counts); a
    // device gains little from them for twice the kernels.
    if (o.target == Target::CPU)
      pm.addPass(createSpecialiseSingleStream());
    pm.addPass(createDeriveDecoderStep());
  }
  if (o.libraryLayers)
    pm.addPass(createRecognizeCells());
  pm.addPass(createDecomposeLayers(
      DecomposeLayersOptions{o.libraryLayers && !o.f64 && !truncates}));
  pm.addPass(createFuseGates());
  DeriveBPTTOptions bptt;
  bptt.truncation = o.bptt.kind;
  bptt.steps = o.bptt.steps;
  bptt.probability = o.bptt.probability;
  pm.addPass(createDeriveBPTT(bptt));
  pm.addPass(createEvalMode());
  addCleanup(pm);
}

static void addOptimizedPasses(OpPassManager &pm,
                               const rnnc::PipelineOptions &) {
  using namespace rnnc;
  pm.addPass(createSplitConcatProducts());
  pm.addPass(createHoistInputProjection());
  pm.addPass(createBatchWeightGradients());
  pm.addPass(createFoldOneHot());
  pm.addPass(createSinkEmbeddings());
  pm.addPass(createTransposeInvariantWeights());
  addCleanup(pm);
}

static void addLoweredPasses(OpPassManager &pm,
                             const rnnc::PipelineOptions &o) {
  using namespace rnnc;
  pm.addPass(createConvertRNNModelToFunc());
  // A device keeps its parameters: the optimizer runs there too.
  if (o.target != Target::CPU)
    pm.addPass(createDeriveParameterUpdates());
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
  pm.addPass(createMergeElementwise());
  // Time loops then keep one buffer per state (rnn-states-in-place).
  pm.addPass(createStatesInPlace());
  addCleanup(pm);
}

/// kernels: the GPU targets' phase. Every linalg op on buffers becomes a
/// generated kernel launched from the host functions; Vulkan's kernels
/// then become SPIR-V. Nothing for the CPU, whose llvm phase bufferizes.
static void addKernelPasses(OpPassManager &pm, const rnnc::PipelineOptions &o) {
  if (o.target == rnnc::Target::CPU)
    return;
  addBufferization(pm, o.unroll, /*stack=*/false);
  pm.addPass(rnnc::createOutlineKernels());
  if (o.target == rnnc::Target::CUDA) {
    // libdevice has every f64 function Vulkan lacks.
    addCleanup(pm);
    rnnc::KernelsToNVVMOptions nvvm;
    nvvm.format = o.ptx ? "isa" : "fatbin";
    pm.addPass(rnnc::createKernelsToNVVM(nvvm));
    return;
  }
  pm.addPass(rnnc::createExpandF64Math());
  addCleanup(pm);
  pm.addPass(rnnc::createKernelsToSPIRV());
}

static void addLLVMPasses(OpPassManager &pm, const rnnc::PipelineOptions &o) {
  if (o.target != rnnc::Target::CPU) {
    // The host side: launches as device-runtime calls, the kernels
    // (SPIR-V or a fatbin) embedded, the buffers the device runtime's.
    pm.addPass(rnnc::createLowerLaunches());
    addConversionToLLVM(pm);
    pm.addPass(rnnc::createDeviceAllocations());
    pm.addPass(rnnc::createPackModelABI());
    addCleanup(pm);
    return;
  }
  addBufferization(pm, o.unroll, /*stack=*/true);
  pm.addPass(rnnc::createCacheParameterTransposes());
  pm.addPass(rnnc::createGemmToOneDNN());
  addConversionToLLVM(pm);
  pm.addPass(rnnc::createPackModelABI());
  addCleanup(pm);
}

namespace {
/// A row of the phase table: what the phase is and the passes it adds to
/// the previous phase's.
struct PhaseRow {
  rnnc::PhaseInfo info;
  void (*addPasses)(OpPassManager &, const rnnc::PipelineOptions &);
};
} // namespace

static const PhaseRow kPhases[] = {
    {{rnnc::Phase::RNN, "rnn", "the model as the frontend produces it"},
     addRNNPasses},
    {{rnnc::Phase::BPTT, "bptt",
      "the model with its derived train_step: language models' single-step "
      "function and seq2seq models' encoder and decoder step derived, "
      "user-written Elman, LSTM and GRU cells recognised "
      "as layers (layers=onednn), named layers split per layer and "
      "direction (onednn) or decomposed into scans, gate products fused, "
      "train_step derived (truncation from the model's train block or "
      "bptt=), no dropout outside train_step"},
     addBPTTPasses},
    {{rnnc::Phase::Optimized, "optimized",
      "after the rnn transforms: products of concat(x, h) split by parts, "
      "input projections hoisted out of the time "
      "loops, weight gradients batched over time, one-hot products as row "
      "gathers, gathers feeding time loops done per step, loop-invariant "
      "matrices transposed once before their loop"},
     addOptimizedPasses},
    {{rnnc::Phase::Lowered, "lowered",
      "linalg on tensors: functions over parameter arguments, the model "
      "manifest, layers as oneDNN RNN primitive calls, rnn ops as linalg, "
      "elementwise fusion and merged elementwise clusters, time loops "
      "writing their states in place"},
     addLoweredPasses},
    {{rnnc::Phase::Kernels, "kernels",
      "target=vulkan: bufferization, every linalg op a generated compute "
      "kernel (tiled GEMMs, one thread per point of an elementwise op, "
      "workgroup reductions) in gpu.module @kernels launched from the host "
      "functions, the kernels as a SPIR-V module; target=cuda: the same "
      "kernels through NVVM to one fatbin (sm_80 and sm_90 cubins, sm_90 "
      "PTX); "
      "nothing for target=cpu"},
     addKernelPasses},
    {{rnnc::Phase::LLVM, "llvm",
      "the LLVM dialect: empty-tensor elimination, bufferization, unrolled "
      "time loops (unroll=), transposed parameters kept by the runtime, loops, "
      "oneDNN GEMM calls, approximated math, "
      "the LLVM dialect and the packed entry points; target=vulkan and "
      "target=cuda: launches as device-runtime calls, the kernels embedded "
      "(SPIR-V, or one fatbin of every architecture), buffers from the "
      "device runtime"},
     addLLVMPasses},
};

llvm::ArrayRef<rnnc::PhaseInfo> rnnc::phases() {
  static const llvm::SmallVector<PhaseInfo> infos = [] {
    llvm::SmallVector<PhaseInfo> all;
    for (const PhaseRow &row : kPhases)
      all.push_back(row.info);
    return all;
  }();
  return infos;
}

void rnnc::buildPipelineTo(OpPassManager &pm, Phase phase,
                           const PipelineOptions &options) {
  for (const PhaseRow &row : kPhases) {
    row.addPasses(pm, options);
    if (row.info.phase == phase)
      return;
  }
}

std::string rnnc::phasePasses(Phase phase, const PipelineOptions &options) {
  OpPassManager pm("builtin.module");
  for (const PhaseRow &row : kPhases)
    if (row.info.phase == phase)
      row.addPasses(pm, options);
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  return text;
}

void rnnc::registerPipelines() {
  for (const PhaseRow &row : llvm::ArrayRef(kPhases).drop_front()) {
    Phase phase = row.info.phase;
    PassPipelineRegistration<PipelineCommandLineOptions>(
        ("rnnc-" + row.info.name + "-pipeline").str(),
        ("The " + row.info.name + " phase: " + row.info.description).str(),
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

FailureOr<rnnc::Target> rnnc::parseTarget(llvm::StringRef text) {
  if (text == "cpu")
    return Target::CPU;
  if (text == "vulkan")
    return Target::Vulkan;
  if (text == "cuda" && !rnnc::gpu::cudaToolkit().empty())
    return Target::CUDA;
  return failure();
}

llvm::StringRef rnnc::targetName(Target target) {
  switch (target) {
  case Target::CPU:
    return "cpu";
  case Target::Vulkan:
    return "vulkan";
  case Target::CUDA:
    return "cuda";
  }
  return "cpu";
}

FailureOr<rnnc::Truncation> rnnc::parseTruncation(llvm::StringRef text) {
  auto [kind, argument] = text.split(':');
  Truncation truncation;
  truncation.kind = kind.str();
  if (kind == "model" || kind == "full") {
    if (text.contains(':'))
      return failure();
    return truncation;
  }
  if (kind == "truncated") {
    if (argument.getAsInteger(10, truncation.steps) || truncation.steps < 1)
      return failure();
    return truncation;
  }
  if (kind == "randomized") {
    if (argument.getAsDouble(truncation.probability) ||
        !(truncation.probability > 0 && truncation.probability <= 1))
      return failure();
    return truncation;
  }
  return failure();
}

std::string rnnc::describeOptions(const PipelineOptions &options) {
  std::string unroll = !options.unroll        ? "none"
                       : *options.unroll == 0 ? "full"
                                              : std::to_string(*options.unroll);
  std::string bptt = options.bptt.kind;
  if (bptt == "truncated")
    bptt += ":" + std::to_string(options.bptt.steps);
  else if (bptt == "randomized")
    bptt += ":" + llvm::formatv("{0}", options.bptt.probability).str();
  return "--target=" + targetName(options.target).str() +
         " --dtype=" + (options.f64 ? "f64" : "f32") +
         " --layers=" + (options.libraryLayers ? "onednn" : "generated") +
         " --unroll=" + unroll + " --bptt=" + bptt;
}

rnnc::PipelineOptions rnnc::PipelineCommandLineOptions::options() const {
  PipelineOptions options;
  options.f64 = orExit(parseF64(dtype), "dtype", dtype, "f32 or f64");
  options.libraryLayers = orExit(parseLibraryLayers(layers), "layers", layers,
                                 "onednn or generated");
  options.unroll = orExit(parseUnroll(unroll), "unroll", unroll,
                          "none, full or a positive factor");
  options.step = step;
  options.vjp = vjp;
  options.target = orExit(parseTarget(target), "target", target,
                          "a target this rnnc was built for");
  options.bptt = orExit(parseTruncation(bptt), "bptt", bptt,
                        "model, full, truncated:K or randomized:P");
  return options;
}
