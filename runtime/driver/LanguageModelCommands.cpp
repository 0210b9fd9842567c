//===- LanguageModelCommands.cpp - eval, generate, stats and tag ---------===//
//
// The commands of the token-stream tasks (language models and taggers):
// `eval` (loss, perplexity and accuracy on held-out text; a seq2seq
// model's goes to Seq2SeqCommands.cpp), `generate` (a language model
// continues a prefix), `tag` (a tagger's labels for a text) and `stats`
// (d2l 8.3's corpus statistics).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "rnnc/runtime/CompiledModel.h"
#include "rnnc/runtime/StepAdapter.h"
#include "rnnc/runtime/StreamThreads.h"
#include "TokenData.h"

#include "rnnc/runtime/Checkpoint.h"
#include "rnnc/runtime/CorpusStats.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Generation.h"
#include "rnnc/runtime/LanguageModelData.h"
#include "rnnc/runtime/StepWeights.h"
#include "rnnc/runtime/TaggingData.h"
#include "rnnc/runtime/Training.h"

#include <fmt/format.h>

#include <cmath>

namespace rnnc::rt {
namespace {

using nlohmann::json;

/// `eval` of a language model or a tagger.
int evalTokens(const std::string &load, const std::string &path,
               const json &trainOptions, double valSplit,
               int64_t evalStreams, const std::string &weights) {
  Model model = compiledModel();
  std::vector<std::string> labels;
  Vocab vocab = loadCheckpoint(load, model, &labels);
  auto [inputName, targetName] = tokenRoles(model);
  std::vector<int32_t> inputs, targets;
  if (model.manifest().task == Task::Tagging) {
    TaggedStream stream =
        trainOptions.contains("source")
            ? tagStringPair(trainOptions.at("source").get<std::string>(),
                            trainOptions.value("labels", ""))
            : taggingStream(trainOptions, readTextFile(path));
    inputs = vocab.indices([&] {
      std::vector<std::string> tokens;
      for (int32_t id : stream.inputs)
        tokens.push_back(stream.inputVocab.token(id));
      return tokens;
    }());
    targets = stream.labels;
  } else {
    requireTask(model, Task::LanguageModel, "eval");
    std::vector<int32_t> ids = vocab.indices(
        textTokens(readTextFile(path), textOptions(trainOptions)));
    if (ids.size() < 2)
      throw Error(fmt::format("{}: fewer than 2 tokens to evaluate", path));
    inputs.assign(ids.begin(), ids.end() - 1);
    targets.assign(ids.begin() + 1, ids.end());
  }
  // The held-out part: the final val-split fraction of the stream, or all
  // of it when the split is 0 or the task is a single string pair. A
  // language model's n held-out tokens give n - 1 predictions.
  bool lm = model.manifest().task == Task::LanguageModel;
  size_t stream = inputs.size() + (lm ? 1 : 0);
  size_t held = valSplit > 0 && !trainOptions.contains("source")
                    ? static_cast<size_t>(valSplit * double(stream))
                    : stream;
  size_t predictions = lm ? (held > 0 ? held - 1 : 0) : held;
  if (predictions < 1)
    throw Error(fmt::format("{}: too few held-out tokens to evaluate", path));
  std::vector<int32_t> x(inputs.end() - predictions, inputs.end());
  std::vector<int32_t> y(targets.end() - predictions, targets.end());
  if (!weights.empty()) {
    // Through the generation path, one token at a time.
    requireTask(model, Task::LanguageModel, "eval --weights");
    setStepWeightFormat(parseWeightFormat(weights));
    StepAdapter step(model);
    StepScore score = scoreSteps(step, x, y);
    fmt::print("{{\"tokens\": {}, \"loss\": {:.6f}, \"perplexity\": {:.4f}, "
               "\"accuracy\": {:.6f}, \"weights\": \"{}\"}}\n",
               held, score.loss, std::exp(score.loss), score.accuracy, weights);
    return 0;
  }
  StreamResult r = evaluateRows(model, inputName, targetName,
                                heldOutStreams(x, y, evalStreams));
  fmt::print("{{\"tokens\": {}, \"loss\": {:.6f}, \"perplexity\": {:.4f}, "
             "\"accuracy\": {:.6f}}}\n",
             held, r.loss, std::exp(r.loss), r.accuracy);
  return 0;
}

} // namespace

int evalCommand(const Flags &flags, const ModelFile &model) {
  if (model.manifest.task == Task::Seq2Seq)
    return seq2seqEvalCommand(flags, model);
  if (flags.eval.data.empty() && !model.train.contains("source"))
    throw Error("no data to evaluate: pass --data PATH");
  return evalTokens(flags.eval.load, flags.eval.data, model.train,
                    flags.eval.valSplit, flags.eval.evalStreams,
                    flags.eval.weights);
}

int generateCommand(const Flags &allFlags, const ModelFile &modelFile) {
  const GenerateFlags &flags = allFlags.generate;
  const json &trainOptions = modelFile.train;
  Model model = compiledModelFor(Task::LanguageModel, "generate");
  Vocab vocab = loadCheckpoint(flags.load, model);
  TextOptions textOptions = rt::textOptions(trainOptions);
  std::vector<int32_t> prefix =
      vocab.indices(textTokens(flags.prefix, textOptions));
  if (prefix.empty())
    throw Error("the prefix is empty after preprocessing");
  DecodeOptions options;
  options.strategy = flags.strategy == "sample" ? Strategy::Sample
                     : flags.strategy == "beam" ? Strategy::Beam
                                                : Strategy::Greedy;
  options.maxLength = flags.length;
  options.temperature = flags.temperature;
  options.topK = flags.topK;
  options.beam = flags.beam;
  options.alpha = flags.alpha;
  options.seed = flags.seed;
  options.excluded = vocab.nonWordIds();
  setStepWeightFormat(parseWeightFormat(flags.weights));
  std::string separator = textOptions.tokens == TokenKind::Word ? " " : "";
  auto print = [&](const std::vector<int32_t> &generated) {
    std::vector<int32_t> text = prefix;
    text.insert(text.end(), generated.begin(), generated.end());
    fmt::print("{}\n", vocab.join(text, separator));
  };
  if (flags.samples > 1) {
    // The samples as one batch; sample r is what --seed (seed + r) gives.
    if (options.strategy == Strategy::Beam)
      throw Error("--samples needs --strategy greedy or sample");
    for (const std::vector<int32_t> &generated :
         decodeStreamsOnThreads(model, prefix, options, flags.samples,
                                allFlags.threads, stepWeightFormat()))
      print(generated);
    return 0;
  }
  StepAdapter step(model);
  print(decode(step, prefix, options));
  return 0;
}

/// `tag`: the labels a tagging model predicts for a text.
int tagCommand(const Flags &flags, const ModelFile &modelFile) {
  const std::string &load = flags.tag.load;
  std::string text = flags.tag.text;
  const json &trainOptions = modelFile.train;
  Model model = compiledModelFor(Task::Tagging, "tag");
  std::vector<std::string> labels;
  Vocab vocab = loadCheckpoint(load, model, &labels);
  if (text.empty())
    text = trainOptions.value("source", "");
  if (text.empty())
    throw Error("no text to tag: pass --text TEXT");
  bool pair = trainOptions.contains("source");
  std::vector<std::string> chars =
      pair ? tokenize(text, TokenKind::Char) : [&] {
        TaggedStream s = taggingStream(trainOptions, text);
        std::vector<std::string> out;
        for (int32_t id : s.inputs)
          out.push_back(s.inputVocab.token(id));
        return out;
      }();
  std::vector<int32_t> ids = vocab.indices(chars);
  auto [inputName, targetName] = tokenRoles(model);
  StreamResult r = evaluateStream(model, inputName, targetName, ids,
                                  std::vector<int32_t>(ids.size(), 0));
  fmt::print("{}\n", formatTags(chars, labels, r.predictions, pair));
  return 0;
}

/// `stats`: d2l 8.3's corpus statistics of a text, tokenised as the
/// model's train block says.
int statsCommand(const Flags &flags, const ModelFile &model) {
  const std::string &path = flags.stats.data;
  const json &trainOptions = model.train;
  size_t top = flags.stats.top;
  if (path.empty())
    throw Error("no text: pass --data PATH");
  std::vector<std::string> tokens =
      textTokens(readTextFile(path), textOptions(trainOptions));
  CorpusStats stats = corpusStats(tokens);
  json out{{"tokens", stats.tokens},
           {"types", stats.types},
           {"zipf_exponent", stats.zipfExponent},
           {"uniform_perplexity", stats.uniformPerplexity},
           {"unigram_perplexity", stats.unigramPerplexity}};
  for (int n = 1; n <= 3; ++n) {
    json grams = json::array();
    for (const auto &[gram, count] : topNgrams(tokens, n, top))
      grams.push_back({gram, count});
    out[fmt::format("top_{}grams", n)] = grams;
  }
  fmt::print("{}\n", out.dump());
  return 0;
}

} // namespace rnnc::rt
