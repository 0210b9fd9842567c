//===- LanguageModelData.cpp - a text corpus as token ids
//------------------===//
//
// See LanguageModelData.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/LanguageModelData.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rnnc::rt {

TextOptions textOptionsOf(const std::string &trainBlock) {
  nlohmann::json train = nlohmann::json::parse(trainBlock, nullptr, false);
  if (!train.is_object())
    throw Error("the model's train block is not a JSON object");
  TextOptions o;
  o.tokens = train.value("tokens", "char") == "word" ? TokenKind::Word
                                                     : TokenKind::Char;
  o.d2lPreprocess = train.value("preprocess", "d2l") == "d2l";
  o.minFreq = train.value("min_freq", int64_t(0));
  return o;
}

std::vector<std::string> textTokens(const std::string &text,
                                    const TextOptions &options) {
  std::string clean = options.d2lPreprocess ? preprocessD2L(text) : text;
  return tokenize(clean, options.tokens);
}

LanguageModelData loadLanguageModelData(const std::string &path,
                                        const TextOptions &options,
                                        double valSplit) {
  std::vector<std::string> tokens = textTokens(readTextFile(path), options);
  if (tokens.size() < 3)
    fail(path, fmt::format("has {} tokens; a language model needs at least 3",
                           tokens.size()));
  LanguageModelData data;
  data.vocab = Vocab(tokens, options.minFreq, {Vocab::kUnknown});
  std::vector<int32_t> ids = data.vocab.indices(tokens);
  auto held = static_cast<size_t>(valSplit * double(ids.size()));
  data.validation.assign(ids.end() - held, ids.end());
  data.train.assign(ids.begin(), ids.end() - held);
  return data;
}

} // namespace rnnc::rt
