//===- rnnc.cpp - the rnnc compiler driver
//---------------------------------===//
//
// Command line of `rnnc`: `rnnc check FILE` and `rnnc compile FILE [-o OUT]
// [--emit=KIND] [--compile-to=PHASE] [-O0..3] [-D NAME=VALUE]`. Parsing
// flags is all that happens here; the work is in the driver library (Driver.h).
// Exit codes: 0 success, 1 user error, 2 internal error.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Driver.h"
#include "rnnc/GPU/CudaToolkit.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;

static cl::SubCommand checkCommand("check", "Parse and verify a model; print "
                                            "diagnostics only");
static cl::SubCommand compileCommand("compile", "Compile a model");

static cl::opt<std::string> checkInput(cl::Positional, cl::Required,
                                       cl::desc("<model>"),
                                       cl::sub(checkCommand));
static cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    cl::desc("Check 'expected-error' annotations in the input instead of "
             "printing diagnostics"),
    cl::sub(checkCommand));

static cl::opt<bool> splitInputFile(
    "split-input-file",
    cl::desc("Check each '// -----' chunk of the input as its own file"),
    cl::sub(checkCommand));
static cl::list<std::string>
    defines("D", cl::Prefix,
            cl::desc("Override a const of the model: -D hidden=512"),
            cl::value_desc("NAME=VALUE"), cl::sub(checkCommand),
            cl::sub(compileCommand));

static cl::opt<std::string> compileInput(cl::Positional, cl::Required,
                                         cl::desc("<model>"),
                                         cl::sub(compileCommand));
static cl::opt<std::string> outputFile(
    "o",
    cl::desc("Output file (default: the model's name for an executable, "
             "stdout for text)"),
    cl::value_desc("file"), cl::sub(compileCommand));
static cl::opt<rnnc::EmitKind> emitKind(
    "emit",
    cl::desc("What to produce (default: exe, or the IR of the "
             "phase given by --compile-to)"),
    cl::init(rnnc::EmitKind::Executable),
    cl::values(clEnumValN(rnnc::EmitKind::AST, "ast",
                          "the syntax tree of a .rnn model"),
               clEnumValN(rnnc::EmitKind::RNN, "rnn",
                          "the model in the rnn dialect"),
               clEnumValN(rnnc::EmitKind::BPTT, "bptt",
                          "the model with its derived train_step"),
               clEnumValN(rnnc::EmitKind::Lowered, "lowered",
                          "linalg on tensors (the lowered phase)"),
               clEnumValN(rnnc::EmitKind::SPIRV, "spirv",
                          "the kernels of --target=vulkan as a SPIR-V "
                          "binary"),
               clEnumValN(rnnc::EmitKind::PTX, "ptx",
                          "the kernels of --target=cuda as PTX, one file "
                          "per architecture (-o K.ptx: K.sm_80.ptx, "
                          "K.sm_90.ptx)"),
               clEnumValN(rnnc::EmitKind::LLVM, "llvm",
                          "LLVM IR, optimised for this machine"),
               clEnumValN(rnnc::EmitKind::Object, "obj", "a host object file"),
               clEnumValN(rnnc::EmitKind::Executable, "exe",
                          "an executable linked with the runtime"),
               clEnumValN(rnnc::EmitKind::SharedLibrary, "lib",
                          "a shared library with the C API, and its header "
                          "(libmodel.so, model.h)"),
               clEnumValN(rnnc::EmitKind::StaticLibrary, "staticlib",
                          "a static library with the C API, and its header "
                          "(libmodel.a, model.h)"),
               clEnumValN(rnnc::EmitKind::Torch, "torch",
                          "a PyTorch module: NAME.py and its library "
                          "NAME_rnnc.so (docs/torch.md)")),
    cl::sub(compileCommand));
/// --compile-to's values come from the phase table (rnnc::phases()).
static cl::opt<rnnc::Phase> compileTo(
    "compile-to",
    cl::desc("Stop after a phase and print its IR "
             "(rnnc-PHASE-pipeline in rnnc-opt)"),
    cl::init(rnnc::Phase::RNN), cl::sub(compileCommand));
static cl::opt<std::string> unroll(
    "unroll",
    cl::desc("Unroll the time loops: none (default), full (needs a known "
             "sequence length), or a factor N"),
    cl::init("none"), cl::sub(compileCommand));
static cl::opt<std::string>
    dtype("dtype",
          cl::desc("Element type of the computation: f32 or f64 (default: the "
                   "model's train block, else f32)"),
          cl::sub(compileCommand));
static cl::opt<std::string> layers(
    "layers",
    cl::desc("Where f32 vanilla/GRU/LSTM layers (and recognised cells) "
             "run: generated (default, scans compiled like any user cell) "
             "or onednn (oneDNN's RNN primitives)"),
    cl::init("generated"), cl::sub(compileCommand));
static cl::opt<std::string>
    target("target",
           cl::desc("What the code runs on: cpu (default), vulkan (generated "
                    "compute kernels run through Vulkan) or cuda (the same "
                    "kernels through NVVM, where rnnc was built with a CUDA "
                    "toolkit; kernels only so far); docs/gpu.md"),
           cl::init("cpu"), cl::sub(compileCommand));
