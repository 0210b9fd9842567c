//===- Pipelines.h - the compiler's phases as named pipelines ----*- C++ -*-===//
//
// Every phase of `rnnc compile` is a registered pass pipeline, so that
// `rnnc compile --compile-to=PHASE` and `rnnc-opt --rnnc-PHASE-pipeline`
// print the same IR and any step can be replayed alone:
//   rnn   the frontend's output (no passes)
//   bptt       + rnn-derive-step, rnn-recognize-cells,
//              rnn-decompose-layers (library layers kept), rnn-fuse-gates,
//              rnn-derive-bptt,
//              rnn-eval-mode,
//              canonicalize, cse:
//              the model with train_step
//   optimized  + rnn-hoist-input-projection, rnn-batch-weight-gradients,
//              canonicalize, cse
//   lowered    + convert-rnn-model-to-func, convert-rnn-model-to-manifest,
//              convert-rnn-to-onednn, convert-rnn-to-linalg,
//              linalg-fuse-elementwise-ops, rnn-states-in-place,
//              canonicalize, cse: linalg on tensors
//   llvm       + one-shot bufferization, [rnn-unroll-steps], buffer
//              deallocation,
//              rnn-codegen-gemm-to-onednn, loops,
//              rnn-codegen-approximate-math, conversion to the LLVM dialect,
//              rnn-codegen-pack-model-abi: what is translated to LLVM IR
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_PIPELINES_PIPELINES_H
#define RNNC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <optional>

namespace rnnc {

enum class Phase { RNN, BPTT, Optimized, Lowered, LLVM };

/// Choices that change what the phases produce.
struct PipelineOptions {
  /// Compute the whole model in f64 (rnn-promote-f64 first).
  bool f64 = false;
  /// Unroll the time loops (rnn-unroll-steps in the llvm phase, on
  /// buffers):
  /// nullopt keeps the loops, 0 unrolls completely, N by N.
  std::optional<unsigned> unroll;
  /// Run f32 vanilla/GRU/LSTM layers on oneDNN's RNN primitives (the
  /// library path); false, the default, expands them into scans (the
  /// generated path, faster on every model measured: docs/performance.md).
  bool libraryLayers = false;
  /// Derive the single-step function of language models (rnn-derive-step);
  /// the f64 build, which only serves gradcheck, goes without.
  bool step = true;
};

/// The spellings `rnnc compile`'s flags and the pipelines' options share;
/// each fails on anything else.
/// --unroll: "none" (nullopt, the loops stay), "full" (0) or a factor N > 0.
mlir::FailureOr<std::optional<unsigned>> parseUnroll(llvm::StringRef text);
/// --layers: "onednn" (true, the library path) or "generated" (false).
mlir::FailureOr<bool> parseLibraryLayers(llvm::StringRef text);
/// --dtype: "f32" (false) or "f64" (true).
mlir::FailureOr<bool> parseF64(llvm::StringRef text);

/// The options of the registered pipelines, spelled as `rnnc compile`'s
/// flags, so that `rnnc compile --compile-to=P --dtype=f64 --layers=onednn
/// --unroll=2` and `rnnc-opt --rnnc-P-pipeline='dtype=f64 layers=onednn
/// unroll=2'` print the same IR (test/Pipelines/pipeline-options.test).
struct PipelineCommandLineOptions
    : mlir::PassPipelineOptions<PipelineCommandLineOptions> {
  Option<std::string> dtype{*this, "dtype",
                            llvm::cl::desc("f32 or f64 (the whole model)"),
                            llvm::cl::init("f32")};
  Option<std::string> layers{
      *this, "layers",
      llvm::cl::desc("generated (default) or onednn (oneDNN's RNN "
                     "primitives for f32 layers)"),
      llvm::cl::init("generated")};
  Option<std::string> unroll{
      *this, "unroll",
      llvm::cl::desc("Time loops: none (default), full, or a factor N"),
      llvm::cl::init("none")};
  Option<bool> step{*this, "step",
                    llvm::cl::desc("Derive language models' step function"),
                    llvm::cl::init(true)};

  /// What the pipeline builder takes.
  PipelineOptions options() const;
};

/// Adds the passes that take the frontend's output to the end of `phase`.
void buildPipelineTo(mlir::OpPassManager &pm, Phase phase,
                     const PipelineOptions &options = {});

/// Registers `rnnc-PHASE-pipeline` for every phase after rnn with the
/// global pipeline registry.
void registerPipelines();

} // namespace rnnc

#endif // RNNC_PIPELINES_PIPELINES_H
