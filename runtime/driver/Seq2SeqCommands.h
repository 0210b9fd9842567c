//===- Seq2SeqCommands.h - the data, `translate` and `eval` of seq2seq ----===//
//
// The seq2seq task's data (tab-separated sentence pairs, d2l 9.5: the
// first `pairs`, word vocabularies with min_freq and <pad> <bos> <eos>, an
// optional seeded held-out split), `translate` (sentences on stdin, one a
// line) and `eval` (BLEU of greedy or beam translations against the
// references: d2l's bleu(pred, label, 2) averaged, and corpus BLEU-4).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_DRIVER_SEQ2SEQCOMMANDS_H
#define RNNC_RUNTIME_DRIVER_SEQ2SEQCOMMANDS_H

#include "rnnc/runtime/Seq2SeqTraining.h"

#include <nlohmann/json.hpp>

namespace rnnc::rt {

struct Seq2SeqData {
  Seq2SeqVocabs vocabs;
  std::vector<SentencePair> train, test;
  std::string summary;
};

/// Reads the pairs and builds the vocabularies from the training pairs.
/// `heldOut` is the fraction held out (0: none).
Seq2SeqData loadSeq2Seq(const nlohmann::json &train,
                        const std::string &dataPath, double heldOut,
                        uint64_t seed);

/// `translate`: one translation per line of `in`, `batch` lines decoded
/// together, the decoder run as `path` says, `threads` batches at once.
int runTranslate(const std::string &load, const DecodeOptions &options,
                 const nlohmann::json &train, std::istream &in,
                 int64_t batch, DecoderPath path, int threads);

/// `eval` of a seq2seq model: BLEU on the held-out pairs (all pairs when
/// `heldOut` is 0), the translations on `threads` threads.
int runSeq2SeqEval(const std::string &load, const std::string &dataPath,
                   double heldOut, const DecodeOptions &options,
                   const nlohmann::json &train, uint64_t seed, int threads);

/// The vocabularies of a seq2seq checkpoint (source as its vocabulary,
/// target in its label slot); binds the model's dimensions.
Seq2SeqVocabs loadSeq2SeqCheckpoint(const std::string &path, Model &model);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DRIVER_SEQ2SEQCOMMANDS_H
