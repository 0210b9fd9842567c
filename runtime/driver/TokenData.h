//===- TokenData.h - the data of the token-stream tasks -------------------===//
//
// What `train`, `eval` and `tag` read for the language_model and tagging
// tasks, as the model's train block describes it: a text file as a token
// stream (language models, word-boundary tagging) or a string pair
// ("hello" -> "ohlol"), the vocabulary, label names and the TokenTask the
// training loop runs.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_DRIVER_TOKENDATA_H
#define RNNC_RUNTIME_DRIVER_TOKENDATA_H

#include "rnnc/runtime/LanguageModelData.h"
#include "rnnc/runtime/TaggingData.h"
#include "rnnc/runtime/Training.h"

#include <nlohmann/json.hpp>

namespace rnnc::rt {

struct TokenData {
  Vocab vocab;
  /// Label names of a tagging task (label id -> name); empty for LMs.
  std::vector<std::string> labels;
  TokenTask task;
  /// "vocabulary 28, 153522 training and 17058 validation tokens".
  std::string summary;
};

/// The model's train options and the text options they imply.
TextOptions textOptions(const nlohmann::json &train);

/// Reads the task's data and binds the model's dimensions (V, and C for
/// tagging). `dataPath` may be empty for a string-pair tagging task.
TokenData loadTokenData(Model &model, const nlohmann::json &train,
                        const std::string &dataPath, double valSplit,
                        const TrainConfig &config);

/// The tagging stream of `text` as the train block describes it (word
/// boundaries, or the characters of a string-pair task's vocabulary).
TaggedStream taggingStream(const nlohmann::json &train,
                           const std::string &text);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DRIVER_TOKENDATA_H
