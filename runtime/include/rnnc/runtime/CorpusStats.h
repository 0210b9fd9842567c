//===- CorpusStats.h - n-gram statistics of a token corpus -----*- C++ -*-===//
//
// What d2l 8.3 looks at before modelling language: the most frequent
// n-grams, the Zipf exponent of the unigram frequencies (the slope of
// log frequency against log rank, fitted by least squares), and the
// perplexities of the two trivial models: uniform over the vocabulary and
// the unigram distribution.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_CORPUSSTATS_H
#define RNNC_RUNTIME_CORPUSSTATS_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rnnc::rt {

/// The `top` most frequent n-grams (tokens joined by spaces) with counts,
/// most frequent first, ties in order of first appearance.
std::vector<std::pair<std::string, int64_t>>
topNgrams(const std::vector<std::string> &tokens, int n, size_t top);

struct CorpusStats {
  int64_t tokens = 0, types = 0;
  double zipfExponent = 0;       // alpha in f(rank) ~ rank^-alpha
  double uniformPerplexity = 0;  // = number of types
  double unigramPerplexity = 0;  // exp of the unigram entropy
};

CorpusStats corpusStats(const std::vector<std::string> &tokens);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_CORPUSSTATS_H
