//===- Bleu.cpp - BLEU scores of translations
//------------------------------===//
//
// See Bleu.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Bleu.h"

#include "rnnc/runtime/Error.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace rnnc::rt {

/// Python's str.split(' '): empty strings between repeated spaces count.
static std::vector<std::string> splitSpaces(const std::string &text) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (true) {
    size_t end = text.find(' ', start);
    tokens.push_back(text.substr(start, end - start));
    if (end == std::string::npos)
      return tokens;
    start = end + 1;
  }
}

/// The n-grams of `tokens` with their counts.
static std::map<std::vector<std::string>, int>
ngrams(const std::vector<std::string> &tokens, size_t n) {
  std::map<std::vector<std::string>, int> counts;
  for (size_t i = 0; i + n <= tokens.size(); ++i)
    ++counts[std::vector<std::string>(tokens.begin() + i,
                                      tokens.begin() + i + n)];
  return counts;
}

/// Matches of prediction n-grams in the reference, each reference n-gram
/// used at most as often as it occurs (clipping).
static int clippedMatches(const std::vector<std::string> &prediction,
                          const std::vector<std::string> &reference, size_t n) {
  auto available = ngrams(reference, n);
  int matches = 0;
  for (size_t i = 0; i + n <= prediction.size(); ++i) {
    std::vector<std::string> gram(prediction.begin() + i,
                                  prediction.begin() + i + n);
    auto it = available.find(gram);
    if (it != available.end() && it->second > 0) {
      ++matches;
      --it->second;
    }
  }
  return matches;
}

double d2lBleu(const std::string &prediction, const std::string &label, int k) {
  std::vector<std::string> pred = splitSpaces(prediction);
  std::vector<std::string> ref = splitSpaces(label);
  double lenPred = static_cast<double>(pred.size());
  double lenLabel = static_cast<double>(ref.size());
  double score = std::exp(std::min(0.0, 1.0 - lenLabel / lenPred));
  int maxN = std::min<int>(k, static_cast<int>(pred.size()));
  for (int n = 1; n <= maxN; ++n) {
    double matches = clippedMatches(pred, ref, n);
    double total = lenPred - n + 1;
    score *= std::pow(matches / total, std::pow(0.5, n));
  }
  return score;
}

double corpusBleu4(const std::vector<std::string> &predictions,
                   const std::vector<std::string> &references) {
  if (predictions.size() != references.size())
    throw Error("corpus BLEU needs one reference per prediction, found " +
                std::to_string(predictions.size()) + " predictions and " +
                std::to_string(references.size()) + " references");
  double matches[4] = {0, 0, 0, 0}, totals[4] = {0, 0, 0, 0};
  double predLength = 0, refLength = 0;
  for (size_t s = 0; s < predictions.size(); ++s) {
    std::vector<std::string> pred = splitSpaces(predictions[s]);
    std::vector<std::string> ref = splitSpaces(references[s]);
    predLength += pred.size();
    refLength += ref.size();
    for (size_t n = 1; n <= 4; ++n) {
      matches[n - 1] += clippedMatches(pred, ref, n);
      totals[n - 1] += pred.size() >= n ? pred.size() - n + 1 : 0;
    }
  }
  double logPrecision = 0;
  for (int n = 0; n < 4; ++n) {
    if (matches[n] == 0 || totals[n] == 0)
      return 0.0; // no smoothing: a missing n-gram order zeroes the score
    logPrecision += std::log(matches[n] / totals[n]) / 4.0;
  }
  double brevity =
      predLength < refLength ? std::exp(1.0 - refLength / predLength) : 1.0;
  return brevity * std::exp(logPrecision);
}

} // namespace rnnc::rt
