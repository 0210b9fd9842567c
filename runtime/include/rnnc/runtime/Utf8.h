//===- Utf8.h - strict UTF-8 decoding of data files ------------*- C++ -*-===//
//
// Text corpora are tokenised by Unicode code point (so a Chinese corpus works
// with character tokens). Decoding is strict: overlong forms, surrogates,
// code points above U+10FFFF and truncated sequences are errors that name
// the byte offset, so a bad data file is reported, never mis-tokenised.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_UTF8_H
#define RNNC_RUNTIME_UTF8_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rnnc::rt {

/// Where and why decoding failed.
struct Utf8Error {
  size_t byteOffset = 0;
  std::string reason;
};

/// Decodes `text` into code points. Returns false and fills `error` at the
/// first invalid sequence.
bool decodeUtf8(std::string_view text, std::vector<char32_t> &codePoints,
                Utf8Error &error);

/// Appends the UTF-8 encoding of `codePoint` (which must be valid) to `out`.
void appendUtf8(char32_t codePoint, std::string &out);

/// Lower-cases a code point as Python's str.lower() does for the scripts
/// of the bundled corpora: ASCII, Latin-1, Latin Extended-A (French, German,
/// Spanish, ...), Greek and Cyrillic. Other code points are unchanged.
char32_t toLowerCodePoint(char32_t codePoint);

/// Lower-cases valid UTF-8 text code point by code point.
std::string toLowerUtf8(std::string_view text);

/// Splits `text` into one string per code point; the same validity rules.
bool splitCodePoints(std::string_view text, std::vector<std::string> &chars,
                     Utf8Error &error);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_UTF8_H
