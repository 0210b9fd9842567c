//===- Seq2SeqTraining.h - encoder-decoder models: train, translate -*- C++
//-*-===//
//
// The seq2seq task (d2l 9.5-9.7) over a compiled model whose train_step
// takes the source, its valid lengths and the teacher-forced decoder input,
// and whose loss is the cross-entropy masked by the target lengths.
// Translation (Translation.cpp) runs the generated @encode once per batch
// of sentences and @decode_step once per token (rnn-derive-decoder-step);
// a model without them (a decoder that reads the encoder's outputs) runs
// the whole forward over each decoder prefix instead (the decoder is
// causal, so position k's logits depend only on the first k + 1 decoder
// inputs). Greedy decoding and beam search are Generation.h's.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SEQ2SEQTRAINING_H
#define RNNC_RUNTIME_SEQ2SEQTRAINING_H

#include "rnnc/runtime/Generation.h"
#include "rnnc/runtime/Seq2SeqData.h"
#include "rnnc/runtime/Training.h"

namespace rnnc::rt {

struct Seq2SeqVocabs {
  Vocab source, target;
};

/// Trains on `pairs` (shuffled batches each epoch, sentences truncated or
/// padded to `config.steps`). The loss is the model's masked mean.
void trainSeq2Seq(Model &model, const std::vector<SentencePair> &pairs,
                  const Seq2SeqVocabs &vocabs, const TrainConfig &config,
                  TrainingState &state, const BatchCallback &onBatch,
                  const EpochCallback &onEpoch);

/// Sentences `translate`, seq2seq `eval` and the library's
/// rnnc_model_translate_lines decode in one batch unless told otherwise.
constexpr int64_t kTranslationBatch = 64;

/// How translation runs the decoder: through @encode and @decode_step
/// (the default; a model without them falls back to the forward) or the
/// whole forward over the prefix per token (the reference).
enum class DecoderPath { Step, Forward };

/// The translations of tokenised source sentences, `batch` sentences per
/// call of the generated functions: greedy (each sentence a row until its
/// <eos>) or beam search (every live hypothesis of every sentence a row,
/// each sentence with its own BeamSearch); each stops at its <eos> (not
/// included) or after `options.maxLength` tokens. The batches are shared
/// among up to `threads` worker threads (WorkerThreads.h), batch k on
/// thread k % threads: the same translations for every thread count.
std::vector<std::vector<std::string>>
translateBatch(const Model &model, const Seq2SeqVocabs &vocabs,
               const std::vector<std::vector<std::string>> &sources,
               int64_t steps, DecodeOptions options, int64_t batch,
               DecoderPath path = DecoderPath::Step, int threads = 1);

/// The translation of one tokenised source sentence (a batch of one).
std::vector<std::string> translate(const Model &model,
                                   const Seq2SeqVocabs &vocabs,
                                   const std::vector<std::string> &source,
                                   int64_t steps, DecodeOptions options);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SEQ2SEQTRAINING_H
