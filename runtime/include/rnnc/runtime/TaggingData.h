//===- TaggingData.h - per-step labels for the tagging task ----*- C++ -*-===//
//
// Two sources of (input, label) streams:
//  - a pair of equal-length strings ("hello" -> "ohlol", the PyTorch
//    tutorial), tokenised by code point; input and labels share one
//    character vocabulary, so the label count equals the vocabulary size;
//  - word boundaries of a text: the characters with the spaces removed,
//    each labelled 1 if it starts a word and 0 otherwise.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_TAGGINGDATA_H
#define RNNC_RUNTIME_TAGGINGDATA_H

#include "rnnc/runtime/Vocab.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rnnc::rt {

struct TaggedStream {
  Vocab inputVocab;
  std::vector<std::string> labelNames; // label id -> name
  std::vector<int32_t> inputs, labels;
};

/// "hello" / "ohlol": one vocabulary over the characters of both.
TaggedStream tagStringPair(const std::string &source,
                           const std::string &labels);

/// Word-boundary labels of `text` (already cleaned): spaces are removed,
/// labels are "inside" (0) and "start" (1).
TaggedStream tagWordBoundaries(const std::string &text);

/// What `tag` prints for `tokens` and their predicted label ids: the label
/// string of a string-pair task ("ohlol"), else the tokens with a space
/// before each one labelled "start" (the text segmented into words).
std::string formatTags(const std::vector<std::string> &tokens,
                       const std::vector<std::string> &labelNames,
                       const std::vector<int32_t> &predictions,
                       bool labelString);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_TAGGINGDATA_H
