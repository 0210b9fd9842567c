//===- TextDataTest.cpp - reading, cleaning and tokenising text ------------===//

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/TextData.h"
#include "rnnc/runtime/Vocab.h"

#include "TestFiles.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using namespace rnnc::rt;
using rnnc::rt::test::tempFile;

namespace {
std::string errorOf(const std::string &path) {
  try {
    readTextFile(path);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST(ReadTextFile, ReadsUtf8Text) {
  EXPECT_EQ(readTextFile(tempFile("ok.txt", "héllo\n")), "héllo\n");
}

TEST(ReadTextFile, NamesAMissingFile) {
  std::string path = testing::TempDir() + "/does-not-exist.txt";
  EXPECT_EQ(errorOf(path), path + ": cannot open: No such file or directory");
}

TEST(ReadTextFile, RejectsAnEmptyFile) {
  std::string path = tempFile("empty.txt", "");
  EXPECT_EQ(errorOf(path), path + ": the file is empty");
}

TEST(ReadTextFile, RejectsABinaryFileWithThePlace) {
  std::string path = tempFile("binary.txt", std::string("ab\ncd\0e", 7));
  EXPECT_EQ(errorOf(path), path + ": line 2, column 3 (byte 5): a NUL byte; "
                                  "this looks like a binary file, not text");
}

TEST(ReadTextFile, RejectsInvalidUtf8WithThePlace) {
  // "café" saved as Latin-1: 0xE9 starts a 3-byte sequence, ' ' breaks it.
  std::string path = tempFile("latin1.txt", "one\ntwo caf\xE9 ok\n");
  EXPECT_EQ(errorOf(path),
            path + ": line 2, column 8 (byte 11): invalid UTF-8: invalid "
                   "continuation byte 0x20 in a 3-byte UTF-8 sequence");
}

TEST(Preprocess, D2LKeepsLettersLowerCasedAndJoinsLines) {
  EXPECT_EQ(preprocessD2L("The Time Machine, by H. G. Wells [1898]\n\n"
                          "  I\r\nThe Time Traveller (for so it will be\n"),
            "the time machine by h g wellsithe time traveller for so it "
            "will be");
}

TEST(Preprocess, NMTSpacesPunctuationAndLowerCasesUnicode) {
  EXPECT_EQ(preprocessNMT("Go.\tVa !"), "go .\tva !");
  // U+202F before '!' becomes a space; 'Ç' lower-cases like Python's.
  EXPECT_EQ(preprocessNMT("Wow!\t\xC3\x87" "a alors\xE2\x80\xAF!"),
            "wow !\t\xC3\xA7" "a alors !");
  EXPECT_EQ(preprocessNMT("I lost.\tJ'ai perdu.\xC2\xA0"),
            "i lost .\tj'ai perdu . ");
}

TEST(Tokenize, CharsAreCodePoints) {
  EXPECT_EQ(tokenize("时间 机器", TokenKind::Char),
            (std::vector<std::string>{"时", "间", " ", "机", "器"}));
}

TEST(Tokenize, WordsSplitOnSpaces) {
  EXPECT_EQ(tokenize("the  time machine", TokenKind::Word),
            (std::vector<std::string>{"the", "time", "machine"}));
}

// d2l 8.2 on The Time Machine: 28 tokens with <unk>, 170,580 in the corpus.
TEST(TimeMachine, MatchesD2LCounts) {
  std::string path = RNNC_DATA_DIR "/timemachine.txt";
  ASSERT_TRUE(std::ifstream(path).good()) << "no " << path;
  std::vector<std::string> tokens =
      tokenize(preprocessD2L(readTextFile(path)), TokenKind::Char);
  Vocab vocab(tokens);
  EXPECT_EQ(tokens.size(), 170580u);
  EXPECT_EQ(vocab.size(), 28u);
  EXPECT_EQ(vocab.token(1), " ");
  EXPECT_EQ(vocab.token(2), "e");
  EXPECT_EQ(vocab.token(3), "t");
}
