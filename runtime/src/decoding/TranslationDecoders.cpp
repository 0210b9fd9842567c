//===- TranslationDecoders.cpp - a seq2seq model's next-token logits ------===//
//
// See TranslationDecoders.h.
//
//===----------------------------------------------------------------------===//

#include "TranslationDecoders.h"

#include "BatchRows.h"
#include "Seq2SeqBatch.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/StepWeights.h"

#include <fmt/format.h>

#include <cstring>

namespace rnnc::rt {

namespace {

/// The position of the dimension B in `spec`'s shape.
size_t batchAxisOf(const TensorSpec &spec) {
  if (std::optional<size_t> axis = batchAxis(spec))
    return *axis;
  throw Error(fmt::format("decode_step: '{}' has no batch dimension B",
                          spec.name));
}

/// One argument of @decode_step carried per row: a state or a context.
struct RowArgument {
  const TensorSpec *spec;
  size_t batchAxis;
  size_t offset; // bytes into the row's flat copy
  size_t bytes;  // of one row
};

/// @encode once per batch of sentences, @decode_step once per token.
class StepDecoder : public TranslationDecoder {
public:
  StepDecoder(const Model &model, int64_t steps)
      : model(model), names(namesOf(model)), steps(steps),
        encodeSpec(*model.manifest().function("encode")),
        stepSpec(*model.manifest().function("decode_step")) {
    DimBindings one = model.dims();
    one["B"] = 1;
    size_t stateBytes = 0, contextBytes = 0;
    for (const TensorSpec &arg : stepSpec.args) {
      bool state = arg.role == "state_in";
      if (!state && arg.role != "context")
        continue;
      if (state && arg.dtype != DType::F32)
        throw Error(fmt::format("decode_step: state '{}' is not f32",
                                arg.name));
      Tensor row(arg.dtype, arg.shapeUnder(one));
      size_t &offset = state ? stateBytes : contextBytes;
      (state ? states : contexts)
          .push_back({&arg, batchAxisOf(arg), offset, row.numBytes()});
      offset += row.numBytes();
      if (state)
        stateResults.push_back(resultIndex(stepSpec, "state_out", arg.name));
    }
    stateFloats = stateBytes / sizeof(float);
    contextRowBytes = contextBytes;
    for (size_t i = 0; i < stepSpec.results.size() && output < 0; ++i)
      if (stepSpec.results[i].role == "output")
        output = int64_t(i);
    if (output < 0)
      throw Error("decode_step has no output");
  }

  void start(const std::vector<std::vector<int32_t>> &sources,
             const std::vector<int32_t> &lengths) override {
    auto rows = int64_t(sources.size());
    std::vector<int32_t> ids(size_t(steps * rows));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t t = 0; t < steps; ++t)
        ids[size_t(t * rows + r)] = sources[size_t(r)][size_t(t)];
    Tensor source = int32Tensor(ids, {steps, rows});
    Tensor sourceLength = int32Tensor(lengths, {rows});
    DimBindings dims = model.dims();
    dims["T"] = steps;
    dims["B"] = rows;
    // The encoder's own initial states: zeros, as in forward (bound by
    // address: they outlive the call).
    std::vector<Tensor> encoderStates = model.zeroStates("encode", &dims);
    BoundFunction encode = model.bind(
        "encode", {{names.source, &source}, {names.sourceLength, &sourceLength}},
        encoderStates, &dims);
    encode.run();
    std::vector<Tensor> results = encode.takeResults();
    initial.assign(size_t(rows), std::vector<float>(stateFloats, 0.0f));
    contextRows.assign(size_t(rows), std::vector<char>(contextRowBytes));
    for (const RowArgument &s : states) {
      // A state the encoder does not set starts from zero, as in forward.
      std::optional<size_t> i = encodeSpec.resultIndex("state_out", s.spec->name);
      for (int64_t r = 0; i && r < rows; ++r)
        copyRowOut(results[*i], s.batchAxis, r,
                   reinterpret_cast<char *>(initial[size_t(r)].data()) +
                       s.offset);
    }
    for (const RowArgument &c : contexts) {
      size_t i = resultIndex(encodeSpec, "context", c.spec->name);
      for (int64_t r = 0; r < rows; ++r)
        copyRowOut(results[i], c.batchAxis, r,
                   contextRows[size_t(r)].data() + c.offset);
    }
  }

  std::vector<float> initialState(size_t sentence) const override {
    return initial.at(sentence);
  }

