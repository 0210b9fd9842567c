//===- GenerationTest.cpp - decoding on toy models with known answers ------===//

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Generation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace rnnc::rt;

namespace {
/// A first-order Markov chain over tokens {0: <eos>, 1: a, 2: b} and a
/// start token 3 (<bos>, input only): the state is the last token
/// (one-hot), the logits are log P(next | last).
class MarkovModel : public StepModel {
public:
  explicit MarkovModel(std::map<int32_t, std::vector<double>> next)
      : next(std::move(next)) {}
  int64_t vocabSize() const override { return 3; }
  std::vector<float> initialState() const override { return {0, 0, 0, 0}; }
  void step(int32_t token, const std::vector<float> &,
            std::vector<float> &nextState,
            std::vector<float> &logits) const override {
    nextState.assign(4, 0);
    nextState[token] = 1;
    logits.clear();
    for (double p : next.at(token))
      logits.push_back(static_cast<float>(std::log(p)));
  }

private:
  std::map<int32_t, std::vector<double>> next;
};

/// Start token 3 (a <bos>) is in the chain too.
MarkovModel greedyTrap() {
  // After <bos>: a 0.5, b 0.4. After a: <eos> 0.2, a 0.4, b 0.4.
  // After b: <eos> 0.9. Greedy takes a (0.5) and then wanders; the best
  // short sequence is "b <eos>" with P = 0.36 > "a <eos>" = 0.1.
  return MarkovModel({{3, {0.1, 0.5, 0.4}},
                      {1, {0.2, 0.4, 0.4}},
                      {2, {0.9, 0.05, 0.05}}});
}
} // namespace

TEST(Decode, GreedyFollowsTheLocallyBestToken) {
  DecodeOptions options;
  options.eos = 0;
  options.maxLength = 3;
  // a (0.5), then a (0.4 ties b, the first wins), then a.
  EXPECT_EQ(decode(greedyTrap(), {3}, options),
            (std::vector<int32_t>{1, 1, 1}));
}

TEST(Decode, BeamSearchFindsTheBestSequence) {
  DecodeOptions options;
  options.strategy = Strategy::Beam;
  options.beam = 2;
  options.eos = 0;
  options.maxLength = 3;
  EXPECT_EQ(decode(greedyTrap(), {3}, options), (std::vector<int32_t>{2, 0}));
}

TEST(Decode, BeamOfOneIsGreedy) {
  DecodeOptions greedy, beam;
  greedy.eos = beam.eos = 0;
  greedy.maxLength = beam.maxLength = 4;
  beam.strategy = Strategy::Beam;
  beam.beam = 1;
  EXPECT_EQ(decode(greedyTrap(), {3}, beam),
            decode(greedyTrap(), {3}, greedy));
}

TEST(Decode, LengthNormalisationDecidesBetweenLengths) {
  // "<eos>" at once: P = 0.5. "a <eos>": P = 0.49 * 0.9 = 0.441. Raw log
  // probability prefers the short one; log P / L^0.75 prefers the longer:
  // -0.819 / 2^0.75 = -0.487 > -0.693.
  MarkovModel model({{3, {0.5, 0.49, 0.01}},
                     {1, {0.9, 0.05, 0.05}},
                     {2, {0.34, 0.33, 0.33}}});
  DecodeOptions options;
  options.strategy = Strategy::Beam;
  options.beam = 2;
  options.eos = 0;
  options.maxLength = 2;
  EXPECT_EQ(decode(model, {3}, options), (std::vector<int32_t>{1, 0}));
  options.alpha = 0; // no normalisation
  EXPECT_EQ(decode(model, {3}, options), (std::vector<int32_t>{0}));
}

TEST(Decode, WarmUpUsesThePrefixState) {
  DecodeOptions options;
  options.eos = 0;
  options.maxLength = 2;
  // After the prefix "b", the model predicts <eos>.
  EXPECT_EQ(decode(greedyTrap(), {3, 2}, options), (std::vector<int32_t>{0}));
  EXPECT_THROW(decode(greedyTrap(), {}, options), Error);
}

