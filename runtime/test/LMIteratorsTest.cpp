//===- LMIteratorsTest.cpp - d2l's minibatch iterators ---------------------===//
//
// d2l 8.3's example: the sequence 0..34, batch 2, 5 steps.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/LMIterators.h"

#include "rnnc/runtime/Error.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>

using namespace rnnc::rt;

namespace {
std::vector<int32_t> sequence(int n) {
  std::vector<int32_t> seq(n);
  std::iota(seq.begin(), seq.end(), 0);
  return seq;
}

/// Row b of a time-major batch, as d2l prints X[b].
std::vector<int32_t> row(const TokenBatch &batch, int64_t b, bool target) {
  std::vector<int32_t> out;
  for (int64_t t = 0; t < batch.steps; ++t)
    out.push_back(target ? batch.yAt(t, b) : batch.xAt(t, b));
  return out;
}
} // namespace

TEST(SequentialPartitioning, ContinuesEachRowAcrossBatches) {
  // Offset 2: 32 tokens laid out as 2 rows of 16; 3 batches of 5 steps.
  auto batches = sequentialBatches(sequence(35), 2, 5, /*offset=*/2);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(row(batches[0], 0, false), (std::vector<int32_t>{2, 3, 4, 5, 6}));
  EXPECT_EQ(row(batches[0], 1, false),
            (std::vector<int32_t>{18, 19, 20, 21, 22}));
  EXPECT_EQ(row(batches[0], 0, true), (std::vector<int32_t>{3, 4, 5, 6, 7}));
  EXPECT_EQ(row(batches[1], 0, false), (std::vector<int32_t>{7, 8, 9, 10, 11}));
  EXPECT_EQ(row(batches[2], 1, false),
            (std::vector<int32_t>{28, 29, 30, 31, 32}));
  EXPECT_EQ(row(batches[2], 1, true),
            (std::vector<int32_t>{29, 30, 31, 32, 33}));
}

TEST(RandomSampling, TakesSubsequencesInTheGivenOrder) {
  // Offset 3: 31 tokens give 6 subsequences starting at 0, 5, ..., 25 (of
  // the shifted stream); two batches of two use the first four starts.
  auto batches =
      randomBatches(sequence(35), 2, 5, /*offset=*/3, {20, 5, 0, 25, 10, 15});
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(row(batches[0], 0, false),
            (std::vector<int32_t>{23, 24, 25, 26, 27}));
  EXPECT_EQ(row(batches[0], 1, false), (std::vector<int32_t>{8, 9, 10, 11, 12}));
  EXPECT_EQ(row(batches[1], 1, true),
            (std::vector<int32_t>{29, 30, 31, 32, 33}));
  EXPECT_EQ(row(batches[2], 0, false),
            (std::vector<int32_t>{13, 14, 15, 16, 17}));
}

TEST(RandomSampling, AnEpochUsesEachSubsequenceAtMostOnce) {
  std::mt19937_64 rng(7);
  auto batches = lmEpoch(sequence(1000), 4, 7, Sampling::Random, rng);
  std::set<int32_t> starts;
  for (const TokenBatch &b : batches)
    for (int64_t i = 0; i < b.batch; ++i)
      EXPECT_TRUE(starts.insert(b.xAt(0, i)).second);
  EXPECT_EQ(batches.size(), 35u); // (1000 - offset - 1) / 7 = 142 or 141 -> 35
}

TEST(Iterators, TheSameSeedGivesTheSameEpoch) {
  for (Sampling s : {Sampling::Random, Sampling::Sequential}) {
    std::mt19937_64 a(3), b(3);
    auto first = lmEpoch(sequence(500), 3, 6, s, a);
    auto second = lmEpoch(sequence(500), 3, 6, s, b);
    ASSERT_EQ(first.size(), second.size());
    for (size_t i = 0; i < first.size(); ++i)
      EXPECT_EQ(first[i].x, second[i].x);
  }
}

TEST(UniformInt, StaysInRangeAndIsPortable) {
  std::mt19937_64 rng(0);
  for (int i = 0; i < 1000; ++i) {
    int64_t v = uniformInt(rng, 2, 9);
    EXPECT_GE(v, 2);
    EXPECT_LE(v, 9);
  }
  // mt19937_64 is specified by the standard; so is this draw.
  std::mt19937_64 fixed(42);
  EXPECT_EQ(uniformInt(fixed, 0, 999), 
            static_cast<int64_t>(std::mt19937_64(42)() % 1000));
}

TEST(HeldOutStreams, ContiguousRowsTimeMajorRemainderDropped) {
  // 11 tokens in 3 rows of 3: 0 1 2 | 3 4 5 | 6 7 8, 9 and 10 dropped.
  std::vector<int32_t> x = sequence(11), y(11);
  for (int32_t i = 0; i < 11; ++i)
    y[i] = 100 + i;
  TokenBatch held = heldOutStreams(x, y, 3);
  EXPECT_EQ(held.steps, 3);
  EXPECT_EQ(held.batch, 3);
  EXPECT_EQ(held.x, (std::vector<int32_t>{0, 3, 6, 1, 4, 7, 2, 5, 8}));
  EXPECT_EQ(held.yAt(2, 1), 105);
  // One row is the whole stream; more rows than tokens, one token each.
  EXPECT_EQ(heldOutStreams(x, y, 1).x, x);
  EXPECT_EQ(heldOutStreams({4, 5}, {5, 6}, 8).batch, 2);
  EXPECT_EQ(heldOutStreams({}, {}, 4).steps, 0);
  EXPECT_THROW(heldOutStreams(x, y, 0), Error);
  EXPECT_THROW(heldOutStreams(x, {1}, 2), Error);
}
