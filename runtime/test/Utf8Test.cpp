//===- Utf8Test.cpp - tests of strict UTF-8 decoding -----------------------===//

#include "rnnc/runtime/Utf8.h"

#include <gtest/gtest.h>

using namespace rnnc::rt;

namespace {
std::vector<char32_t> decodeOk(std::string_view text) {
  std::vector<char32_t> out;
  Utf8Error error;
  EXPECT_TRUE(decodeUtf8(text, out, error)) << error.reason;
  return out;
}

Utf8Error decodeBad(std::string_view text) {
  std::vector<char32_t> out;
  Utf8Error error;
  EXPECT_FALSE(decodeUtf8(text, out, error));
  return error;
}
} // namespace

TEST(Utf8, DecodesAsciiAndMultibyteCodePoints) {
  EXPECT_EQ(decodeOk("time"), (std::vector<char32_t>{'t', 'i', 'm', 'e'}));
  // é (2 bytes), 时 (3 bytes), 😀 (4 bytes).
  EXPECT_EQ(decodeOk("\xC3\xA9\xE6\x97\xB6\xF0\x9F\x98\x80"),
            (std::vector<char32_t>{0xE9, 0x65F6, 0x1F600}));
}

TEST(Utf8, SplitsChineseTextIntoCharacters) {
  std::vector<std::string> chars;
  Utf8Error error;
  ASSERT_TRUE(splitCodePoints("时间机器", chars, error));
  EXPECT_EQ(chars, (std::vector<std::string>{"时", "间", "机", "器"}));
}

TEST(Utf8, EncodingRoundTripsEveryLength) {
  for (char32_t cp : {U'a', U'\u00E9', U'\u65F6', U'\U0001F600'}) {
    std::string text;
    appendUtf8(cp, text);
    EXPECT_EQ(decodeOk(text), std::vector<char32_t>{cp});
  }
}

TEST(Utf8, RejectsALoneContinuationByteWithItsOffset) {
  Utf8Error error = decodeBad("ab\x80");
  EXPECT_EQ(error.byteOffset, 2u);
  EXPECT_EQ(error.reason, "byte 0x80 cannot start a UTF-8 sequence");
}

TEST(Utf8, RejectsOverlongSurrogateAndOutOfRangeForms) {
  EXPECT_EQ(decodeBad("\xC0\xAF").byteOffset, 0u);    // overlong '/'
  EXPECT_EQ(decodeBad("\xE0\x80\xAF").byteOffset, 0u); // overlong, 3 bytes
  EXPECT_EQ(decodeBad("x\xED\xA0\x80").byteOffset, 1u); // U+D800
  EXPECT_EQ(decodeBad("\xF4\x90\x80\x80").byteOffset, 0u); // > U+10FFFF
}

TEST(Utf8, RejectsATruncatedSequence) {
  Utf8Error error = decodeBad("ok\xE6\x97");
  EXPECT_EQ(error.byteOffset, 2u);
  EXPECT_EQ(error.reason, "truncated 3-byte UTF-8 sequence");
}
