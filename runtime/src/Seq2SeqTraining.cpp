//===- Seq2SeqTraining.cpp - encoder-decoder models: train, translate -----===//
//
// See Seq2SeqTraining.h. The model's inputs are matched to the batch by
// shape: its [T, B] inputs are the source and then the decoder input, its
// [B] input the source lengths; its [T, B] target the target ids, its [B]
// target the target lengths.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Seq2SeqTraining.h"

#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/Runtime.h"
#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace rnnc::rt {

namespace {
/// The names of the five tensors, from the manifest's train_step.
struct Seq2SeqNames {
  std::string source, sourceLength, decoderInput, target, targetLength;
};

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

Tensor ints(const std::vector<int32_t> &values, std::vector<int64_t> shape) {
  Tensor t(DType::I32, std::move(shape));
  std::copy(values.begin(), values.end(), t.data<int32_t>());
  return t;
}

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

BatchTensors tensorsOf(const PairBatch &b) {
  return {ints(b.source, {b.steps, b.batch}), ints(b.sourceLength, {b.batch}),
          ints(b.decoderInput, {b.steps, b.batch}),
          ints(b.target, {b.steps, b.batch}), ints(b.targetLength, {b.batch})};
}

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

/// A StepModel over the generated forward: the "state" is the decoder
/// prefix so far (token ids as floats); each step reruns forward on the
/// prefix plus the new token and returns the logits at its position.
class PrefixDecoder : public StepModel {
public:
  PrefixDecoder(Model &model, const Seq2SeqVocabs &vocabs,
                const std::vector<int32_t> &source, int32_t sourceLength,
                int64_t steps)
      : model(model), names(namesOf(model)), steps(steps),
        classes(int64_t(vocabs.target.size())),
        pad(vocabs.target.index("<pad>")) {
    batch.steps = steps;
    batch.batch = 1;
    batch.source = source;
    batch.sourceLength = {sourceLength};
    batch.target.assign(steps, pad);
    batch.targetLength = {int32_t(steps)};
  }

  int64_t vocabSize() const override { return classes; }
  std::vector<float> initialState() const override { return {}; }

  void step(int32_t token, const std::vector<float> &state,
            std::vector<float> &nextState,
            std::vector<float> &logits) const override {
    nextState = state;
    nextState.push_back(float(token));
    auto position = static_cast<int64_t>(nextState.size()) - 1;
    if (position >= steps)
      throw Error(
          fmt::format("translation longer than the model's {} steps", steps));
    PairBatch b = batch;
    b.decoderInput.assign(steps, pad);
    for (size_t i = 0; i < nextState.size(); ++i)
      b.decoderInput[i] = int32_t(nextState[i]);
    BatchTensors t = tensorsOf(b);
    model.dims()["T"] = steps;
    model.dims()["B"] = 1;
    Model::Outputs out =
        model.call("forward", t.named(names), model.zeroStates("forward"));
    const float *row = out.outputs.front().data<float>() + position * classes;
    logits.assign(row, row + classes);
  }

private:
  Model &model;
  Seq2SeqNames names;
  int64_t steps, classes;
  int32_t pad;
  PairBatch batch;
};
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
                lossSum / double(std::max<int64_t>(tokens, 1)));
    }
    EpochMetrics m = finishEpoch(state, start, lossSum, tokens, normSum,
                                 int64_t(batches.size()));
    if (onEpoch && !onEpoch(m))
      return;
  }
}

std::vector<std::string> translate(Model &model, const Seq2SeqVocabs &vocabs,
                                   const std::vector<std::string> &source,
                                   int64_t steps, DecodeOptions options) {
  std::vector<int32_t> ids;
  int32_t length = encodeSentence(vocabs.source, source, steps, ids);
  PrefixDecoder decoder(model, vocabs, ids, length, steps);
  options.eos = vocabs.target.index("<eos>");
  // Position 0 holds <bos>: at most steps - 1 tokens follow it.
  options.maxLength = std::min<int64_t>(options.maxLength, steps - 1);
  std::vector<int32_t> out =
      decode(decoder, {vocabs.target.index("<bos>")}, options);
  std::vector<std::string> words;
  for (int32_t id : out) {
    if (id == options.eos)
      break;
    words.push_back(vocabs.target.token(id));
  }
  return words;
}

} // namespace rnnc::rt
