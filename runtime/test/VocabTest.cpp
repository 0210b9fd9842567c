//===- VocabTest.cpp - frequency-ordered vocabularies ----------------------===//

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Vocab.h"

#include <gtest/gtest.h>

using namespace rnnc::rt;

TEST(Vocab, UnknownFirstThenByFrequencyTiesInFirstAppearance) {
  Vocab vocab({"b", "a", "c", "a", "c", "d"});
  // a and c twice (a seen first), then b and d once (b seen first).
  EXPECT_EQ(vocab.allTokens(),
            (std::vector<std::string>{"<unk>", "a", "c", "b", "d"}));
}

TEST(Vocab, MinFreqAndReservedTokens) {
  Vocab vocab({"x", "y", "y", "<pad>"}, /*minFreq=*/2,
              {"<pad>", "<bos>", "<eos>"});
  EXPECT_EQ(vocab.allTokens(), (std::vector<std::string>{
                                   "<unk>", "<pad>", "<bos>", "<eos>", "y"}));
}

TEST(Vocab, UnknownTokensMapToZero) {
  Vocab vocab({"a", "b"});
  EXPECT_EQ(vocab.indices({"a", "zzz", "b"}),
            (std::vector<int32_t>{1, 0, 2}));
}

TEST(Vocab, OutOfRangeIndexIsAnError) {
  Vocab vocab({"a"});
  EXPECT_THROW(vocab.token(5), Error);
}

TEST(Vocab, NonWordIdsAreUnknownAndPadding) {
  Vocab vocab({"x", "y"}, 0, {"<pad>", "<bos>"});
  EXPECT_EQ(vocab.nonWordIds(), (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(Vocab({"x"}).nonWordIds(), (std::vector<int32_t>{0}));
}

TEST(Vocab, JoinsTokensWithTheSeparator) {
  Vocab vocab({"the", "time", "machine"});
  std::vector<int32_t> ids = vocab.indices({"the", "time", "machine"});
  EXPECT_EQ(vocab.join(ids, " "), "the time machine");
  EXPECT_EQ(vocab.join(ids, ""), "thetimemachine");
  EXPECT_EQ(vocab.join({}, " "), "");
}
