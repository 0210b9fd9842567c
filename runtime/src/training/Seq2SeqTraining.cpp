//===- Seq2SeqTraining.cpp - encoder-decoder models: training ------------===//
//
// See Seq2SeqTraining.h; the batch's tensors are matched to the model's
// arguments as Seq2SeqBatch.h says. Translation is in Translation.cpp.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Seq2SeqTraining.h"

#include "Seq2SeqBatch.h"

#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/Runtime.h"
#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace rnnc::rt {

namespace {
/// The pairs `share` of `b` (its columns: the batch is time-major).
PairBatch rowsOf(const PairBatch &b, RowShare share) {
  PairBatch rows;
  rows.steps = b.steps;
  rows.batch = share.count;
  rows.source = columns(b.source, b.steps, b.batch, share);
  rows.decoderInput = columns(b.decoderInput, b.steps, b.batch, share);
  rows.target = columns(b.target, b.steps, b.batch, share);
  auto part = [&](const std::vector<int32_t> &v) {
    return std::vector<int32_t>(v.begin() + share.first,
                                v.begin() + share.first + share.count);
  };
  rows.sourceLength = part(b.sourceLength);
  rows.targetLength = part(b.targetLength);
  return rows;
}

} // namespace

void trainSeq2Seq(Model &model, const std::vector<SentencePair> &pairs,
                  const Seq2SeqVocabs &vocabs, const TrainConfig &config,
                  TrainingState &state, const BatchCallback &onBatch,
                  const EpochCallback &onEpoch) {
  Seq2SeqNames names = namesOf(model);
  while (state.epoch < config.epochs) {
    auto start = std::chrono::steady_clock::now();
    std::vector<PairBatch> batches =
        pairEpoch(pairs, vocabs.source, vocabs.target, config.batch,
                  config.steps, state.rng);
    if (batches.empty())
      throw Error("no sentence pairs to train on");
    double lossSum = 0, normSum = 0;
    int64_t tokens = 0;
    const Ranks &ranks = Ranks::world();
    for (size_t i = 0; i < batches.size(); ++i) {
      // This rank's pairs of the minibatch (all of them in one process);
      // its loss is a mean over their valid target tokens.
      RowShare share =
          nearlyEvenShare(batches[i].batch, ranks.rank(), ranks.size());
      PairBatch rows; // this rank's, on several ranks
      if (ranks.distributed())
        rows = rowsOf(batches[i], share);
      const PairBatch &b = ranks.distributed() ? rows : batches[i];
      rnnc_rt_batch_offset = share.first; // dropout masks follow the rows
      model.dims()["T"] = b.steps;
      model.dims()["B"] = b.batch;
      BatchTensors t = tensorsOf(b);
      Model::Outputs out = model.call("train_step", t.named(names),
                                      model.zeroStates("train_step"));
      int64_t mine = 0, valid = 0;
      for (int32_t l : b.targetLength)
        mine += l;
      for (int32_t l : batches[i].targetLength)
        valid += l;
      normSum += applyStep(model, out, config, state, int64_t(i + 1),
                           double(mine));
      lossSum += out.loss * double(valid);
      tokens += valid;
      if (onBatch)
        onBatch(int64_t(i + 1), int64_t(batches.size()),
                lossSum / double(std::max<int64_t>(tokens, 1)), out.loss);
    }
    EpochMetrics m = finishEpoch(state, start, lossSum, tokens, normSum,
                                 int64_t(batches.size()));
    if (onEpoch && !onEpoch(m))
      return;
  }
}

} // namespace rnnc::rt
