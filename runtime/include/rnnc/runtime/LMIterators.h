//===- LMIterators.h - d2l's language-model minibatch iterators -*- C++ -*-===//
//
// d2l 8.3's two ways to cut a token stream into minibatches of `batch`
// subsequences of `steps` tokens, with targets shifted by one:
//  - random sampling: drop a random offset in [0, steps), cut the rest into
//    subsequences, shuffle them; batches are unrelated, so the recurrent
//    state is reset for each batch.
//  - sequential partitioning: drop a random offset in [0, steps], lay the
//    stream out as `batch` rows, walk the rows `steps` at a time; batch i+1
//    continues batch i row by row, so the state is carried (and detached).
// Batches are time-major ([T, B], the compiler's layout).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_LMITERATORS_H
#define RNNC_RUNTIME_LMITERATORS_H

#include <cstdint>
#include <random>
#include <vector>

namespace rnnc::rt {

/// One minibatch: x[t * batch + b] and its next-token targets y.
struct TokenBatch {
  int64_t steps = 0, batch = 0;
  std::vector<int32_t> x, y;
  int32_t xAt(int64_t t, int64_t b) const { return x[t * batch + b]; }
  int32_t yAt(int64_t t, int64_t b) const { return y[t * batch + b]; }
};

enum class Sampling { Random, Sequential };

/// Every minibatch of one epoch, with the offset (and for random sampling
/// the shuffle) drawn from `rng`.
std::vector<TokenBatch> lmEpoch(const std::vector<int32_t> &corpus,
                                int64_t batch, int64_t steps,
                                Sampling sampling, std::mt19937_64 &rng);

/// The same two samplings over a labelled stream: the label of x[i] is
/// labels[i] (not shifted). Used by the tagging task.
std::vector<TokenBatch> taggingEpoch(const std::vector<int32_t> &inputs,
                                     const std::vector<int32_t> &labels,
                                     int64_t batch, int64_t steps,
                                     Sampling sampling, std::mt19937_64 &rng);

/// Random sampling with a given offset and subsequence order (the order
/// lists the subsequence start positions, as d2l's shuffled
/// `initial_indices`): the deterministic core, for tests.
std::vector<TokenBatch> randomBatches(const std::vector<int32_t> &corpus,
                                      int64_t batch, int64_t steps,
                                      int64_t offset,
                                      const std::vector<int64_t> &starts);

/// Sequential partitioning with a given offset.
std::vector<TokenBatch> sequentialBatches(const std::vector<int32_t> &corpus,
                                          int64_t batch, int64_t steps,
                                          int64_t offset);

/// A held-out stream (inputs and aligned targets) cut into `streams`
/// contiguous rows of equal length, as PyTorch's word_language_model
/// `batchify`s its validation data: row b is the b-th piece of the stream,
/// the last length % streams tokens are dropped, and no row is empty
/// (fewer rows when the stream is shorter than `streams`). Evaluated with
/// the state from zero in each row.
TokenBatch heldOutStreams(const std::vector<int32_t> &inputs,
                          const std::vector<int32_t> &targets,
                          int64_t streams);

/// A uniform integer in [low, high], the same on every platform (unlike
/// std::uniform_int_distribution): checkpoints replay it bit for bit.
int64_t uniformInt(std::mt19937_64 &rng, int64_t low, int64_t high);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_LMITERATORS_H
