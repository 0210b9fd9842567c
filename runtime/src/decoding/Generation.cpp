//===- Generation.cpp - decoding strategies and k-step prediction
//----------===//
//
// See Generation.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Generation.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/LMIterators.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace rnnc::rt {

namespace {
/// log sum exp(logits), over the tokens `excluded` does not mark (all
/// when null): the log-softmax's normaliser.
double logSumExp(const std::vector<float> &logits,
                 const std::vector<char> *excluded = nullptr) {
  double maxLogit = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < logits.size(); ++i)
    if (!excluded || !(*excluded)[i])
      maxLogit = std::max(maxLogit, double(logits[i]));
  double sum = 0;
  for (size_t i = 0; i < logits.size(); ++i)
    if (!excluded || !(*excluded)[i])
      sum += std::exp(logits[i] - maxLogit);
  return maxLogit + std::log(sum);
}
} // namespace

std::vector<double> logSoftmax(const std::vector<float> &logits) {
  double logSum = logSumExp(logits);
  std::vector<double> out(logits.size());
  for (size_t i = 0; i < logits.size(); ++i)
    out[i] = logits[i] - logSum;
  return out;
}

namespace {
/// The token ids of `logits` that may be produced, in order.
std::vector<int32_t> allowedTokens(const std::vector<float> &logits,
                                   const std::vector<int32_t> &excluded) {
  std::vector<int32_t> allowed;
  for (int32_t i = 0; i < static_cast<int32_t>(logits.size()); ++i)
    if (std::find(excluded.begin(), excluded.end(), i) == excluded.end())
      allowed.push_back(i);
  if (allowed.empty())
    throw Error("every token of the vocabulary is excluded from generation");
  return allowed;
}
} // namespace

int32_t argmax(const std::vector<float> &logits,
               const std::vector<int32_t> &excluded) {
  // Once per generated token: no allocation.
  int32_t best = -1;
  for (int32_t i = 0; i < static_cast<int32_t>(logits.size()); ++i)
    if ((best < 0 || logits[i] > logits[best]) &&
        std::find(excluded.begin(), excluded.end(), i) == excluded.end())
      best = i;
  if (best < 0)
    throw Error("every token of the vocabulary is excluded from generation");
  return best;
}

int32_t sampleToken(const std::vector<float> &logits, double temperature,
                    int64_t topK, std::mt19937_64 &rng,
                    const std::vector<int32_t> &excluded) {
  if (!(temperature > 0))
    throw Error("the sampling temperature must be positive");
  std::vector<int32_t> order = allowedTokens(logits, excluded);
  std::stable_sort(order.begin(), order.end(),
                   [&](int32_t a, int32_t b) { return logits[a] > logits[b]; });
  if (topK > 0 && topK < static_cast<int64_t>(order.size()))
    order.resize(topK);
  std::vector<double> weights;
  double top = logits[order.front()];
  for (int32_t i : order)
    weights.push_back(std::exp((logits[i] - top) / temperature));
  double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  // A uniform draw in [0, total) from 53 random bits: portable.
  double u = static_cast<double>(rng() >> 11) * 0x1.0p-53 * total;
  for (size_t i = 0; i < order.size(); ++i) {
    if (u < weights[i])
      return order[i];
    u -= weights[i];
  }
  return order.back();
}

/// The next token of greedy decoding or sampling.
static int32_t nextToken(const std::vector<float> &logits,
                         const DecodeOptions &options, std::mt19937_64 &rng) {
  return options.strategy == Strategy::Greedy
             ? argmax(logits, options.excluded)
             : sampleToken(logits, options.temperature, options.topK, rng,
                           options.excluded);
}

/// d2l 9.8's final score: log P / L^alpha.
static double beamScore(const Hypothesis &h, double alpha) {
  double length = std::max<size_t>(h.tokens.size(), 1);
  return h.logProb / std::pow(length, alpha);
}

BeamSearch::BeamSearch(Hypothesis start, const DecodeOptions &options)
    : options(options) {
  beams.push_back(std::move(start));
}

bool BeamSearch::done() const {
  return round >= options.maxLength || beams.empty();
}

