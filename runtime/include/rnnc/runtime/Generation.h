//===- Generation.h - decoding strategies and k-step prediction -*- C++ -*-===//
//
// How a trained model produces output one step at a time:
//  - greedy: the most likely next token;
//  - sampling: from softmax(logits / temperature), optionally restricted to
//    the top-k tokens, from a seeded generator;
//  - beam search (d2l 9.8): keep the `beam` best partial sequences by log
//    probability; a sequence that emits <eos> is finished; among all
//    finished sequences and the survivors at the length limit, pick the
//    one with the best log P / L^alpha (alpha 0.75).
//  - series (d2l 8.1): 1-step and k-step-ahead prediction, where k-step
//    feeds the model its own predictions.
// Every strategy skips the tokens DecodeOptions::excluded (a language
// model's <unk> and <pad>, which are not words): greedy takes the best
// other token, sampling renormalises over the others, beam search never
// extends a hypothesis with one.
// Models are reached through StepModel, which the compiled model's
// single-step function implements; the tests use toy models.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_GENERATION_H
#define RNNC_RUNTIME_GENERATION_H

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

namespace rnnc::rt {

/// One step of a recurrent model over a single sequence: consumes a token
/// and the recurrent state, writes the next state and the logits.
class StepModel {
public:
  virtual ~StepModel() = default;
  virtual int64_t vocabSize() const = 0;
  /// The state before the first token (zeros for a language model, the
  /// encoder's final state for a decoder).
  virtual std::vector<float> initialState() const = 0;
  virtual void step(int32_t token, const std::vector<float> &state,
                    std::vector<float> &nextState,
                    std::vector<float> &logits) const = 0;
};

/// Several streams stepped together, their states kept inside (a
/// StepAdapter of several rows).
class BatchStepModel {
public:
  virtual ~BatchStepModel() = default;
  virtual int64_t streams() const = 0;
  virtual int64_t vocabSize() const = 0;
  /// Every stream's state back to the initial one.
  virtual void resetRows() = 0;
  /// Feeds tokens[r] to stream r; the logits, [streams, vocabulary].
  virtual const float *advance(const int32_t *tokens) = 0;
};

enum class Strategy { Greedy, Sample, Beam };

struct DecodeOptions {
  Strategy strategy = Strategy::Greedy;
  int64_t maxLength = 50;
  double temperature = 1.0;
  int64_t topK = 0; // 0: all tokens
  int64_t beam = 4;
  double alpha = 0.75;
  int32_t eos = -1; // stop token, -1 for none (language models)
  uint64_t seed = 0;
  /// Tokens never produced (ids outside the vocabulary are ignored).
  std::vector<int32_t> excluded;
};

/// A partial sequence of beam search: its log-probability, its tokens
/// (the prefix's not included), the model's state after them and its
/// logits for the next token.
struct Hypothesis {
  double logProb = 0;
  std::vector<int32_t> tokens;
  std::vector<float> state;
  std::vector<float> logits;
};

/// d2l 9.8's beam search, one round at a time, for callers that step the
/// hypotheses themselves (decode() over a StepModel; the batched
/// translation, which steps every sentence's hypotheses in one call).
class BeamSearch {
public:
  /// `start` has the logits after the prefix; `options` must outlive this.
  BeamSearch(Hypothesis start, const DecodeOptions &options);
  /// No live hypothesis, or options.maxLength rounds done.
  bool done() const;
  /// One round: the `beam` best extensions of the live hypotheses by one
  /// token; those ending with options.eos are finished, the others are
  /// returned, each with its parent's state and the new token last in
  /// `tokens`, for the caller to set `state` and `logits` by a step.
  std::vector<Hypothesis> &extend();
  /// The tokens of the best-scoring hypothesis, finished or live
  /// (log P / L^alpha).
  std::vector<int32_t> best() const;

private:
  const DecodeOptions &options;
  int64_t round = 0;
  std::vector<Hypothesis> beams, finished;
  /// excluded[v]: options.excluded holds v (sized to the vocabulary).
  std::vector<char> excluded;
};

/// Runs the model over `prefix` (warm-up: the predictions are ignored) and
/// then decodes up to maxLength new tokens, stopping after `eos`. Returns
/// only the new tokens (with the eos, if one was produced).
std::vector<int32_t> decode(const StepModel &model,
                            const std::vector<int32_t> &prefix,
                            const DecodeOptions &options);

/// Teacher-forced scoring through the step, the generation path: the
/// mean cross-entropy of each target given the inputs up to it, fed one
/// token at a time from the initial state, and the fraction of targets
/// that are the argmax of the logits.
struct StepScore {
  double loss = 0, accuracy = 0;
};
StepScore scoreSteps(const StepModel &model, const std::vector<int32_t> &inputs,
                     const std::vector<int32_t> &targets);

/// Generation of model.streams() continuations of one prefix at once,
/// greedy or sampled (not beam): stream r samples with the seed
/// options.seed + r and is the continuation decode() gives alone with that
/// seed (the step computes each stream as alone, StepWeights.h).
std::vector<std::vector<int32_t>> decodeStreams(BatchStepModel &model,
                                                const std::vector<int32_t> &prefix,
                                                const DecodeOptions &options);

/// log softmax of `logits` (numerically stable).
std::vector<double> logSoftmax(const std::vector<float> &logits);

/// Index of the largest logit (the first one on ties), other than the
/// `excluded` ones.
int32_t argmax(const std::vector<float> &logits,
               const std::vector<int32_t> &excluded = {});

/// Draws from softmax(logits / temperature) over the top-k tokens that
/// are not `excluded`.
int32_t sampleToken(const std::vector<float> &logits, double temperature,
                    int64_t topK, std::mt19937_64 &rng,
                    const std::vector<int32_t> &excluded = {});

/// d2l 8.1's multi-step predictions: column j < tau of the feature matrix
/// is the data, column j >= tau is the model's prediction from the tau
/// columns before it. Returns, for each k in `ks`, the k-step-ahead
/// predictions of x[tau + k - 1 + i] for i = 0..count-1, with
/// count = length - tau - max(ks) + 1.
std::vector<std::vector<float>>
kStepPredictions(const std::vector<float> &series, int64_t tau,
                 const std::vector<int64_t> &ks,
                 const std::function<float(const float *window)> &predict);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_GENERATION_H
