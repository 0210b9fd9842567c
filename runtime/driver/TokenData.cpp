//===- TokenData.cpp - the data of the token-stream tasks -----------------===//
//
// See TokenData.h.
//
//===----------------------------------------------------------------------===//

#include "TokenData.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/TaggingData.h"

#include <fmt/format.h>

#include <memory>

namespace rnnc::rt {

using nlohmann::json;

TextOptions textOptions(const json &train) {
  return textOptionsOf(train.dump());
}

TaggedStream taggingStream(const json &train, const std::string &text) {
  if (train.value("labels", "") == "word_boundaries") {
    TextOptions o = textOptions(train);
    std::string clean = o.d2lPreprocess ? preprocessD2L(text) : text;
    return tagWordBoundaries(clean);
  }
  throw Error("this tagging task reads no text file (its train block gives "
              "source and labels)");
}

namespace {
TokenData taggingData(Model &model, const json &train,
                      const std::string &dataPath, double valSplit,
                      const TrainConfig &config) {
  TaggedStream stream;
  bool pair = train.contains("source");
  if (pair)
    stream = tagStringPair(train.at("source").get<std::string>(),
                           train.value("labels", ""));
  else if (dataPath.empty())
    throw Error("no training data: pass --data PATH (the model file names "
                "none)");
  else
    stream = taggingStream(train, readTextFile(dataPath));

  TokenData data;
  data.vocab = stream.inputVocab;
  data.labels = stream.labelNames;
  model.dims()["V"] = static_cast<int64_t>(data.vocab.size());
  model.dims()["C"] = static_cast<int64_t>(data.labels.size());
  std::tie(data.task.inputName, data.task.targetName) = tokenRoles(model);

  auto inputs = std::make_shared<std::vector<int32_t>>(stream.inputs);
  auto labels = std::make_shared<std::vector<int32_t>>(stream.labels);
  if (pair) {
    // One sequence, the whole pair, every epoch; held out: the same pair
    // (the tutorial's "predicted string").
    data.task.epoch = [inputs, labels](std::mt19937_64 &) {
      auto steps = static_cast<int64_t>(inputs->size());
      return std::vector<TokenBatch>{{steps, 1, *inputs, *labels}};
    };
    data.task.heldInputs = *inputs;
    data.task.heldTargets = *labels;
    data.summary =
        fmt::format("{} characters, {} labels, one sequence of {}",
                    data.vocab.size(), data.labels.size(), inputs->size());
    return data;
  }
  auto held = static_cast<size_t>(valSplit * double(inputs->size()));
  data.task.heldInputs.assign(inputs->end() - held, inputs->end());
  data.task.heldTargets.assign(labels->end() - held, labels->end());
  inputs->resize(inputs->size() - held);
  labels->resize(labels->size() - held);
  data.task.epoch = [inputs, labels, config](std::mt19937_64 &rng) {
    return taggingEpoch(*inputs, *labels, config.batch, config.steps,
                        config.sampling, rng);
  };
  data.summary =
      fmt::format("{} characters, {} labels, {} training and {} "
                  "validation steps",
                  data.vocab.size(), data.labels.size(), inputs->size(), held);
  return data;
}
} // namespace

TokenData loadTokenData(Model &model, const json &train,
                        const std::string &dataPath, double valSplit,
                        const TrainConfig &config) {
  Task task = model.manifest().task;
  if (task == Task::Tagging)
    return taggingData(model, train, dataPath, valSplit, config);
  if (task != Task::LanguageModel)
    throw Error(fmt::format("the {} task has no token data (language_model "
                            "and tagging do)",
                            taskName(task)));
  if (dataPath.empty())
    throw Error("no training data: pass --data PATH (the model file names "
                "none)");
  LanguageModelData lm =
      loadLanguageModelData(dataPath, textOptions(train), valSplit);
  TokenData data;
  data.vocab = lm.vocab;
  model.dims()["V"] = static_cast<int64_t>(data.vocab.size());
  data.task = languageModelTask(model, lm.train, lm.validation, config);
  data.summary =
      fmt::format("vocabulary {}, {} training and {} validation "
                  "tokens",
                  data.vocab.size(), lm.train.size(), lm.validation.size());
  return data;
}

} // namespace rnnc::rt