/// The `k` tokens of largest logit that `excluded` does not mark, best
/// first (on ties, the lower id first).
static std::vector<int32_t> topTokens(const std::vector<float> &logits,
                                      const std::vector<char> &excluded,
                                      size_t k) {
  std::vector<int32_t> top;
  auto better = [&](int32_t a, int32_t b) { return logits[a] > logits[b]; };
  for (int32_t i = 0; i < static_cast<int32_t>(logits.size()); ++i) {
    if (excluded[size_t(i)] || (top.size() == k && !better(i, top.back())))
      continue;
    if (top.size() == k)
      top.pop_back();
    top.insert(std::upper_bound(top.begin(), top.end(), i, better), i);
  }
  if (top.empty())
    throw Error("every token of the vocabulary is excluded from generation");
  return top;
}

std::vector<Hypothesis> &BeamSearch::extend() {
  struct Candidate {
    double logProb;
    size_t beam;
    int32_t token;
  };
  auto beamWidth = static_cast<size_t>(options.beam);
  std::vector<Candidate> candidates;
  for (size_t b = 0; b < beams.size(); ++b) {
    const std::vector<float> &logits = beams[b].logits;
    if (excluded.size() != logits.size()) {
      excluded.assign(logits.size(), 0);
      for (int32_t v : options.excluded)
        if (v >= 0 && v < static_cast<int32_t>(logits.size()))
          excluded[size_t(v)] = 1;
    }
    // Probabilities renormalised over the tokens that may be produced.
    // Only a hypothesis's `beam` best tokens can be among the `beam` best
    // extensions of all.
    double logSum = logSumExp(logits, &excluded);
    for (int32_t v : topTokens(logits, excluded, beamWidth))
      candidates.push_back(
          {beams[b].logProb + (double(logits[size_t(v)]) - logSum), b, v});
  }
  size_t keep = std::min<size_t>(beamWidth, candidates.size());
  // Ties go to the earlier hypothesis, then the lower token id.
  std::stable_sort(
      candidates.begin(), candidates.end(),
      [](const auto &a, const auto &b) { return a.logProb > b.logProb; });
  std::vector<Hypothesis> next;
  for (size_t i = 0; i < keep; ++i) {
    const Candidate &c = candidates[i];
    Hypothesis h;
    h.logProb = c.logProb;
    h.tokens = beams[c.beam].tokens;
    h.tokens.push_back(c.token);
    if (c.token == options.eos) {
      finished.push_back(std::move(h));
      continue;
    }
    h.state = beams[c.beam].state; // the caller steps it with the token
    next.push_back(std::move(h));
  }
  beams = std::move(next);
  ++round;
  return beams;
}

std::vector<int32_t> BeamSearch::best() const {
  const Hypothesis *best = nullptr;
  for (const std::vector<Hypothesis> *set : {&finished, &beams})
    for (const Hypothesis &h : *set)
      if (!best || beamScore(h, options.alpha) > beamScore(*best, options.alpha))
        best = &h;
  return best ? best->tokens : std::vector<int32_t>{};
}

static std::vector<int32_t> beamSearch(const StepModel &model, Hypothesis start,
                                       const DecodeOptions &options) {
  BeamSearch search(std::move(start), options);
  std::vector<float> next;
  while (!search.done())
    for (Hypothesis &h : search.extend()) {
      model.step(h.tokens.back(), h.state, next, h.logits);
      std::swap(h.state, next);
    }
  return search.best();
}

std::vector<int32_t> decode(const StepModel &model,
                            const std::vector<int32_t> &prefix,
                            const DecodeOptions &options) {
  if (prefix.empty())
    throw Error("generation needs a prefix of at least one token");
  // Warm-up: run the prefix through the model, keeping only the state.
  Hypothesis start;
  start.state = model.initialState();
  std::vector<float> next; // the next state, its buffer reused
  for (int32_t token : prefix) {
    model.step(token, start.state, next, start.logits);
    std::swap(start.state, next);
  }
  if (options.strategy == Strategy::Beam)
    return beamSearch(model, std::move(start), options);

  std::mt19937_64 rng(options.seed);
  std::vector<int32_t> out;
  for (int64_t t = 0; t < options.maxLength; ++t) {
    int32_t token = nextToken(start.logits, options, rng);
    out.push_back(token);
    if (token == options.eos)
      break;
    model.step(token, start.state, next, start.logits);
    std::swap(start.state, next);
  }
  return out;
}

