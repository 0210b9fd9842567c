//===- BleuTest.cpp - BLEU against known values ----------------------------===//

#include "rnnc/runtime/Bleu.h"
#include "rnnc/runtime/Error.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace rnnc::rt;

TEST(D2LBleu, ExactTranslationsScoreOne) {
  EXPECT_DOUBLE_EQ(d2lBleu("va !", "va !", 2), 1.0);
  EXPECT_DOUBLE_EQ(d2lBleu("j'ai perdu .", "j'ai perdu .", 2), 1.0);
}

// d2l 9.7 prints "he's calm . => il est riche ., bleu 0.658".
TEST(D2LBleu, MatchesTheBooksPrintedScore) {
  double score = d2lBleu("il est riche .", "il est calme .", 2);
  EXPECT_NEAR(score, std::sqrt(0.75) * std::pow(1.0 / 3, 0.25), 1e-12);
  EXPECT_NEAR(score, 0.658, 5e-4);
}

TEST(D2LBleu, PenalisesShortPredictions) {
  // One token of two: brevity exp(1 - 2/1), unigram precision 1.
  EXPECT_NEAR(d2lBleu("je", "je suis", 2), std::exp(-1.0), 1e-12);
}

TEST(CorpusBleu4, PerfectTranslationScoresOne) {
  EXPECT_DOUBLE_EQ(corpusBleu4({"the cat sat on the mat"},
                               {"the cat sat on the mat"}),
                   1.0);
}

TEST(CorpusBleu4, GeometricMeanOfClippedPrecisions) {
  // p1 = 5/6, p2 = 3/5, p3 = 2/4, p4 = 1/3, no brevity penalty.
  double expected = std::exp(
      (std::log(5.0 / 6) + std::log(3.0 / 5) + std::log(0.5) +
       std::log(1.0 / 3)) /
      4);
  EXPECT_NEAR(corpusBleu4({"a b c d e f"}, {"a b c d x f"}), expected, 1e-12);
}

TEST(CorpusBleu4, SumsCountsOverTheCorpusAndAppliesBrevity) {
  // Counts: p1 = 8/8, p2 = 6/6, p3 = 4/4, p4 = 2/2; c = 8 < r = 10.
  double score = corpusBleu4({"a b c d", "e f g h"}, {"a b c d", "e f g h i j"});
  EXPECT_NEAR(score, std::exp(1.0 - 10.0 / 8), 1e-12);
}

TEST(CorpusBleu4, ClipsRepeatedNgrams) {
  // "the" six times against one "the": p1 = 1/6; no bigram matches -> 0.
  EXPECT_EQ(corpusBleu4({"the the the the the the"}, {"the cat"}), 0.0);
}

TEST(CorpusBleu4, NeedsOneReferencePerPrediction) {
  EXPECT_THROW(corpusBleu4({"a"}, {}), Error);
}
