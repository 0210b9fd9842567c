//===- Progress.h - training progress on a terminal or in a log ----------===//
//
// On a terminal: one progress bar per epoch, redrawn in place. Otherwise
// (a pipe, a CI log): one plain line per epoch.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_DRIVER_PROGRESS_H
#define RNNC_RUNTIME_DRIVER_PROGRESS_H

#include "rnnc/runtime/Training.h"

#include <cstdint>

namespace rnnc::rt {

class Progress {
public:
  Progress(int64_t epochs, bool quiet);
  void batch(int64_t epoch, int64_t done, int64_t total, double meanLoss);
  /// The line of an epoch that ended; `best` is the best epoch so far
  /// (this one included).
  void epoch(const EpochMetrics &m, const BestEpoch &best);

private:
  int64_t epochs;
  bool quiet, terminal;
};

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DRIVER_PROGRESS_H
