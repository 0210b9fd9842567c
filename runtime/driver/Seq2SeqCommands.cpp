//===- Seq2SeqCommands.cpp - the data, `translate` and `eval` of seq2seq --===//
//
// See Seq2SeqCommands.h.
//
//===----------------------------------------------------------------------===//

#include "Seq2SeqCommands.h"

#include "Commands.h"

#include "rnnc/runtime/CompiledModel.h"

#include "rnnc/runtime/Bleu.h"
#include "rnnc/runtime/Checkpoint.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/TextData.h"

#include <fmt/format.h>

#include <cstdio>

#include <iostream>

namespace rnnc::rt {

using nlohmann::json;

namespace {
Vocab vocabOf(const std::vector<SentencePair> &pairs, bool source,
              int64_t minFreq) {
  std::vector<std::string> tokens;
  for (const SentencePair &p : pairs) {
    const auto &side = source ? p.source : p.target;
    tokens.insert(tokens.end(), side.begin(), side.end());
  }
  return Vocab(tokens, minFreq, kSeq2SeqReserved);
}

} // namespace

Seq2SeqData loadSeq2Seq(const json &train, const std::string &dataPath,
                        double heldOut, uint64_t seed) {
  if (dataPath.empty())
    throw Error("no sentence pairs: pass --data PATH (tab-separated, as "
                "d2l's fra-eng.txt)");
  std::vector<SentencePair> pairs =
      readPairs(dataPath, train.value("pairs", int64_t(0)));
  Seq2SeqData data;
  auto testCount = static_cast<int64_t>(heldOut * double(pairs.size()));
  splitPairs(std::move(pairs), testCount, seed, data.train, data.test);
  int64_t minFreq = train.value("min_freq", int64_t(2));
  data.vocabs = {vocabOf(data.train, true, minFreq),
                 vocabOf(data.train, false, minFreq)};
  data.summary =
      fmt::format("{} training and {} held-out pairs, "
                  "vocabularies {} and {}",
                  data.train.size(), data.test.size(),
                  data.vocabs.source.size(), data.vocabs.target.size());
  return data;
}

Seq2SeqVocabs loadSeq2SeqCheckpoint(const std::string &path, Model &model) {
  std::vector<std::string> target;
  Vocab source = loadCheckpoint(path, model, &target);
  if (target.empty())
    throw Error(fmt::format("{}: has no target vocabulary", path));
  return {source, Vocab::fromTokens(target)};
}

int runTranslate(const std::string &load, const DecodeOptions &options,
                 const json &train, std::istream &in, int64_t batch,
                 DecoderPath path, int threads) {
  Model model = compiledModelFor(Task::Seq2Seq, "translate");
  Seq2SeqVocabs vocabs = loadSeq2SeqCheckpoint(load, model);
  int64_t steps = seq2seqSteps(train.dump());
  // Read a batch of lines for each thread, translate them, print, and go
  // on: output follows input a few batches at a time.
  std::vector<std::vector<std::string>> sources;
  auto flush = [&] {
    for (const std::vector<std::string> &words :
         translateBatch(model, vocabs, sources, steps, options, batch, path,
                        threads))
      fmt::print("{}\n", joinWords(words));
    std::fflush(stdout);
    sources.clear();
  };
  std::string line;
  while (std::getline(in, line)) {
    sources.push_back(tokenize(preprocessNMT(line), TokenKind::Word));
    if (int64_t(sources.size()) == batch * threads)
      flush();
  }
  flush();
  return 0;
}

int runSeq2SeqEval(const std::string &load, const std::string &dataPath,
                   double heldOut, const DecodeOptions &options,
                   const json &train, uint64_t seed, int threads) {
  Model model = compiledModelFor(Task::Seq2Seq, "eval");
  Seq2SeqVocabs vocabs = loadSeq2SeqCheckpoint(load, model);
  Seq2SeqData data = loadSeq2Seq(train, dataPath, heldOut, seed);
  const std::vector<SentencePair> &pairs =
      data.test.empty() ? data.train : data.test;
  int64_t steps = seq2seqSteps(train.dump());
  std::vector<std::vector<std::string>> sources;
  for (const SentencePair &p : pairs)
    sources.push_back(p.source);
  std::vector<std::vector<std::string>> translations = translateBatch(
      model, vocabs, sources, steps, options, kTranslationBatch,
      DecoderPath::Step, threads);
  std::vector<std::string> predictions, references;
  double d2l = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const SentencePair &p = pairs[i];
    std::string prediction = joinWords(translations[i]);
    std::string reference = joinWords(p.target);
    d2l += d2lBleu(prediction, reference, 2);
    predictions.push_back(prediction);
    references.push_back(reference);
  }
  fmt::print("{{\"pairs\": {}, \"d2l_bleu\": {:.6f}, \"corpus_bleu4\": "
             "{:.6f}}}\n",
             pairs.size(), d2l / double(std::max<size_t>(pairs.size(), 1)),
             corpusBleu4(predictions, references));
  return 0;
}

namespace {
/// Greedy unless a beam wider than 1 was asked for.
DecodeOptions decoding(int64_t maxLength, int64_t beam, bool beamGiven) {
  DecodeOptions options;
  options.maxLength = maxLength;
  options.beam = beam;
  options.strategy = beamGiven && beam > 1 ? Strategy::Beam : Strategy::Greedy;
  return options;
}
} // namespace

int translateCommand(const Flags &flags, const ModelFile &model) {
  const TranslateFlags &tf = flags.translate;
  return runTranslate(tf.load, decoding(tf.steps, tf.beam, tf.beamGiven),
                      model.train, std::cin, tf.batch,
                      tf.decoder == "forward" ? DecoderPath::Forward
                                              : DecoderPath::Step,
                      flags.threads);
}

int seq2seqEvalCommand(const Flags &flags, const ModelFile &model) {
  const EvalFlags &ef = flags.eval;
  nlohmann::json train = model.train;
  train["pairs"] = ef.pairs;
  return runSeq2SeqEval(ef.load, ef.data, ef.valSplitGiven ? ef.valSplit : 0,
                        decoding(ef.steps, ef.beam, ef.beamGiven), train,
                        ef.seed, flags.threads);
}

} // namespace rnnc::rt