TEST(Sample, TopOneIsArgmaxAndSeedsReproduce) {
  std::vector<float> logits{0.1f, 2.0f, 1.9f};
  std::mt19937_64 rng(0);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(sampleToken(logits, 1.0, 1, rng), 1);
  std::mt19937_64 a(5), b(5);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(sampleToken(logits, 1.0, 0, a), sampleToken(logits, 1.0, 0, b));
}

TEST(Sample, FrequenciesFollowTheSoftmax) {
  std::vector<float> logits{0.0f, std::log(3.0f)}; // P = 0.25, 0.75
  std::mt19937_64 rng(1);
  int ones = 0;
  for (int i = 0; i < 20000; ++i)
    ones += sampleToken(logits, 1.0, 0, rng);
  EXPECT_NEAR(ones / 20000.0, 0.75, 0.01);
  // Temperature 1000 flattens the distribution.
  int flat = 0;
  for (int i = 0; i < 20000; ++i)
    flat += sampleToken(logits, 1000.0, 0, rng);
  EXPECT_NEAR(flat / 20000.0, 0.5, 0.015);
}

// Excluded tokens (a language model's <unk> and <pad>) are never produced:
// greedy takes the best other token, sampling renormalises over the
// others, beam search never extends with one.
TEST(Decode, ExcludedTokensAreNeverProduced) {
  DecodeOptions options;
  options.eos = 0;
  options.maxLength = 3;
  options.excluded = {1}; // a, greedy's choice after <bos> and after a
  EXPECT_EQ(decode(greedyTrap(), {3}, options), (std::vector<int32_t>{2, 0}));
  options.strategy = Strategy::Beam;
  options.beam = 3;
  options.excluded = {2};
  for (int32_t token : decode(greedyTrap(), {3}, options))
    EXPECT_NE(token, 2);
  options.strategy = Strategy::Sample;
  options.maxLength = 200;
  options.eos = -1;
  options.excluded = {0, 2};
  EXPECT_EQ(decode(greedyTrap(), {3}, options),
            std::vector<int32_t>(200, 1));
}

TEST(Sample, RenormalisesOverTheTokensNotExcluded) {
  // P = 0.25, 0.25, 0.5 without exclusion; 1/3, 2/3 without token 1.
  std::vector<float> logits{0.0f, 0.0f, std::log(2.0f)};
  std::mt19937_64 rng(2);
  int twos = 0;
  for (int i = 0; i < 30000; ++i) {
    int32_t token = sampleToken(logits, 1.0, 0, rng, {1});
    ASSERT_NE(token, 1);
    twos += token == 2;
  }
  EXPECT_NEAR(twos / 30000.0, 2.0 / 3.0, 0.01);
  EXPECT_EQ(argmax(logits, {2}), 0);
  EXPECT_THROW(argmax(logits, {0, 1, 2}), Error);
}

TEST(LogSoftmax, IsStableForLargeLogits) {
  std::vector<double> lp = logSoftmax({1000.0f, 1000.0f});
  EXPECT_NEAR(lp[0], std::log(0.5), 1e-12);
}

TEST(KStep, OneStepUsesDataAndKStepUsesPredictions) {
  // A model that predicts the mean of its window, tau = 2.
  std::vector<float> series{1, 3, 5, 7, 9, 11};
  auto mean = [](const float *w) { return (w[0] + w[1]) / 2; };
  auto preds = kStepPredictions(series, 2, {1, 2}, mean);
  // count = 6 - 2 - 2 + 1 = 3. 1-step: mean of data windows.
  EXPECT_EQ(preds[0], (std::vector<float>{2, 4, 6}));
  // 2-step: mean(x[i+1], 1-step prediction).
  EXPECT_EQ(preds[1], (std::vector<float>{2.5, 4.5, 6.5}));
  EXPECT_THROW(kStepPredictions(series, 2, {10}, mean), Error);
}
