//===- TwinBuild.h - the f64 build compiled beside the main one -*- C++ -*-===//
//
// An executable of an f32 model carries the model built in f64, gradcheck's
// reference. That build is as large as the main one; it compiles on a
// second thread, in an MLIR context of its own, to an object file of its
// own, while the main build compiles; the linker joins the two.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DRIVER_TWINBUILD_H
#define RNNC_DRIVER_TWINBUILD_H

#include "rnnc/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/thread.h"

#include <optional>
#include <string>

namespace rnnc {

/// The f64 build of the model in `module` (the frontend's output), under
/// way into a temporary object file, removed with the build.
class TwinBuild {
public:
  TwinBuild(mlir::ModuleOp module, const PipelineOptions &mainOptions);
  TwinBuild(const TwinBuild &) = delete; // its thread writes `outcome`
  TwinBuild &operator=(const TwinBuild &) = delete;
  ~TwinBuild() { join(); }
  /// "" when objectFile() is written, else why not.
  const std::string &wait() {
    join();
    return outcome;
  }
  const std::string &objectFile() const { return path; }

private:
  void join() {
    if (thread.joinable())
      thread.join();
  }
  std::string path;
  std::optional<llvm::FileRemover> remover; // destroyed after the join
  std::string outcome;
  /// llvm::thread: a thread that cannot be had is a reported fatal error
  /// (rnnc: internal error), not std::terminate (no exceptions here).
  llvm::thread thread;
};

/// The pipeline options of the f64 build of a model built with `main`:
/// everything in f64, no single-step function and no unrolling (only
/// gradcheck uses this build, and unrolled code computes what the loops
/// compute).
PipelineOptions twinOptions(const PipelineOptions &main);

/// LLVM's level for the f64 build, middle end and code generation. -O0:
/// gradcheck runs it on small instances only, and on the layer-norm LSTM
/// -O1's middle end cost 0.4 s of CPU time for no gradcheck time
/// (9.8 s either way; docs/performance.md, compile time).
constexpr unsigned kTwinOptLevel = 0;

} // namespace rnnc

#endif // RNNC_DRIVER_TWINBUILD_H
