//===- LMIterators.cpp - d2l's language-model minibatch iterators
//----------===//
//
// See LMIterators.h; the code follows seq_data_iter_random and
// seq_data_iter_sequential of d2l 8.3 line by line.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/LMIterators.h"

#include "rnnc/runtime/Error.h"

#include <algorithm>

namespace rnnc::rt {

int64_t uniformInt(std::mt19937_64 &rng, int64_t low, int64_t high) {
  // Rejection sampling on the raw 64-bit output: portable and unbiased.
  uint64_t range = static_cast<uint64_t>(high - low) + 1;
  if (range == 0)
    return static_cast<int64_t>(rng());
  uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  uint64_t draw;
  do {
    draw = rng();
  } while (draw >= limit);
  return low + static_cast<int64_t>(draw % range);
}

static void checkShape(int64_t batch, int64_t steps) {
  if (batch < 1 || steps < 1)
    throw Error("batch and steps must be positive, found batch " +
                std::to_string(batch) + " and steps " + std::to_string(steps));
}

/// The cores below cut `xs` and read targets from `ys` at the same
/// position plus `shift` (1 for next-token prediction, 0 for tagging).
static std::vector<TokenBatch> randomCore(const std::vector<int32_t> &xs,
                                          const std::vector<int32_t> &ys,
                                          int64_t shift, int64_t batch,
                                          int64_t steps, int64_t offset,
                                          const std::vector<int64_t> &starts) {
  checkShape(batch, steps);
  int64_t length = static_cast<int64_t>(xs.size()) - offset;
  int64_t numSubseqs = length > 0 ? (length - 1) / steps : 0;
  int64_t numBatches = numSubseqs / batch;
  std::vector<TokenBatch> batches;
  for (int64_t i = 0; i < numBatches; ++i) {
    TokenBatch out{steps, batch, std::vector<int32_t>(steps * batch),
                   std::vector<int32_t>(steps * batch)};
    for (int64_t b = 0; b < batch; ++b) {
      int64_t start = offset + starts[i * batch + b];
      for (int64_t t = 0; t < steps; ++t) {
        out.x[t * batch + b] = xs[start + t];
        out.y[t * batch + b] = ys[start + t + shift];
      }
    }
    batches.push_back(std::move(out));
  }
  return batches;
}

static std::vector<TokenBatch> sequentialCore(const std::vector<int32_t> &xs,
                                              const std::vector<int32_t> &ys,
                                              int64_t shift, int64_t batch,
                                              int64_t steps, int64_t offset) {
  checkShape(batch, steps);
  int64_t available = static_cast<int64_t>(xs.size()) - offset - 1;
  int64_t numTokens = available > 0 ? (available / batch) * batch : 0;
  int64_t rowLength = numTokens / batch;
  int64_t numBatches = rowLength / steps;
  std::vector<TokenBatch> batches;
  for (int64_t i = 0; i < numBatches; ++i) {
    TokenBatch out{steps, batch, std::vector<int32_t>(steps * batch),
                   std::vector<int32_t>(steps * batch)};
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t t = 0; t < steps; ++t) {
        int64_t pos = offset + b * rowLength + i * steps + t;
        out.x[t * batch + b] = xs[pos];
        out.y[t * batch + b] = ys[pos + shift];
      }
    batches.push_back(std::move(out));
  }
  return batches;
}

std::vector<TokenBatch> randomBatches(const std::vector<int32_t> &corpus,
                                      int64_t batch, int64_t steps,
                                      int64_t offset,
                                      const std::vector<int64_t> &starts) {
  return randomCore(corpus, corpus, 1, batch, steps, offset, starts);
}

std::vector<TokenBatch> sequentialBatches(const std::vector<int32_t> &corpus,
                                          int64_t batch, int64_t steps,
                                          int64_t offset) {
  return sequentialCore(corpus, corpus, 1, batch, steps, offset);
}

/// One epoch of either sampling over (xs, ys, shift).
static std::vector<TokenBatch> epoch(const std::vector<int32_t> &xs,
                                     const std::vector<int32_t> &ys,
                                     int64_t shift, int64_t batch,
                                     int64_t steps, Sampling sampling,
                                     std::mt19937_64 &rng) {
  checkShape(batch, steps);
  if (sampling == Sampling::Sequential)
    return sequentialCore(xs, ys, shift, batch, steps,
                          uniformInt(rng, 0, steps));
  int64_t offset = uniformInt(rng, 0, steps - 1);
  int64_t length = static_cast<int64_t>(xs.size()) - offset;
  int64_t numSubseqs = length > 0 ? (length - 1) / steps : 0;
  std::vector<int64_t> starts;
  for (int64_t i = 0; i < numSubseqs; ++i)
    starts.push_back(i * steps);
  // Fisher-Yates with the portable draw (random.shuffle's algorithm).
  for (int64_t i = numSubseqs - 1; i > 0; --i)
    std::swap(starts[i], starts[uniformInt(rng, 0, i)]);
  return randomCore(xs, ys, shift, batch, steps, offset, starts);
}

std::vector<TokenBatch> lmEpoch(const std::vector<int32_t> &corpus,
                                int64_t batch, int64_t steps, Sampling sampling,
                                std::mt19937_64 &rng) {
  return epoch(corpus, corpus, 1, batch, steps, sampling, rng);
}

std::vector<TokenBatch> taggingEpoch(const std::vector<int32_t> &inputs,
                                     const std::vector<int32_t> &labels,
                                     int64_t batch, int64_t steps,
                                     Sampling sampling, std::mt19937_64 &rng) {
  if (inputs.size() != labels.size())
    throw Error("tagging needs one label per input, found " +
                std::to_string(inputs.size()) + " inputs and " +
                std::to_string(labels.size()) + " labels");
  return epoch(inputs, labels, 0, batch, steps, sampling, rng);
}

TokenBatch heldOutStreams(const std::vector<int32_t> &inputs,
                          const std::vector<int32_t> &targets,
                          int64_t streams) {
  auto length = static_cast<int64_t>(inputs.size());
  if (streams < 1)
    throw Error("the held-out stream needs at least one row, found " +
                std::to_string(streams));
  if (targets.size() != inputs.size())
    throw Error("the held-out stream needs one target per input, found " +
                std::to_string(inputs.size()) + " inputs and " +
                std::to_string(targets.size()) + " targets");
  int64_t batch = std::min(streams, length);
  int64_t steps = batch > 0 ? length / batch : 0;
  TokenBatch out{steps, batch, std::vector<int32_t>(steps * batch),
                 std::vector<int32_t>(steps * batch)};
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t t = 0; t < steps; ++t) {
      out.x[t * batch + b] = inputs[b * steps + t];
      out.y[t * batch + b] = targets[b * steps + t];
    }
  return out;
}

} // namespace rnnc::rt
