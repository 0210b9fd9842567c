//===- TextData.cpp - reading, preprocessing and tokenising text
//-----------===//
//
// See TextData.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/TextData.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Utf8.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace rnnc::rt {

void fail(const std::string &path, const std::string &what) {
  throw Error(path + ": " + what);
}

/// 1-based line and column of byte `offset`.
static std::pair<size_t, size_t> lineColumn(std::string_view text,
                                            size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

std::string readTextFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, fmt::format("cannot open: {}", std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.empty())
    fail(path, "the file is empty");
  if (size_t nul = text.find('\0'); nul != std::string::npos) {
    auto [line, column] = lineColumn(text, nul);
    fail(path, fmt::format("line {}, column {} (byte {}): a NUL byte; this "
                           "looks like a binary file, not text",
                           line, column, nul));
  }
  std::vector<char32_t> codePoints;
  Utf8Error error;
  if (!decodeUtf8(text, codePoints, error)) {
    auto [line, column] = lineColumn(text, error.byteOffset);
    fail(path, fmt::format("line {}, column {} (byte {}): invalid UTF-8: {}",
                           line, column, error.byteOffset, error.reason));
  }
  return text;
}

/// Calls `f` on each line of `text`, without its "\n" or "\r\n".
template <typename F> static void forEachLine(std::string_view text, F f) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    f(line);
    start = end + 1;
  }
}

std::string preprocessD2L(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  forEachLine(text, [&](std::string_view line) {
    // re.sub('[^A-Za-z]+', ' ', line).strip().lower()
    std::string cleaned;
    bool inRun = false;
    for (char c : line) {
      if (std::isalpha(static_cast<unsigned char>(c)) &&
          static_cast<unsigned char>(c) < 0x80) {
        cleaned += static_cast<char>(std::tolower(c));
        inRun = false;
      } else if (!inRun) {
        cleaned += ' ';
        inRun = true;
      }
    }
    size_t first = cleaned.find_first_not_of(' ');
    if (first == std::string::npos)
      return;
    size_t last = cleaned.find_last_not_of(' ');
    out += cleaned.substr(first, last - first + 1);
  });
  return out;
}

std::string joinLines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  forEachLine(text, [&](std::string_view line) { out += line; });
  return out;
}

std::vector<std::string> tokenize(std::string_view text, TokenKind kind) {
  std::vector<std::string> tokens;
  if (kind == TokenKind::Char) {
    Utf8Error error;
    if (!splitCodePoints(text, tokens, error))
      throw Error(fmt::format("invalid UTF-8 at byte {}: {}", error.byteOffset,
                              error.reason));
    return tokens;
  }
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos)
      end = text.size();
    if (end > start)
      tokens.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

std::string preprocessNMT(std::string_view text) {
  // U+202F (narrow no-break space) and U+00A0 (no-break space) -> ' '.
  std::string spaced;
  spaced.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\xE2\x80\xAF") == 0) {
      spaced += ' ';
      i += 2;
    } else if (text.compare(i, 2, "\xC2\xA0") == 0) {
      spaced += ' ';
      i += 1;
    } else {
      spaced += text[i];
    }
  }
  spaced = toLowerUtf8(spaced);
  std::string out;
  out.reserve(spaced.size() + spaced.size() / 8);
  for (size_t i = 0; i < spaced.size(); ++i) {
    char c = spaced[i];
    bool punctuation = c == ',' || c == '.' || c == '!' || c == '?';
    if (punctuation && i > 0 && spaced[i - 1] != ' ')
      out += ' ';
    out += c;
  }
  return out;
}

} // namespace rnnc::rt
