//===- Pipelines.h - the compiler's phases as named pipelines ----*- C++ -*-===//
//
// Every phase of `rnnc compile` is a registered pass pipeline, so that
// `rnnc compile --compile-to=PHASE FLAGS` and `rnnc-opt
// --rnnc-PHASE-pipeline='OPTIONS'` print the same IR and any step can be
// replayed alone. The phases, their descriptions and their passes are one
// table (Pipelines.cpp); docs/reference/Phases.md is printed from it by
// rnnc-phases and checked for staleness like the op reference.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_PIPELINES_PIPELINES_H
#define RNNC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <optional>

namespace rnnc {

enum class Phase { RNN, BPTT, Optimized, Lowered, Kernels, LLVM };

/// One phase: its name (as --compile-to spells it) and what it produces.
struct PhaseInfo {
  Phase phase;
  llvm::StringRef name;
  llvm::StringRef description;
};

/// Every phase, in order (the table the pipelines are built from).
llvm::ArrayRef<PhaseInfo> phases();

/// The hardware the code is generated for: the host CPU, or compute
/// kernels run through Vulkan or CUDA (docs/gpu.md).
enum class Target { CPU, Vulkan, CUDA };

/// "cpu", "vulkan", "cuda": as --target spells it.
llvm::StringRef targetName(Target target);

/// How train_step truncates backpropagation through time
/// (rnn-derive-bptt's options).
struct Truncation {
  /// "model" (the model's train block), "full", "truncated" (every `steps`
  /// steps) or "randomized" (with `probability`, d2l 8.7).
  std::string kind = "model";
  int64_t steps = 0;
  double probability = 0.5;
};

/// Choices that change what the phases produce.
struct PipelineOptions {
  Target target = Target::CPU;
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
  /// Derive the single-step function of language models (rnn-derive-step)
  /// and seq2seq models' encoder and decoder step (rnn-derive-decoder-step);
  /// the f64 build, which only serves gradcheck, goes without.
  bool step = true;
  /// Derive @forward_saving and @vjp (rnn-derive-vjp), what a framework's
  /// autograd calls (`--emit=torch`), instead of train_step and the step
  /// functions.
  bool vjp = false;
  /// --target=cuda: keep the kernels as PTX text (`--emit=ptx`) instead of
  /// compiling them to a fatbin.
  bool ptx = false;
  /// Overrides the model's truncation of BPTT.
  Truncation bptt;
};

/// The spellings `rnnc compile`'s flags and the pipelines' options share;
/// each fails on anything else.
/// --unroll: "none" (nullopt, the loops stay), "full" (0) or a factor N > 0.
mlir::FailureOr<std::optional<unsigned>> parseUnroll(llvm::StringRef text);
/// --layers: "onednn" (true, the library path) or "generated" (false).
mlir::FailureOr<bool> parseLibraryLayers(llvm::StringRef text);
/// --dtype: "f32" (false) or "f64" (true).
mlir::FailureOr<bool> parseF64(llvm::StringRef text);
/// --target: "cpu", "vulkan", or "cuda" when rnnc was built with a CUDA
/// toolkit (rnnc::gpu::cudaToolkit).
mlir::FailureOr<Target> parseTarget(llvm::StringRef text);
/// --bptt: "model", "full", "truncated:K" (K >= 1) or "randomized:P"
/// (0 < P <= 1).
mlir::FailureOr<Truncation> parseTruncation(llvm::StringRef text);
/// The spellings back, as `rnnc compile`'s flags and `./model info` show
/// them: "--target=cpu --dtype=f32 --layers=generated --unroll=none
/// --bptt=model".
std::string describeOptions(const PipelineOptions &options);

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
                    llvm::cl::desc("Derive language models' step function "
                                   "and seq2seq models' decoder step"),
                    llvm::cl::init(true)};
  Option<bool> vjp{*this, "vjp",
                   llvm::cl::desc("Derive forward_saving and vjp for "
                                  "PyTorch instead of train_step"),
                   llvm::cl::init(false)};
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("cpu (default), vulkan or cuda"),
                             llvm::cl::init("cpu")};
  Option<std::string> bptt{
      *this, "bptt",
      llvm::cl::desc("Truncation of BPTT: model (default: the model's train "
                     "block), full, truncated:K or randomized:P"),
      llvm::cl::init("model")};

  /// What the pipeline builder takes.
  PipelineOptions options() const;
};

/// Adds the passes that take the frontend's output to the end of `phase`.
void buildPipelineTo(mlir::OpPassManager &pm, Phase phase,
                     const PipelineOptions &options = {});

/// The passes each phase adds with `options`, as a textual pipeline.
std::string phasePasses(Phase phase, const PipelineOptions &options);

/// Registers `rnnc-PHASE-pipeline` for every phase after rnn with the
/// global pipeline registry.
void registerPipelines();

} // namespace rnnc

#endif // RNNC_PIPELINES_PIPELINES_H
