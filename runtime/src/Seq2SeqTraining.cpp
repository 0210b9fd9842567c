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

/// The generated forward over decoder prefixes: row r is the prefix
/// rows[r] (<bos> first) after source sentence sources[r]; one call for
/// all the rows, the logits at each prefix's last position (the decoder is
/// causal: the step's logits). Every prefix is shorter than `steps`.
class PrefixForward {
public:
  PrefixForward(const Model &model, const Seq2SeqVocabs &vocabs,
                int64_t steps)
      : model(model), names(namesOf(model)), steps(steps),
        classes(int64_t(vocabs.target.size())),
        pad(vocabs.target.index("<pad>")) {}

  int64_t vocabSize() const { return classes; }

  /// The logits of each row, row after row.
  std::vector<std::vector<float>>
  logits(const std::vector<const std::vector<int32_t> *> &sources,
         const std::vector<int32_t> &sourceLengths,
         const std::vector<const std::vector<int32_t> *> &prefixes) const {
    auto rows = static_cast<int64_t>(prefixes.size());
    PairBatch b;
    b.steps = steps;
    b.batch = rows;
    b.source.assign(steps * rows, pad);
    b.decoderInput.assign(steps * rows, pad);
    b.target.assign(steps * rows, pad);
    b.targetLength.assign(rows, int32_t(steps));
    b.sourceLength = sourceLengths;
    for (int64_t r = 0; r < rows; ++r) {
      const std::vector<int32_t> &prefix = *prefixes[r];
      if (int64_t(prefix.size()) > steps)
        throw Error(fmt::format("translation longer than the model's {} "
                                "steps",
                                steps));
      for (int64_t t = 0; t < steps; ++t)
        b.source[t * rows + r] = (*sources[r])[t];
      for (size_t t = 0; t < prefix.size(); ++t)
        b.decoderInput[int64_t(t) * rows + r] = prefix[t];
    }
    BatchTensors t = tensorsOf(b);
    // The model's dimensions are only read: translations may run on
    // several threads (the library API).
    DimBindings dims = model.dims();
    dims["T"] = steps;
    dims["B"] = rows;
    Model::Outputs out = model.call("forward", t.named(names),
                                    model.zeroStates("forward", &dims), &dims);
    // logits [T, B, classes]
    const float *all = out.outputs.front().data<float>();
    std::vector<std::vector<float>> result(rows);
    for (int64_t r = 0; r < rows; ++r) {
      int64_t position = int64_t(prefixes[r]->size()) - 1;
      const float *row = all + (position * rows + r) * classes;
      result[r].assign(row, row + classes);
    }
    return result;
  }

private:
  const Model &model;
  Seq2SeqNames names;
  int64_t steps, classes;
  int32_t pad;
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

std::vector<std::vector<std::string>>
translateBatch(const Model &model, const Seq2SeqVocabs &vocabs,
               const std::vector<std::vector<std::string>> &sources,
               int64_t steps, DecodeOptions options, int64_t batch) {
  if (batch < 1)
    throw Error("a translation batch needs at least one sentence");
  options.eos = vocabs.target.index("<eos>");
  // Position 0 holds <bos>: at most steps - 1 tokens follow it.
  options.maxLength = std::min<int64_t>(options.maxLength, steps - 1);
  const int32_t bos = vocabs.target.index("<bos>");
  PrefixForward forward(model, vocabs, steps);
  std::vector<std::vector<std::string>> translations;
  for (size_t first = 0; first < sources.size(); first += size_t(batch)) {
    size_t count = std::min(sources.size() - first, size_t(batch));
    std::vector<std::vector<int32_t>> ids(count);
    std::vector<int32_t> lengths(count);
    for (size_t i = 0; i < count; ++i)
      lengths[i] =
          encodeSentence(vocabs.source, sources[first + i], steps, ids[i]);
    // Every sentence starts with <bos> alone.
    std::vector<int32_t> start{bos};
    std::vector<const std::vector<int32_t> *> rowSources, rowPrefixes;
    std::vector<int32_t> rowLengths;
    for (size_t i = 0; i < count; ++i) {
      rowSources.push_back(&ids[i]);
      rowLengths.push_back(lengths[i]);
      rowPrefixes.push_back(&start);
    }
    std::vector<std::vector<float>> firstLogits =
        forward.logits(rowSources, rowLengths, rowPrefixes);

    std::vector<std::vector<int32_t>> outputs(count);
    if (options.strategy == Strategy::Beam) {
      std::vector<BeamSearch> searches;
      searches.reserve(count);
      for (size_t i = 0; i < count; ++i) {
        Hypothesis h;
        h.logits = std::move(firstLogits[i]);
        searches.emplace_back(std::move(h), options);
      }
      // Each round, every live hypothesis of every sentence in one call.
      while (true) {
        std::vector<std::pair<size_t, Hypothesis *>> live;
        for (size_t i = 0; i < count; ++i)
          if (!searches[i].done())
            for (Hypothesis &h : searches[i].extend())
              live.push_back({i, &h});
        if (live.empty())
          break;
        std::vector<std::vector<int32_t>> prefixes(live.size());
        rowSources.clear();
        rowLengths.clear();
        rowPrefixes.clear();
        for (size_t j = 0; j < live.size(); ++j) {
          prefixes[j].push_back(bos);
          const std::vector<int32_t> &tokens = live[j].second->tokens;
          prefixes[j].insert(prefixes[j].end(), tokens.begin(), tokens.end());
          rowSources.push_back(&ids[live[j].first]);
          rowLengths.push_back(lengths[live[j].first]);
          rowPrefixes.push_back(&prefixes[j]);
        }
        std::vector<std::vector<float>> next =
            forward.logits(rowSources, rowLengths, rowPrefixes);
        for (size_t j = 0; j < live.size(); ++j)
          live[j].second->logits = std::move(next[j]);
      }
      for (size_t i = 0; i < count; ++i)
        outputs[i] = searches[i].best();
    } else {
      // Greedy: each sentence one row until its <eos> or the limit.
      std::vector<std::vector<int32_t>> prefixes(count, {bos});
      std::vector<std::vector<float>> logits = std::move(firstLogits);
      std::vector<size_t> open(count);
      for (size_t i = 0; i < count; ++i)
        open[i] = i;
      for (int64_t t = 0; t < options.maxLength && !open.empty(); ++t) {
        std::vector<size_t> still;
        for (size_t j = 0; j < open.size(); ++j) {
          size_t i = open[j];
          int32_t token = argmax(logits[j], options.excluded);
          outputs[i].push_back(token);
          prefixes[i].push_back(token);
          if (token != options.eos)
            still.push_back(i);
        }
        open = std::move(still);
        if (open.empty() || t + 1 >= options.maxLength)
          break;
        rowSources.clear();
        rowLengths.clear();
        rowPrefixes.clear();
        for (size_t i : open) {
          rowSources.push_back(&ids[i]);
          rowLengths.push_back(lengths[i]);
          rowPrefixes.push_back(&prefixes[i]);
        }
        logits = forward.logits(rowSources, rowLengths, rowPrefixes);
      }
    }
    for (const std::vector<int32_t> &out : outputs) {
      std::vector<std::string> words;
      for (int32_t id : out) {
        if (id == options.eos)
          break;
        words.push_back(vocabs.target.token(id));
      }
      translations.push_back(std::move(words));
    }
  }
  return translations;
}

std::vector<std::string> translate(const Model &model,
                                   const Seq2SeqVocabs &vocabs,
                                   const std::vector<std::string> &source,
                                   int64_t steps, DecodeOptions options) {
  return translateBatch(model, vocabs, {source}, steps, std::move(options), 1)
      .front();
}

} // namespace rnnc::rt
