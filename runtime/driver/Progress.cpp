//===- Progress.cpp - training progress on a terminal or in a log ---------===//
//
// See Progress.h.
//
//===----------------------------------------------------------------------===//

#include "Progress.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace rnnc::rt {

Progress::Progress(int64_t epochs, bool quiet)
    : epochs(epochs), quiet(quiet), terminal(isatty(fileno(stderr))) {}

void Progress::batch(int64_t epoch, int64_t done, int64_t total,
                     double meanLoss) {
  if (quiet || !terminal)
    return;
  constexpr int width = 30;
  int filled = static_cast<int>(width * done / std::max<int64_t>(total, 1));
  fmt::print(stderr, "\repoch {}/{} [{:=<{}}{:<{}}] {}/{} perplexity {:.2f}",
             epoch, epochs, "", filled, "", width - filled, done, total,
             std::exp(meanLoss));
  std::fflush(stderr);
}

void Progress::epoch(const EpochMetrics &m, const BestEpoch &best) {
  if (quiet)
    return;
  if (terminal)
    fmt::print(stderr, "\r\033[K");
  std::string validation =
      m.valPerplexity > 0
          ? fmt::format("  val perplexity {:.2f} ({})", m.valPerplexity,
                        best.epoch == m.epoch
                            ? std::string("best")
                            : fmt::format("best {:.2f} at epoch {}",
                                          best.valPerplexity, best.epoch))
          : "";
  fmt::print("epoch {}/{}  loss {:.4f}  perplexity {:.2f}{}  {:.0f} tokens/s"
             "  grad norm {:.3f}  {:.2f}s\n",
             m.epoch, epochs, m.loss, m.perplexity, validation,
             m.tokensPerSecond, m.gradNorm, m.seconds);
  std::fflush(stdout);
}

} // namespace rnnc::rt
