//===- Seq2SeqData.cpp - translation pairs as d2l 9.5 prepares them
//--------===//
//
// See Seq2SeqData.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Seq2SeqData.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/LMIterators.h"
#include "rnnc/runtime/TextData.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

namespace rnnc::rt {

std::vector<SentencePair> readPairs(const std::string &path, int64_t maxPairs) {
  std::string text = preprocessNMT(readTextFile(path));
  std::vector<SentencePair> pairs;
  size_t start = 0;
  for (int64_t line = 1; start < text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    std::string_view row(text.data() + start, end - start);
    start = end + 1;
    if (!row.empty() && row.back() == '\r')
      row.remove_suffix(1);
    if (row.empty())
      continue;
    size_t tab = row.find('\t');
    if (tab == std::string_view::npos ||
        row.find('\t', tab + 1) != std::string_view::npos)
      fail(path, fmt::format("line {}: expected a source and a target "
                             "separated by one tab, found {}",
                             line,
                             tab == std::string_view::npos ? "no tab"
                                                           : "several tabs"));
    pairs.push_back({tokenize(row.substr(0, tab), TokenKind::Word),
                     tokenize(row.substr(tab + 1), TokenKind::Word)});
    if (maxPairs > 0 && static_cast<int64_t>(pairs.size()) == maxPairs)
      break;
  }
  if (pairs.empty())
    fail(path, "no sentence pairs found");
  return pairs;
}

void splitPairs(std::vector<SentencePair> pairs, int64_t testCount,
                uint64_t seed, std::vector<SentencePair> &train,
                std::vector<SentencePair> &test) {
  std::mt19937_64 rng(seed);
  for (int64_t i = static_cast<int64_t>(pairs.size()) - 1; i > 0; --i)
    std::swap(pairs[i], pairs[uniformInt(rng, 0, i)]);
  int64_t n = std::min<int64_t>(testCount, pairs.size());
  test.assign(pairs.begin(), pairs.begin() + n);
  train.assign(pairs.begin() + n, pairs.end());
}

std::string joinWords(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &w : words)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

int64_t seq2seqSteps(const std::string &trainBlock) {
  nlohmann::json train = nlohmann::json::parse(trainBlock, nullptr, false);
  if (!train.is_object())
    throw Error("the model's train block is not a JSON object");
  return train.value("steps", int64_t(10));
}

int32_t encodeSentence(const Vocab &vocab,
                       const std::vector<std::string> &tokens, int64_t steps,
                       std::vector<int32_t> &ids) {
  ids = vocab.indices(tokens);
  ids.push_back(vocab.index("<eos>"));
  if (static_cast<int64_t>(ids.size()) > steps)
    ids.resize(steps);
  int32_t valid = static_cast<int32_t>(ids.size());
  ids.resize(steps, vocab.index("<pad>"));
  return valid;
}

std::vector<PairBatch> pairEpoch(const std::vector<SentencePair> &pairs,
                                 const Vocab &source, const Vocab &target,
                                 int64_t batch, int64_t steps,
                                 std::mt19937_64 &rng) {
  std::vector<size_t> order(pairs.size());
  std::iota(order.begin(), order.end(), 0);
  for (int64_t i = static_cast<int64_t>(order.size()) - 1; i > 0; --i)
    std::swap(order[i], order[uniformInt(rng, 0, i)]);

  int32_t bos = target.index("<bos>");
  std::vector<PairBatch> batches;
  for (size_t first = 0; first < order.size(); first += batch) {
    int64_t b = std::min<int64_t>(batch, order.size() - first);
    PairBatch out;
    out.steps = steps;
    out.batch = b;
    out.source.resize(steps * b);
    out.decoderInput.resize(steps * b);
    out.target.resize(steps * b);
    for (int64_t i = 0; i < b; ++i) {
      const SentencePair &pair = pairs[order[first + i]];
      std::vector<int32_t> src, tgt;
      out.sourceLength.push_back(
          encodeSentence(source, pair.source, steps, src));
      out.targetLength.push_back(
          encodeSentence(target, pair.target, steps, tgt));
      for (int64_t t = 0; t < steps; ++t) {
        out.source[t * b + i] = src[t];
        out.target[t * b + i] = tgt[t];
        // Teacher forcing: <bos>, then the target shifted right by one.
        out.decoderInput[t * b + i] = t == 0 ? bos : tgt[t - 1];
      }
    }
    batches.push_back(std::move(out));
  }
  return batches;
}

} // namespace rnnc::rt
