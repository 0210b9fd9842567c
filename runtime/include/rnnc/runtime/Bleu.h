//===- Bleu.h - BLEU scores of translations --------------------*- C++ -*-===//
//
// Two definitions, over space-separated tokens:
//  - d2l's `bleu(pred, label, k)` (d2l 9.7): exp(min(0, 1 - len_label /
//    len_pred)) * prod_n p_n^(1/2^n) for n = 1..k, with clipped n-gram
//    precisions p_n; what the book prints for its four sentences.
//  - standard corpus BLEU-4 (Papineni et al. 2002) with one reference per
//    sentence: clipped n-gram counts summed over the corpus, geometric mean
//    of p_1..p_4, brevity penalty exp(1 - r/c) when c < r, no smoothing.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_BLEU_H
#define RNNC_RUNTIME_BLEU_H

#include <string>
#include <vector>

namespace rnnc::rt {

/// d2l's sentence BLEU of `prediction` against `label` up to k-grams.
double d2lBleu(const std::string &prediction, const std::string &label,
               int k);

/// Corpus BLEU-4 of `predictions` against one reference each, in [0, 1].
double corpusBleu4(const std::vector<std::string> &predictions,
                   const std::vector<std::string> &references);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_BLEU_H
