//===- TextData.h - reading, preprocessing and tokenising text -*- C++ -*-===//
//
// The text side of the data pipeline, as d2l 8.2 and 9.5 define it:
// reading a corpus strictly (missing, empty, binary or invalid UTF-8 files
// are errors naming the file and the place), the d2l cleanup of a language
// corpus, the d2l cleanup of translation pairs, and char (code point) or
// word tokens.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_TEXTDATA_H
#define RNNC_RUNTIME_TEXTDATA_H

#include <string>
#include <string_view>
#include <vector>

namespace rnnc::rt {

/// Reads a whole text file. Throws Error for a missing or unreadable file,
/// an empty one, one containing NUL bytes (binary), or invalid UTF-8 (with
/// the line, column and byte offset of the first bad byte).
std::string readTextFile(const std::string &path);

/// d2l's `read_time_machine`: every line has runs of non-letters replaced
/// by one space, is stripped and lower-cased; the lines are concatenated.
std::string preprocessD2L(std::string_view text);

/// The lines of `text` without their line ends, for the `none` cleanup:
/// the same concatenation without changing characters.
std::string joinLines(std::string_view text);

enum class TokenKind { Char, Word };

/// Char tokens are Unicode code points (so Chinese text works); word tokens
/// are the space-separated words (empty words are dropped).
std::vector<std::string> tokenize(std::string_view text, TokenKind kind);

/// d2l 9.5's `preprocess_nmt`: U+202F and U+00A0 become spaces, text is
/// lower-cased (code points, as Python's str.lower()), and a space is inserted before , . ! ? that follow
/// a non-space.
std::string preprocessNMT(std::string_view text);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_TEXTDATA_H
