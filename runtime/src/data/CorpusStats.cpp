//===- CorpusStats.cpp - n-gram statistics of a token corpus
//---------------===//
//
// See CorpusStats.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/CorpusStats.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace rnnc::rt {

/// Counts in order of first appearance, sorted stably by count.
static std::vector<std::pair<std::string, int64_t>>
countNgrams(const std::vector<std::string> &tokens, int n) {
  std::unordered_map<std::string, size_t> position;
  std::vector<std::pair<std::string, int64_t>> counts;
  for (size_t i = 0; i + n <= tokens.size(); ++i) {
    std::string gram = tokens[i];
    for (int k = 1; k < n; ++k)
      gram += " " + tokens[i + k];
    auto [it, inserted] = position.try_emplace(gram, counts.size());
    if (inserted)
      counts.emplace_back(gram, 0);
    ++counts[it->second].second;
  }
  std::stable_sort(
      counts.begin(), counts.end(),
      [](const auto &a, const auto &b) { return a.second > b.second; });
  return counts;
}

std::vector<std::pair<std::string, int64_t>>
topNgrams(const std::vector<std::string> &tokens, int n, size_t top) {
  auto counts = countNgrams(tokens, n);
  if (counts.size() > top)
    counts.resize(top);
  return counts;
}

CorpusStats corpusStats(const std::vector<std::string> &tokens) {
  CorpusStats stats;
  auto counts = countNgrams(tokens, 1);
  stats.tokens = static_cast<int64_t>(tokens.size());
  stats.types = static_cast<int64_t>(counts.size());
  if (counts.empty())
    return stats;
  // Least squares of log f against log rank: the slope is -alpha.
  double n = static_cast<double>(counts.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0, entropy = 0;
  for (size_t r = 0; r < counts.size(); ++r) {
    double x = std::log(static_cast<double>(r + 1));
    double y = std::log(static_cast<double>(counts[r].second));
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    double p = static_cast<double>(counts[r].second) / stats.tokens;
    entropy -= p * std::log(p);
  }
  double denom = n * sxx - sx * sx;
  stats.zipfExponent = denom > 0 ? -(n * sxy - sx * sy) / denom : 0;
  stats.uniformPerplexity = n;
  stats.unigramPerplexity = std::exp(entropy);
  return stats;
}

} // namespace rnnc::rt