StepScore scoreSteps(const StepModel &model, const std::vector<int32_t> &inputs,
                     const std::vector<int32_t> &targets) {
  if (inputs.empty() || inputs.size() != targets.size())
    throw Error("scoring needs one target per input, found " +
                std::to_string(inputs.size()) + " inputs and " +
                std::to_string(targets.size()) + " targets");
  std::vector<float> state = model.initialState(), next, logits;
  double loss = 0;
  size_t correct = 0;
  for (size_t t = 0; t < inputs.size(); ++t) {
    model.step(inputs[t], state, next, logits);
    std::swap(state, next);
    if (targets[t] < 0 || size_t(targets[t]) >= logits.size())
      throw Error("target " + std::to_string(targets[t]) +
                  " is outside the vocabulary");
    loss -= logits[size_t(targets[t])] - logSumExp(logits);
    correct += argmax(logits, {}) == targets[t];
  }
  return {loss / double(inputs.size()), double(correct) / double(inputs.size())};
}

std::vector<std::vector<int32_t>> decodeStreams(BatchStepModel &model,
                                                const std::vector<int32_t> &prefix,
                                                const DecodeOptions &options) {
  if (prefix.empty())
    throw Error("generation needs a prefix of at least one token");
  if (options.strategy == Strategy::Beam)
    throw Error("several streams at once are greedy or sampled, not beam "
                "search");
  auto streams = static_cast<size_t>(model.streams());
  auto vocab = static_cast<size_t>(model.vocabSize());
  model.resetRows();
  std::vector<int32_t> tokens(streams);
  const float *logits = nullptr;
  for (int32_t token : prefix) {
    std::fill(tokens.begin(), tokens.end(), token);
    logits = model.advance(tokens.data());
  }
  std::vector<std::mt19937_64> rngs;
  for (size_t r = 0; r < streams; ++r)
    rngs.emplace_back(options.seed + r);
  std::vector<std::vector<int32_t>> out(streams);
  std::vector<float> row(vocab);
  for (int64_t t = 0; t < options.maxLength; ++t) {
    for (size_t r = 0; r < streams; ++r) {
      row.assign(logits + r * vocab, logits + (r + 1) * vocab);
      tokens[r] = nextToken(row, options, rngs[r]);
      out[r].push_back(tokens[r]);
    }
    if (t + 1 < options.maxLength)
      logits = model.advance(tokens.data());
  }
  return out;
}

std::vector<std::vector<float>>
kStepPredictions(const std::vector<float> &series, int64_t tau,
                 const std::vector<int64_t> &ks,
                 const std::function<float(const float *window)> &predict) {
  int64_t maxK = ks.empty() ? 1 : *std::max_element(ks.begin(), ks.end());
  int64_t length = static_cast<int64_t>(series.size());
  int64_t count = length - tau - maxK + 1;
  if (tau < 1 || maxK < 1 || count < 1)
    throw Error("a series of " + std::to_string(length) +
                " values is too short for " + std::to_string(maxK) +
                "-step predictions from windows of " + std::to_string(tau));
  // features[i][j]: row i, column j (d2l's features[:, j]).
  std::vector<std::vector<float>> columns(tau + maxK,
                                          std::vector<float>(count));
  for (int64_t j = 0; j < tau; ++j)
    for (int64_t i = 0; i < count; ++i)
      columns[j][i] = series[i + j];
  std::vector<float> window(tau);
  for (int64_t j = tau; j < tau + maxK; ++j)
    for (int64_t i = 0; i < count; ++i) {
      for (int64_t w = 0; w < tau; ++w)
        window[w] = columns[j - tau + w][i];
      columns[j][i] = predict(window.data());
    }
  std::vector<std::vector<float>> result;
  for (int64_t k : ks)
    result.push_back(columns[tau + k - 1]);
  return result;
}

} // namespace rnnc::rt
