//===- DatasetsTest.cpp - seq2seq pairs, series, tagging, corpus stats -----===//

#include "rnnc/runtime/CorpusStats.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/LMIterators.h"
#include "rnnc/runtime/Seq2SeqData.h"
#include "rnnc/runtime/SeriesData.h"
#include "rnnc/runtime/TaggingData.h"
#include "rnnc/runtime/TextData.h"

#include "TestFiles.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

using namespace rnnc::rt;
using rnnc::rt::test::tempFile;

namespace {
template <typename F> std::string errorOf(F f) {
  try {
    f();
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}
} // namespace

//===--- Seq2seq ----------------------------------------------------------===//

TEST(Pairs, CleansAndTokenisesLikeD2L) {
  auto pairs = readPairs(tempFile("pairs.txt", "Go.\tVa !\nI lost.\tJ'ai "
                                               "perdu.\n\nHi.\tSalut.\n"),
                         2);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].source, (std::vector<std::string>{"go", "."}));
  EXPECT_EQ(pairs[0].target, (std::vector<std::string>{"va", "!"}));
  EXPECT_EQ(pairs[1].target,
            (std::vector<std::string>{"j'ai", "perdu", "."}));
}

TEST(Pairs, ALineWithoutATabNamesTheLine) {
  std::string path = tempFile("notab.txt", "Go.\tVa !\nno tab here\n");
  EXPECT_EQ(errorOf([&] { readPairs(path, 0); }),
            path + ": line 2: expected a source and a target separated by "
                   "one tab, found no tab");
}

TEST(Pairs, EncodesWithEosTruncatesAndPads) {
  Vocab vocab({"a", "b", "a"}, 0, kSeq2SeqReserved);
  std::vector<int32_t> ids;
  EXPECT_EQ(encodeSentence(vocab, {"a", "b"}, 5, ids), 3);
  int32_t pad = vocab.index("<pad>"), eos = vocab.index("<eos>");
  EXPECT_EQ(ids, (std::vector<int32_t>{vocab.index("a"), vocab.index("b"),
                                       eos, pad, pad}));
  EXPECT_EQ(encodeSentence(vocab, {"a", "b", "a", "a"}, 3, ids), 3);
  EXPECT_EQ(ids.size(), 3u);
}

TEST(Pairs, BatchesAreTimeMajorWithTeacherForcing) {
  std::vector<SentencePair> pairs = {{{"a"}, {"x", "y"}}};
  Vocab src({"a"}, 0, kSeq2SeqReserved), tgt({"x", "y"}, 0, kSeq2SeqReserved);
  std::mt19937_64 rng(0);
  auto batches = pairEpoch(pairs, src, tgt, 4, 4, rng);
  ASSERT_EQ(batches.size(), 1u);
  const PairBatch &b = batches[0];
  EXPECT_EQ(b.batch, 1);
  EXPECT_EQ(b.sourceLength, (std::vector<int32_t>{2}));
  EXPECT_EQ(b.targetLength, (std::vector<int32_t>{3}));
  int32_t bos = tgt.index("<bos>"), eos = tgt.index("<eos>"),
          pad = tgt.index("<pad>");
  EXPECT_EQ(b.target, (std::vector<int32_t>{tgt.index("x"), tgt.index("y"),
                                            eos, pad}));
  EXPECT_EQ(b.decoderInput, (std::vector<int32_t>{bos, tgt.index("x"),
                                                  tgt.index("y"), eos}));
}

TEST(Pairs, SplitIsSeededAndDisjoint) {
  std::vector<SentencePair> pairs;
  for (int i = 0; i < 10; ++i)
    pairs.push_back({{std::to_string(i)}, {std::to_string(i)}});
  std::vector<SentencePair> train, test, train2, test2;
  splitPairs(pairs, 3, 0, train, test);
  splitPairs(pairs, 3, 0, train2, test2);
  EXPECT_EQ(test.size(), 3u);
  EXPECT_EQ(train.size(), 7u);
  for (size_t i = 0; i < test.size(); ++i)
    EXPECT_EQ(test[i].source, test2[i].source);
}

//===--- Series -----------------------------------------------------------===//

TEST(Series, NoisySineIsSeededAndNearTheSine) {
  auto a = noisySine(1000, 0.2, 0), b = noisySine(1000, 0.2, 0);
  EXPECT_EQ(a, b);
  double noiseSq = 0;
  for (int t = 1; t <= 1000; ++t)
    noiseSq += std::pow(a[t - 1] - std::sin(0.01 * t), 2);
  EXPECT_NEAR(std::sqrt(noiseSq / 1000), 0.2, 0.02); // the noise's std
}

