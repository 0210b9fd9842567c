//===- Seq2SeqBatch.cpp - a seq2seq model's tensors, by name --------------===//
//
// See Seq2SeqBatch.h.
//
//===----------------------------------------------------------------------===//

#include "Seq2SeqBatch.h"

#include "rnnc/runtime/Error.h"

#include <algorithm>

namespace rnnc::rt {

Seq2SeqNames namesOf(const Model &model) {
  Seq2SeqNames n;
  const FunctionSpec *f = model.manifest().function("train_step");
  for (const TensorSpec &a : f ? f->args : std::vector<TensorSpec>{}) {
    bool sequence = a.shape.size() == 2;
    if (a.role == "input" && sequence)
      (n.source.empty() ? n.source : n.decoderInput) = a.name;
    else if (a.role == "input")
      n.sourceLength = a.name;
    else if (a.role == "target" && sequence)
      n.target = a.name;
    else if (a.role == "target")
      n.targetLength = a.name;
  }
  if (n.source.empty() || n.decoderInput.empty() || n.sourceLength.empty() ||
      n.target.empty() || n.targetLength.empty())
    throw Error("a seq2seq model takes a source [T, B], its lengths [B], a "
                "decoder input [T, B], and targets [T, B] with lengths [B]");
  return n;
}

BatchTensors tensorsOf(const PairBatch &b) {
  return {int32Tensor(b.source, {b.steps, b.batch}),
          int32Tensor(b.sourceLength, {b.batch}),
          int32Tensor(b.decoderInput, {b.steps, b.batch}),
          int32Tensor(b.target, {b.steps, b.batch}),
          int32Tensor(b.targetLength, {b.batch})};
}

} // namespace rnnc::rt
