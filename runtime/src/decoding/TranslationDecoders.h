//===- TranslationDecoders.h - a seq2seq model's next-token logits -*- C++ -*-===//
//
// Translation (Translation.cpp) extends hypotheses one token at a time;
// a TranslationDecoder gives the logits of the next token for a batch of
// rows, each a hypothesis of one of the sentences started together:
//  - StepDecoder runs the generated @encode once per batch of sentences
//    and @decode_step once per token (rnn-derive-decoder-step), carrying
//    each hypothesis's decoder state;
//  - PrefixForward, for a model without them (a decoder that reads the
//    encoder's outputs), runs the whole forward over each hypothesis's
//    prefix and reads the logits at its last position (the decoder is
//    causal).
// Private to the runtime.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SRC_TRANSLATIONDECODERS_H
#define RNNC_RUNTIME_SRC_TRANSLATIONDECODERS_H

#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/Seq2SeqTraining.h"

#include <memory>

namespace rnnc::rt {

/// One row of a decoder call: a hypothesis of sentence `sentence`, its
/// tokens `prefix` (<bos> first) and its decoder state after all but the
/// last of them, which the call advances past the last.
struct DecoderRow {
  size_t sentence;
  const std::vector<int32_t> *prefix;
  std::vector<float> *state;
};

class TranslationDecoder {
public:
  virtual ~TranslationDecoder() = default;
  /// Starts a batch of encoded source sentences and their lengths.
  virtual void start(const std::vector<std::vector<int32_t>> &sources,
                     const std::vector<int32_t> &lengths) = 0;
  /// The decoder state of sentence `sentence` before its first token.
  virtual std::vector<float> initialState(size_t sentence) const = 0;
  /// The logits of each row's next token, row after row; every row's
  /// state advanced by its prefix's last token.
  virtual std::vector<std::vector<float>>
  logits(const std::vector<DecoderRow> &rows) const = 0;
};

/// A StepDecoder when `path` asks for it and `model` has @encode and
/// @decode_step, else a PrefixForward. Sentences are `steps` tokens long.
std::unique_ptr<TranslationDecoder>
makeTranslationDecoder(const Model &model, const Seq2SeqVocabs &vocabs,
                       int64_t steps, DecoderPath path);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SRC_TRANSLATIONDECODERS_H
