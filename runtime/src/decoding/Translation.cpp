//===- Translation.cpp - seq2seq translation, greedy and beam -------------===//
//
// translateBatch and translate (Seq2SeqTraining.h): sentences decoded
// together through a TranslationDecoder (TranslationDecoders.h), each
// stopping at its own <eos>; batches shared among worker threads.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Seq2SeqTraining.h"

#include "TranslationDecoders.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/WorkerThreads.h"

#include <algorithm>

namespace rnnc::rt {

namespace {

/// Beam search for every sentence of the batch: each round, every live
/// hypothesis of every sentence is one row of one decoder call.
std::vector<std::vector<int32_t>> beamSearch(const TranslationDecoder &decoder,
                                             size_t count, int32_t bos,
                                             const DecodeOptions &options) {
  const std::vector<int32_t> start{bos};
  std::vector<std::vector<float>> startStates(count);
  std::vector<DecoderRow> rows;
  for (size_t i = 0; i < count; ++i) {
    startStates[i] = decoder.initialState(i);
    rows.push_back({i, &start, &startStates[i]});
  }
  std::vector<std::vector<float>> first = decoder.logits(rows);
  std::vector<BeamSearch> searches;
  searches.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    Hypothesis h;
    h.state = std::move(startStates[i]);
    h.logits = std::move(first[i]);
    searches.emplace_back(std::move(h), options);
  }
  while (true) {
    std::vector<std::pair<size_t, Hypothesis *>> live;
    for (size_t i = 0; i < count; ++i)
      if (!searches[i].done())
        for (Hypothesis &h : searches[i].extend())
          live.push_back({i, &h});
    if (live.empty())
      break;
    std::vector<std::vector<int32_t>> prefixes(live.size());
    rows.clear();
    for (size_t j = 0; j < live.size(); ++j) {
      const std::vector<int32_t> &tokens = live[j].second->tokens;
      prefixes[j].push_back(bos);
      prefixes[j].insert(prefixes[j].end(), tokens.begin(), tokens.end());
      rows.push_back({live[j].first, &prefixes[j], &live[j].second->state});
    }
    std::vector<std::vector<float>> next = decoder.logits(rows);
    for (size_t j = 0; j < live.size(); ++j)
      live[j].second->logits = std::move(next[j]);
  }
  std::vector<std::vector<int32_t>> outputs;
  for (const BeamSearch &search : searches)
    outputs.push_back(search.best());
  return outputs;
}

/// Greedy: each sentence one row until its <eos> or the limit.
std::vector<std::vector<int32_t>> greedy(const TranslationDecoder &decoder,
                                         size_t count, int32_t bos,
                                         const DecodeOptions &options) {
  std::vector<std::vector<int32_t>> prefixes(count, {bos}), outputs(count);
  std::vector<std::vector<float>> states(count);
  std::vector<size_t> open(count);
  for (size_t i = 0; i < count; ++i) {
    states[i] = decoder.initialState(i);
    open[i] = i;
  }
  for (int64_t t = 0; t < options.maxLength && !open.empty(); ++t) {
    std::vector<DecoderRow> rows;
    for (size_t i : open)
      rows.push_back({i, &prefixes[i], &states[i]});
    std::vector<std::vector<float>> logits = decoder.logits(rows);
    std::vector<size_t> still;
    for (size_t j = 0; j < open.size(); ++j) {
      size_t i = open[j];
      int32_t token = argmax(logits[j], options.excluded);
      outputs[i].push_back(token);
      prefixes[i].push_back(token);
      if (token != options.eos)
        still.push_back(i);
    }
    open = std::move(still);
  }
  return outputs;
}

} // namespace

namespace {
/// The translations of sources[first, first + count), decoded together.
std::vector<std::vector<std::string>>
translateTogether(TranslationDecoder &decoder, const Seq2SeqVocabs &vocabs,
                  const std::vector<std::vector<std::string>> &sources,
                  size_t first, size_t count, int64_t steps,
                  const DecodeOptions &options) {
  const int32_t bos = vocabs.target.index("<bos>");
  std::vector<std::vector<int32_t>> ids(count);
  std::vector<int32_t> lengths(count);
  for (size_t i = 0; i < count; ++i)
    lengths[i] =
        encodeSentence(vocabs.source, sources[first + i], steps, ids[i]);
  decoder.start(ids, lengths);
  std::vector<std::vector<int32_t>> outputs =
      options.strategy == Strategy::Beam
          ? beamSearch(decoder, count, bos, options)
          : greedy(decoder, count, bos, options);
  std::vector<std::vector<std::string>> translations;
  for (const std::vector<int32_t> &out : outputs) {
    std::vector<std::string> words;
    for (int32_t id : out) {
      if (id == options.eos)
        break;
      words.push_back(vocabs.target.token(id));
    }
    translations.push_back(std::move(words));
  }
  return translations;
}
} // namespace

std::vector<std::vector<std::string>>
translateBatch(const Model &model, const Seq2SeqVocabs &vocabs,
               const std::vector<std::vector<std::string>> &sources,
               int64_t steps, DecodeOptions options, int64_t batch,
               DecoderPath path, int threads) {
  if (batch < 1)
    throw Error("a translation batch needs at least one sentence");
  options.eos = vocabs.target.index("<eos>");
  // Position 0 holds <bos>: at most steps - 1 tokens follow it.
  options.maxLength = std::min<int64_t>(options.maxLength, steps - 1);
  // Batch k on thread k % threads, each thread with its own decoder: a
  // batch is decoded as one thread would decode it.
  auto batches = int64_t((sources.size() + size_t(batch) - 1) / size_t(batch));
  threads = workerThreadsFor(model, threads, batches, 1);
  std::vector<std::vector<std::vector<std::string>>> perBatch(
      static_cast<size_t>(batches));
  onWorkerThreads(threads, [&](int t) {
    std::unique_ptr<TranslationDecoder> decoder =
        makeTranslationDecoder(model, vocabs, steps, path);
    for (int64_t k = t; k < batches; k += threads) {
      size_t first = size_t(k * batch);
      size_t count = std::min(sources.size() - first, size_t(batch));
      perBatch[size_t(k)] = translateTogether(*decoder, vocabs, sources, first,
                                              count, steps, options);
    }
  });
  std::vector<std::vector<std::string>> translations;
  for (std::vector<std::vector<std::string>> &part : perBatch)
    for (std::vector<std::string> &words : part)
      translations.push_back(std::move(words));
  return translations;
}

std::vector<std::string> translate(const Model &model,
                                   const Seq2SeqVocabs &vocabs,
                                   const std::vector<std::string> &source,
                                   int64_t steps, DecodeOptions options) {
  return translateBatch(model, vocabs, {source}, steps, std::move(options), 1)
      .front();
}

} // namespace rnnc::rt