  std::vector<std::vector<float>>
  logits(const std::vector<DecoderRow> &rows) const override {
    auto count = int64_t(rows.size());
    DimBindings dims = model.dims();
    dims["B"] = count;
    Tensor tokens(DType::I32, {1, count});
    std::vector<Tensor> stateIn = model.zeroStates("decode_step", &dims);
    std::vector<Tensor> contextIn;
    for (const RowArgument &c : contexts)
      contextIn.emplace_back(c.spec->dtype, c.spec->shapeUnder(dims));
    for (int64_t r = 0; r < count; ++r) {
      const DecoderRow &row = rows[size_t(r)];
      tokens.data<int32_t>()[r] = row.prefix->back();
      if (row.state->size() != stateFloats)
        throw Error("a hypothesis without the decoder's state");
      for (size_t k = 0; k < states.size(); ++k)
        copyRowIn(stateIn[k], states[k].batchAxis, r,
                  reinterpret_cast<const char *>(row.state->data()) +
                      states[k].offset);
      for (size_t k = 0; k < contexts.size(); ++k)
        copyRowIn(contextIn[k], contexts[k].batchAxis, r,
                  contextRows.at(row.sentence).data() + contexts[k].offset);
    }
    NamedTensors named{{names.decoderInput, &tokens}};
    for (size_t k = 0; k < contexts.size(); ++k)
      named[contexts[k].spec->name] = &contextIn[k];
    std::vector<Tensor> results;
    {
      // Each row computed as it would be alone (StepWeights.h).
      StepScope scope(stepWeightFormat());
      BoundFunction step = model.bind("decode_step", named, stateIn, &dims);
      step.run();
      results = step.takeResults();
    }
    const Tensor &out = results[size_t(output)]; // [1, rows, classes]
    int64_t classes = out.numElements() / count;
    std::vector<std::vector<float>> result(rows.size());
    for (int64_t r = 0; r < count; ++r) {
      const float *row = out.data<float>() + r * classes;
      result[size_t(r)].assign(row, row + classes);
      for (size_t k = 0; k < states.size(); ++k)
        copyRowOut(results[stateResults[k]], states[k].batchAxis, r,
                   reinterpret_cast<char *>(rows[size_t(r)].state->data()) +
                       states[k].offset);
    }
    return result;
  }

private:
  static size_t resultIndex(const FunctionSpec &f, const std::string &role,
                            const std::string &name) {
    std::optional<size_t> i = f.resultIndex(role, name);
    if (!i)
      throw Error(fmt::format("{} returns no {} '{}'", f.name, role, name));
    return *i;
  }

  const Model &model;
  Seq2SeqNames names;
  int64_t steps;
  const FunctionSpec &encodeSpec, &stepSpec;
  std::vector<RowArgument> states, contexts;
  std::vector<size_t> stateResults;
  int64_t output = -1;
  size_t stateFloats = 0, contextRowBytes = 0;
  // Per sentence of the batch started last.
  std::vector<std::vector<float>> initial;
  std::vector<std::vector<char>> contextRows;
};

/// The whole forward over each row's prefix, its logits at the prefix's
/// last position; no state.
class PrefixForward : public TranslationDecoder {
public:
  PrefixForward(const Model &model, const Seq2SeqVocabs &vocabs,
                int64_t steps)
      : model(model), names(namesOf(model)), steps(steps),
        classes(int64_t(vocabs.target.size())),
        pad(vocabs.target.index("<pad>")) {}

  void start(const std::vector<std::vector<int32_t>> &sentences,
             const std::vector<int32_t> &sentenceLengths) override {
    sources = sentences;
    lengths = sentenceLengths;
  }

  std::vector<float> initialState(size_t) const override { return {}; }

  std::vector<std::vector<float>>
  logits(const std::vector<DecoderRow> &rows) const override {
    auto count = int64_t(rows.size());
    PairBatch b;
    b.steps = steps;
    b.batch = count;
    b.source.assign(steps * count, pad);
    b.decoderInput.assign(steps * count, pad);
    b.target.assign(steps * count, pad);
    b.targetLength.assign(count, int32_t(steps));
    for (int64_t r = 0; r < count; ++r) {
      const DecoderRow &row = rows[size_t(r)];
      const std::vector<int32_t> &prefix = *row.prefix;
      if (int64_t(prefix.size()) > steps)
        throw Error(fmt::format("translation longer than the model's {} "
                                "steps",
                                steps));
      b.sourceLength.push_back(lengths.at(row.sentence));
      for (int64_t t = 0; t < steps; ++t)
        b.source[t * count + r] = sources[row.sentence][size_t(t)];
      for (size_t t = 0; t < prefix.size(); ++t)
        b.decoderInput[int64_t(t) * count + r] = prefix[t];
    }
    BatchTensors t = tensorsOf(b);
    // The model's dimensions are only read: translations may run on
    // several threads (the library API).
    DimBindings dims = model.dims();
    dims["T"] = steps;
    dims["B"] = count;
    Model::Outputs out = model.call("forward", t.named(names),
                                    model.zeroStates("forward", &dims), &dims);
    // logits [T, B, classes]
    const float *all = out.outputs.front().data<float>();
    std::vector<std::vector<float>> result(rows.size());
    for (int64_t r = 0; r < count; ++r) {
      int64_t position = int64_t(rows[size_t(r)].prefix->size()) - 1;
      const float *row = all + (position * count + r) * classes;
      result[size_t(r)].assign(row, row + classes);
    }
    return result;
  }

private:
  const Model &model;
  Seq2SeqNames names;
  int64_t steps, classes;
  int32_t pad;
  std::vector<std::vector<int32_t>> sources;
  std::vector<int32_t> lengths;
};

} // namespace

std::unique_ptr<TranslationDecoder>
makeTranslationDecoder(const Model &model, const Seq2SeqVocabs &vocabs,
                       int64_t steps, DecoderPath path) {
  if (path == DecoderPath::Step && model.manifest().function("decode_step") &&
      model.manifest().function("encode"))
    return std::make_unique<StepDecoder>(model, steps);
  return std::make_unique<PrefixForward>(model, vocabs, steps);
}

} // namespace rnnc::rt
