//===- Seq2SeqBatch.h - a seq2seq model's tensors, by name -------*- C++ -*-===//
//
// The model's inputs are matched to a batch by shape: its [T, B] inputs
// are the source and then the decoder input, its [B] input the source
// lengths; its [T, B] target the target ids, its [B] target the target
// lengths (read from train_step). Training and translation call the
// generated functions through these. Private to the runtime.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SRC_SEQ2SEQBATCH_H
#define RNNC_RUNTIME_SRC_SEQ2SEQBATCH_H

#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/Seq2SeqData.h"

namespace rnnc::rt {

/// The names of the five tensors.
struct Seq2SeqNames {
  std::string source, sourceLength, decoderInput, target, targetLength;
};

/// The names of `model`'s train_step arguments; throws when one is missing.
Seq2SeqNames namesOf(const Model &model);

/// A batch as the model's five tensors.
struct BatchTensors {
  Tensor source, sourceLength, decoderInput, target, targetLength;
  NamedTensors named(const Seq2SeqNames &n) const {
    return {{n.source, &source},
            {n.sourceLength, &sourceLength},
            {n.decoderInput, &decoderInput},
            {n.target, &target},
            {n.targetLength, &targetLength}};
  }
};

BatchTensors tensorsOf(const PairBatch &b);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SRC_SEQ2SEQBATCH_H
