//===- Utf8.cpp - strict UTF-8 decoding of data files
//----------------------===//
//
// See Utf8.h. Follows the well-formed byte sequences of Unicode 15, table
// 3-7: the second byte's range depends on the lead byte, which rules out
// overlong encodings and surrogates without a separate check.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Utf8.h"

#include <fmt/format.h>

namespace rnnc::rt {

namespace {
/// Decodes one code point starting at `pos`; returns its length in bytes, or
/// 0 with `reason` set when the sequence there is invalid.
size_t decodeOne(std::string_view text, size_t pos, char32_t &codePoint,
                 std::string &reason) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(pos);
  if (lead < 0x80) {
    codePoint = lead;
    return 1;
  }
  size_t length;
  unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    codePoint = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    codePoint = lead & 0x0F;
    if (lead == 0xE0)
      low = 0xA0; // overlong below U+0800
    if (lead == 0xED)
      high = 0x9F; // surrogates U+D800..U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    codePoint = lead & 0x07;
    if (lead == 0xF0)
      low = 0x90; // overlong below U+10000
    if (lead == 0xF4)
      high = 0x8F; // above U+10FFFF
  } else {
    reason = fmt::format("byte 0x{:02X} cannot start a UTF-8 sequence", lead);
    return 0;
  }
  if (pos + length > text.size()) {
    reason = fmt::format("truncated {}-byte UTF-8 sequence", length);
    return 0;
  }
  for (size_t i = 1; i < length; ++i) {
    unsigned char next = byte(pos + i);
    unsigned char lo = i == 1 ? low : 0x80, hi = i == 1 ? high : 0xBF;
    if (next < lo || next > hi) {
      reason = fmt::format("invalid continuation byte 0x{:02X} in a {}-byte "
                           "UTF-8 sequence",
                           next, length);
      return 0;
    }
    codePoint = (codePoint << 6) | (next & 0x3F);
  }
  return length;
}
} // namespace

bool decodeUtf8(std::string_view text, std::vector<char32_t> &codePoints,
                Utf8Error &error) {
  codePoints.clear();
  codePoints.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp;
    size_t length = decodeOne(text, pos, cp, error.reason);
    if (length == 0) {
      error.byteOffset = pos;
      return false;
    }
    codePoints.push_back(cp);
    pos += length;
  }
  return true;
}

void appendUtf8(char32_t cp, std::string &out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char32_t toLowerCodePoint(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z')
    return cp + 32;
  if (cp < 0xC0)
    return cp;
  // Latin-1: À..Þ except ×.
  if (cp <= 0xDE)
    return cp == 0xD7 ? cp : cp + 32;
  // Latin Extended-A: pairs (upper even, lower odd), except the ranges
  // U+0138..U+0148 and U+0179..U+017E that pair odd/even.
  if (cp >= 0x100 && cp <= 0x137)
    return cp % 2 == 0 ? cp + 1 : cp;
  if (cp >= 0x139 && cp <= 0x148)
    return cp % 2 == 1 ? cp + 1 : cp;
  if (cp >= 0x14A && cp <= 0x177)
    return cp % 2 == 0 ? cp + 1 : cp;
  if (cp == 0x178)
    return 0xFF; // Ÿ -> ÿ
  if (cp >= 0x179 && cp <= 0x17E)
    return cp % 2 == 1 ? cp + 1 : cp;
  // Greek capitals Α..Ω (no U+03A2) and Cyrillic А..Я, Ѐ..Џ.
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
    return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F)
    return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F)
    return cp + 80;
  return cp;
}

std::string toLowerUtf8(std::string_view text) {
  std::vector<char32_t> codePoints;
  Utf8Error error;
  if (!decodeUtf8(text, codePoints, error))
    return std::string(text); // callers validate first; leave bad text be
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : codePoints)
    appendUtf8(toLowerCodePoint(cp), out);
  return out;
}

bool splitCodePoints(std::string_view text, std::vector<std::string> &chars,
                     Utf8Error &error) {
  chars.clear();
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp;
    size_t length = decodeOne(text, pos, cp, error.reason);
    if (length == 0) {
      error.byteOffset = pos;
      return false;
    }
    chars.emplace_back(text.substr(pos, length));
    pos += length;
  }
  return true;
}

} // namespace rnnc::rt
