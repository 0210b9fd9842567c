//===- TaggingData.cpp - per-step labels for the tagging task
//--------------===//
//
// See TaggingData.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/TaggingData.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/TextData.h"

#include <fmt/format.h>

namespace rnnc::rt {

TaggedStream tagStringPair(const std::string &source,
                           const std::string &labels) {
  std::vector<std::string> in = tokenize(source, TokenKind::Char);
  std::vector<std::string> out = tokenize(labels, TokenKind::Char);
  if (in.size() != out.size() || in.empty())
    throw Error(fmt::format("tagging needs a source and labels of the same "
                            "non-zero length, found {} and {} characters",
                            in.size(), out.size()));
  std::vector<std::string> both = in;
  both.insert(both.end(), out.begin(), out.end());
  // No <unk> is needed: every character is known. Keep d2l's order.
  Vocab counted(both);
  std::vector<std::string> tokens(counted.allTokens().begin() + 1,
                                  counted.allTokens().end());
  TaggedStream stream{Vocab::fromTokens(tokens), tokens, {}, {}};
  stream.inputs = stream.inputVocab.indices(in);
  stream.labels = stream.inputVocab.indices(out);
  return stream;
}

TaggedStream tagWordBoundaries(const std::string &text) {
  std::vector<std::string> chars = tokenize(text, TokenKind::Char);
  std::vector<std::string> kept;
  std::vector<int32_t> labels;
  bool atStart = true;
  for (const std::string &c : chars) {
    if (c == " ") {
      atStart = true;
      continue;
    }
    kept.push_back(c);
    labels.push_back(atStart ? 1 : 0);
    atStart = false;
  }
  if (kept.empty())
    throw Error("the text has no characters besides spaces");
  TaggedStream stream{Vocab(kept), {"inside", "start"}, {}, labels};
  stream.inputs = stream.inputVocab.indices(kept);
  return stream;
}

} // namespace rnnc::rt

std::string rnnc::rt::formatTags(const std::vector<std::string> &tokens,
                                 const std::vector<std::string> &labelNames,
                                 const std::vector<int32_t> &predictions,
                                 bool labelString) {
  std::string out;
  for (size_t t = 0; t < tokens.size(); ++t) {
    const std::string &label = labelNames.at(predictions.at(t));
    if (labelString)
      out += label;
    else
      out += (t > 0 && label == "start" ? " " : "") + tokens[t];
  }
  return out;
}
