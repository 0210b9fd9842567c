//===- Driver.h - what the rnnc subcommands do -------------------*- C++ -*-===//
//
// The work behind `rnnc check` and `rnnc compile`, kept out of main() so the
// command line and the compiler can evolve apart. Exit codes follow one
// contract: 0 success, 1 user error (bad input, bad flags), 2 internal error.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DRIVER_H
#define RNNC_DRIVER_H

#include <string>

namespace rnnc {

enum ExitCode : int { Success = 0, UserError = 1, InternalError = 2 };

/// What `rnnc compile --emit=...` prints or writes.
enum class EmitKind { RNN };

struct CheckOptions {
  std::string inputFile;
  /// Check `expected-error` annotations in the input instead of printing
  /// diagnostics (the lit tests of the diagnostics use this).
  bool verifyDiagnostics = false;
};

struct CompileOptions {
  std::string inputFile;
  std::string outputFile = "-";
  EmitKind emit = EmitKind::RNN;
};

/// Parses and verifies a model; diagnostics go to stderr as
/// `file:line:col: error: ...` with the source line and a caret.
int runCheck(const CheckOptions &options);

/// Compiles a model as far as `options.emit` asks and writes the result.
int runCompile(const CompileOptions &options);

} // namespace rnnc

#endif // RNNC_DRIVER_H