TEST(Series, WindowsOfTau) {
  Windows w = makeWindows({1, 2, 3, 4, 5, 6}, 4);
  EXPECT_EQ(w.count, 2);
  EXPECT_EQ(w.features, (std::vector<float>{1, 2, 3, 4, 2, 3, 4, 5}));
  EXPECT_EQ(w.labels, (std::vector<float>{5, 6}));
  EXPECT_THROW(makeWindows({1, 2}, 4), Error);
}

TEST(Series, CsvColumnSkipsAHeaderAndNamesBadCells) {
  EXPECT_EQ(readCsvColumn(tempFile("ok.csv", "t,x\n1,0.5\n2,1.5\n"), 1),
            (std::vector<float>{0.5f, 1.5f}));
  std::string path = tempFile("bad.csv", "t,x\n1,0.5\n2,oops\n");
  EXPECT_EQ(errorOf([&] { readCsvColumn(path, 1); }),
            path + ": line 3, column 2: 'oops' is not a number");
}

//===--- Tagging ----------------------------------------------------------===//

TEST(Tagging, HelloToOhlolSharesOneVocabulary) {
  TaggedStream s = tagStringPair("hello", "ohlol");
  EXPECT_EQ(s.inputVocab.size(), 4u); // l, o, h, e
  EXPECT_EQ(s.inputVocab.token(s.inputs[0]), "h");
  EXPECT_EQ(s.inputVocab.token(s.labels[0]), "o");
  EXPECT_EQ(s.labels.size(), 5u);
  EXPECT_THROW(tagStringPair("hello", "oh"), Error);
}

TEST(Tagging, WordBoundariesLabelFirstLetters) {
  TaggedStream s = tagWordBoundaries("the time machine");
  EXPECT_EQ(s.inputs.size(), 14u);
  EXPECT_EQ(s.labels, (std::vector<int32_t>{1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
                                            0, 0, 0}));
}

TEST(Tagging, BatchesKeepLabelsAlignedWithInputs) {
  std::vector<int32_t> in{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  std::vector<int32_t> labels{10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110};
  std::mt19937_64 rng(1);
  for (Sampling s : {Sampling::Random, Sampling::Sequential}) {
    std::vector<TokenBatch> batches = taggingEpoch(in, labels, 2, 2, s, rng);
    // 11 tokens, 2 streams of 2 steps: 2 batches of 4 either way (the
    // loop below would check nothing if there were none).
    ASSERT_EQ(batches.size(), 2u) << int(s);
    for (const TokenBatch &b : batches) {
      ASSERT_EQ(b.x.size(), 4u);
      for (size_t i = 0; i < b.x.size(); ++i)
        EXPECT_EQ(b.y[i], b.x[i] * 10);
    }
  }
}

//===--- Corpus statistics ------------------------------------------------===//

TEST(CorpusStats, CountsNgramsAndBaselines) {
  std::vector<std::string> tokens{"a", "b", "a", "b", "a", "c"};
  auto bigrams = topNgrams(tokens, 2, 2);
  EXPECT_EQ(bigrams[0], (std::pair<std::string, int64_t>{"a b", 2}));
  EXPECT_EQ(bigrams[1], (std::pair<std::string, int64_t>{"b a", 2}));
  CorpusStats stats = corpusStats(tokens);
  EXPECT_EQ(stats.types, 3);
  EXPECT_DOUBLE_EQ(stats.uniformPerplexity, 3.0);
  double entropy =
      -(0.5 * std::log(0.5) + 2 * (1.0 / 3) * std::log(1.0 / 3) / 2 +
        (1.0 / 6) * std::log(1.0 / 6) + (1.0 / 3) * std::log(1.0 / 3) -
        (1.0 / 3) * std::log(1.0 / 3));
  EXPECT_NEAR(stats.unigramPerplexity, std::exp(entropy), 1e-12);
}

TEST(CorpusStats, ZipfExponentOfAnExactPowerLaw) {
  // Frequencies 60, 30, 20, 15 follow 60 / rank exactly: alpha = 1.
  std::vector<std::string> tokens;
  int counts[] = {60, 30, 20, 15};
  for (int r = 0; r < 4; ++r)
    tokens.insert(tokens.end(), counts[r], std::string(1, 'a' + r));
  EXPECT_NEAR(corpusStats(tokens).zipfExponent, 1.0, 1e-12);
}
