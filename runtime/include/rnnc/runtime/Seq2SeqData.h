//===- Seq2SeqData.h - translation pairs as d2l 9.5 prepares them -*- C++ -*-//
//
// Tab-separated pairs -> d2l's cleanup (preprocessNMT) -> word tokens ->
// vocabularies with min_freq and <pad> <bos> <eos> -> each sentence plus
// <eos>, truncated or padded to num_steps, with its valid length. A line
// without a tab is an error naming the file and line.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SEQ2SEQDATA_H
#define RNNC_RUNTIME_SEQ2SEQDATA_H

#include "rnnc/runtime/Vocab.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace rnnc::rt {

struct SentencePair {
  std::vector<std::string> source, target;
};

/// Reads the first `maxPairs` pairs (all when 0) of a tab-separated file,
/// cleaned and tokenised. Empty lines are skipped; a line without exactly
/// one tab is an error naming the file and line.
std::vector<SentencePair> readPairs(const std::string &path,
                                    int64_t maxPairs);

/// Splits pairs into train and test with a seeded shuffle; the first
/// `testCount` of the shuffled pairs are the test set.
void splitPairs(std::vector<SentencePair> pairs, int64_t testCount,
                uint64_t seed, std::vector<SentencePair> &train,
                std::vector<SentencePair> &test);

/// The reserved tokens of translation vocabularies, after <unk>.
inline const std::vector<std::string> kSeq2SeqReserved = {"<pad>", "<bos>",
                                                          "<eos>"};

/// Words joined by single spaces (a translation as printed and scored).
std::string joinWords(const std::vector<std::string> &words);

/// The length sentences are truncated or padded to: the train block's
/// `steps` (JSON, the manifest's trainOptions), 10 (d2l's) by default.
int64_t seq2seqSteps(const std::string &trainBlock);

/// Ids of `tokens` plus <eos>, truncated or padded with <pad> to `steps`;
/// returns the count of non-pad ids (the valid length).
int32_t encodeSentence(const Vocab &vocab,
                       const std::vector<std::string> &tokens, int64_t steps,
                       std::vector<int32_t> &ids);

/// One minibatch, time-major: source [T, B], decoder input [T, B] (<bos>
/// then the target shifted right), target [T, B], lengths [B].
struct PairBatch {
  int64_t steps = 0, batch = 0;
  std::vector<int32_t> source, decoderInput, target;
  std::vector<int32_t> sourceLength, targetLength;
};

/// Every minibatch of one epoch over `pairs`, shuffled by `rng`
/// (d2l's load_array(is_train=True)); the last partial batch is kept.
std::vector<PairBatch> pairEpoch(const std::vector<SentencePair> &pairs,
                                 const Vocab &source, const Vocab &target,
                                 int64_t batch, int64_t steps,
                                 std::mt19937_64 &rng);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SEQ2SEQDATA_H