static cl::opt<std::string> cpu(
    "cpu",
    cl::desc("The CPU the native code is for: native (default: this "
             "machine's), x86-64-v2, x86-64-v3 (AVX2, FMA), x86-64-v4 "
             "(AVX-512) or a CPU name LLVM knows (znver3, skylake-avx512); "
             "the program refuses to start on a CPU without its features"),
    cl::init("native"), cl::sub(compileCommand));
static cl::opt<std::string> bptt(
    "bptt",
    cl::desc("Truncation of backpropagation through time: model (default: "
             "the model's train block), full, truncated:K or randomized:P"),
    cl::init("model"), cl::sub(compileCommand));
static cl::opt<unsigned>
    optLevel("O", cl::Prefix, cl::desc("LLVM optimisation level, -O0 to -O3"),
             cl::init(3), cl::sub(compileCommand));

static cl::opt<bool> timePhases(
    "time-phases",
    cl::desc("Print the wall time of each phase of the compilation (frontend, "
             "each pass, LLVM, linking) to stderr"),
    cl::sub(compileCommand));

/// Stores a flag's parsed value in `*out` (when given), or says in one
/// line that --FLAG=TEXT is not `expected`; returns whether it parsed.
template <typename T>
static bool parseFlag(FailureOr<T> parsed, StringRef flag, StringRef text,
                      StringRef expected, T *out = nullptr) {
  if (failed(parsed)) {
    errs() << "rnnc: error: --" << flag << "=" << text << " is not "
           << expected << "\n";
    return false;
  }
  if (out)
    *out = *parsed;
  return true;
}

static void printVersion(raw_ostream &os) {
  os << "rnnc " RNNC_VERSION " (LLVM/MLIR " LLVM_VERSION_STRING ")\n";
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // A failure inside LLVM or MLIR is ours, not the user's.
  install_fatal_error_handler([](void *, const char *reason, bool) {
    errs() << "rnnc: internal error: " << reason << "\n";
    std::_Exit(rnnc::InternalError);
  });
  cl::SetVersionPrinter(printVersion);
  // LLVM's own options (hundreds, from libLLVM) are not rnnc's interface:
  // --help shows the subcommands and the generic options only.
  static cl::OptionCategory rnncCategory("rnnc options");
  cl::HideUnrelatedOptions(rnncCategory);
  for (const rnnc::PhaseInfo &phase : rnnc::phases())
    compileTo.getParser().addLiteralOption(phase.name, phase.phase,
                                           phase.description);
  cl::ParseCommandLineOptions(
      argc, argv,
      "rnnc: a compiler for recurrent neural networks\n\n"
      "  rnnc check model.rnn\n"
      "  rnnc compile model.rnn -o model\n"
      "  rnnc compile model.rnn --emit=rnn -D hidden=512\n");
  // A test-only switch: an internal error where one would stop rnnc
  // (test/Driver/exit-codes.test checks its message and exit code 2).
  if (const char *fault = std::getenv("RNNC_TEST_FAULT");
      fault && std::string(fault) == "internal")
    report_fatal_error("the fault RNNC_TEST_FAULT asked for");

  if (checkCommand) {
    rnnc::CheckOptions options;
    options.inputFile = checkInput;
    options.verifyDiagnostics = verifyDiagnostics;
    options.splitInputFile = splitInputFile;
    options.defines = defines;
    return rnnc::runCheck(options);
  }
  if (compileCommand) {
    rnnc::CompileOptions options;
    options.inputFile = compileInput;
    options.outputFile = outputFile;
    if (optLevel > 3) {
      errs() << "rnnc: error: -O" << optLevel
             << " is not a level; use -O0, -O1, -O2 or -O3\n";
      return rnnc::UserError;
    }
    // --compile-to=PHASE alone prints that phase's IR.
    options.emit =
        emitKind.getNumOccurrences() || !compileTo.getNumOccurrences()
            ? emitKind
            : rnnc::EmitKind::RNN;
    options.phase = compileTo;
    options.optLevel = optLevel;
    options.cpu = cpu;
    // (--dtype may be left out: the model's train block decides.)
    if ((!dtype.empty() &&
         !parseFlag(rnnc::parseF64(dtype), "dtype", dtype,
                    "an element type; use f32 or f64")) ||
        !parseFlag(rnnc::parseUnroll(unroll), "unroll", unroll,
                   "none, full or a positive factor",
                   &options.pipeline.unroll) ||
        !parseFlag(rnnc::parseLibraryLayers(layers), "layers", layers,
                   "a layer path; use onednn or generated",
                   &options.pipeline.libraryLayers) ||
        !parseFlag(rnnc::parseTarget(target), "target", target,
                   rnnc::gpu::cudaToolkit().empty()
                       ? "a target this rnnc was built for; use cpu or vulkan"
                       : "a target this rnnc was built for; use cpu, vulkan "
                         "or cuda",
                   &options.pipeline.target) ||
        !parseFlag(rnnc::parseTruncation(bptt), "bptt", bptt,
                   "a truncation; use model, full, truncated:K (K >= 1) or "
                   "randomized:P (0 < P <= 1)",
                   &options.pipeline.bptt))
      return rnnc::UserError;
    options.dtype = dtype;
    options.defines = defines;
    options.timePhases = timePhases;
    return rnnc::runCompile(options);
  }
  errs() << "rnnc: error: expected a subcommand (check, compile); see "
            "'rnnc --help'\n";
  return rnnc::UserError;
}
