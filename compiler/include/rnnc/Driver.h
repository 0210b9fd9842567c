//===- Driver.h - what the rnnc subcommands do -------------------*- C++ -*-===//
//
// The work behind `rnnc check` and `rnnc compile`, kept out of main() so the
// command line and the compiler can evolve apart. Exit codes follow one
// contract: 0 success, 1 user error (bad input, bad flags), 2 internal error.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DRIVER_H
#define RNNC_DRIVER_H

#include "rnnc/Pipelines/Pipelines.h"

#include <optional>
#include <string>
#include <vector>

namespace rnnc {

enum ExitCode : int { Success = 0, UserError = 1, InternalError = 2 };

/// What `rnnc compile --emit=...` prints or writes: the syntax tree, the IR
/// of a phase (MLIR text), LLVM IR, a host object file or an executable.
enum class EmitKind {
  AST,
  RNN,
  BPTT,
  Lowered,
  SPIRV,
  /// The kernels of --target=cuda as PTX, one file per architecture.
  PTX,
  LLVM,
  Object,
  Executable,
  SharedLibrary,
  StaticLibrary,
  /// A PyTorch module: NAME.py and its shared library (docs/torch.md).
  Torch
};

struct CheckOptions {
  std::string inputFile;
  /// `NAME=VALUE` overrides of the model's consts (`-D hidden=512`).
  std::vector<std::string> defines;
  /// Check `expected-error` annotations in the input instead of printing
  /// diagnostics (the lit tests of the diagnostics use this).
  bool verifyDiagnostics = false;
  /// Check each `// -----` chunk of the input as its own file.
  bool splitInputFile = false;
};

struct CompileOptions {
  std::string inputFile;
  /// Empty: stdout for text, the input's stem for an executable,
  /// STEM.o for an object file.
  std::string outputFile;
  std::vector<std::string> defines;
  EmitKind emit = EmitKind::Executable;
  /// The phase whose IR --emit=rnn prints.
  Phase phase = Phase::RNN;
  /// Optimisation level of LLVM's middle end and code generator (0-3).
  unsigned optLevel = 3;
  /// "f32", "f64", or empty for the model's train block (default f32).
  std::string dtype;
  /// The pipelines' options from the flags (--target, --layers, --unroll,
  /// --bptt); `f64` is decided from `dtype` and the model.
  PipelineOptions pipeline;
  /// Print the wall time of each phase (and pass) to stderr.
  bool timePhases = false;
  /// The CPU the native code is for (--cpu: native, x86-64-v3, znver3, ...;
  /// rnnc/Target/TargetCPU.h).
  std::string cpu = "native";
};

/// Parses and verifies a model; diagnostics go to stderr as
/// `file:line:col: error: ...` with the source line and a caret.
int runCheck(const CheckOptions &options);

/// Compiles a model as far as `options.emit` asks and writes the result.
int runCompile(const CompileOptions &options);

} // namespace rnnc

#endif // RNNC_DRIVER_H
