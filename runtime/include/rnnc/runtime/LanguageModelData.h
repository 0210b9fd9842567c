//===- LanguageModelData.h - a text corpus as token ids ----------*- C++
//-*-===//
//
// The data pipeline of the language_model task: read a UTF-8 text file,
// preprocess it (d2l: non-letters to spaces, lower case; or none), split it
// into char or word tokens, build the vocabulary (frequency order, <unk>
// first) and split the token stream into training and validation parts
// (the final `valSplit` fraction is held out).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_LANGUAGEMODELDATA_H
#define RNNC_RUNTIME_LANGUAGEMODELDATA_H

#include "rnnc/runtime/TextData.h"
#include "rnnc/runtime/Vocab.h"

#include <string>
#include <vector>

namespace rnnc::rt {

struct TextOptions {
  TokenKind tokens = TokenKind::Char;
  bool d2lPreprocess = true;
  int64_t minFreq = 0;
};

/// The text options of a model's train block (JSON, the manifest's
/// trainOptions): `tokens`, `preprocess`, `min_freq`.
TextOptions textOptionsOf(const std::string &trainBlock);

/// Preprocessing and tokenisation only (also used for generation prefixes).
std::vector<std::string> textTokens(const std::string &text,
                                    const TextOptions &options);

struct LanguageModelData {
  Vocab vocab;
  std::vector<int32_t> train, validation;
};

/// Throws rt::Error naming `path` when it cannot be read, is empty or too
/// short to train on.
LanguageModelData loadLanguageModelData(const std::string &path,
                                        const TextOptions &options,
                                        double valSplit);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_LANGUAGEMODELDATA_H
