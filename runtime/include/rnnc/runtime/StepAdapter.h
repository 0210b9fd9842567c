//===- StepAdapter.h - a compiled model as a one-token step function ------===//
//
// Generation (Generation.h) drives a StepModel: one token and a flat state
// in, logits and the next state out. This adapter calls the model's
// generated `step_single` (rnn-specialise-single-stream: `step` with
// B = 1, static shapes), or `step` (rnn-derive-step: forward for one time
// step, without the loss) with B = 1 where a model has no `step_single`,
// bound once (ModelFunction.h: no allocation of the call path per token);
// the recurrent states are flattened into one vector in state_in order.
// With B = rows it steps several streams at once through `step`, their
// states kept inside (batched sampling), each row computed as it would be
// alone (StepWeights.h).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_STEPADAPTER_H
#define RNNC_RUNTIME_STEPADAPTER_H

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Generation.h"
#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/StepWeights.h"

#include <cstring>
#include <optional>

namespace rnnc::rt {

class StepAdapter : public StepModel, public BatchStepModel {
public:
  /// `rows` streams stepped together (B = rows; 1 for the StepModel
  /// interface). The model is only read, so several adapters may be made
  /// and run on several threads.
  explicit StepAdapter(const Model &model, int64_t rows = 1)
      : rows(rows), dims(withBatch(model, rows)), x(DType::I32, {1, rows}),
        function(stepFor(model, rows)),
        states(model.zeroStates(function, &dims)),
        bound(model.bind(function, inputs, states, &dims)) {
    const FunctionSpec &f = bound.function();
    for (size_t i = 0; i < f.results.size(); ++i) {
      if (f.results[i].role == "state_out")
        stateResults.push_back(i);
      else if (f.results[i].role == "output" && outputResult < 0)
        outputResult = static_cast<int64_t>(i);
    }
    if (outputResult < 0)
      throw Error("the model's step has no output");
    for (const Tensor &t : states)
      stateSize += t.numElements();
    vocab = dims.at("V");
  }

  StepAdapter(const StepAdapter &) = delete; // `bound` points into it

  int64_t vocabSize() const override { return vocab; }
  int64_t streams() const override { return rows; }

  std::vector<float> initialState() const override {
    return std::vector<float>(stateSize, 0.0f);
  }

  /// One stream (rows == 1): `state` in, `nextState` and the logits out.
  void step(int32_t token, const std::vector<float> &state,
            std::vector<float> &nextState,
            std::vector<float> &logits) const override {
    if (rows != 1)
      throw Error("a step of one stream on an adapter of several");
    size_t offset = 0;
    for (Tensor &t : states) {
      std::memcpy(t.raw(), state.data() + offset, t.numBytes());
      offset += t.numElements();
    }
    *x.data<int32_t>() = token;
    run();
    const std::vector<Tensor> &results = bound.results();
    nextState.resize(stateSize);
    offset = 0;
    for (size_t i : stateResults) {
      const Tensor &t = results[i];
      std::memcpy(nextState.data() + offset, t.raw(), t.numBytes());
      offset += t.numElements();
    }
    const Tensor &o = results[outputResult];
    logits.assign(o.data<float>(), o.data<float>() + o.numElements());
  }

  /// Every stream's state back to zero (the streams' own, kept here).
  void resetRows() override {
    for (Tensor &t : states)
      std::memset(t.raw(), 0, t.numBytes());
  }

  /// Feeds tokens[r] to stream r and advances the kept states; returns the
  /// logits, [rows, vocabulary], valid until the next call.
  const float *advance(const int32_t *tokens) override {
    std::memcpy(x.raw(), tokens, sizeof(int32_t) * size_t(rows));
    run();
    const std::vector<Tensor> &results = bound.results();
    for (size_t s = 0; s < stateResults.size(); ++s)
      std::memcpy(states[s].raw(), results[stateResults[s]].raw(),
                  states[s].numBytes());
    return results[outputResult].data<float>();
  }

  /// The weight format of this adapter's steps (unset: the thread's,
  /// StepWeights.h).
  void setWeights(WeightFormat format) { weights = format; }

  /// The flattened state's floats (of all the rows).
  size_t stateFloats() const { return stateSize; }

private:
  static DimBindings withBatch(const Model &model, int64_t rows) {
    if (rows < 1)
      throw Error("a step needs at least one stream");
    DimBindings dims = model.dims();
    dims["B"] = rows;
    return dims;
  }

  /// The generated step for `rows` streams.
  static std::string stepFor(const Model &model, int64_t rows) {
    if (rows == 1 && model.manifest().function("step_single"))
      return "step_single";
    return "step";
  }

  void run() const {
    StepScope scope(weights.value_or(stepWeightFormat()));
    bound.run();
  }

  // Declared in the order they are built: `bound` reads the others.
  int64_t rows;
  DimBindings dims;
  mutable Tensor x;
  const NamedTensors inputs{{"tokens", &x}};
  std::string function;
  mutable std::vector<Tensor> states;
  mutable BoundFunction bound;
  std::vector<size_t> stateResults;
  int64_t outputResult = -1;
  size_t stateSize = 0;
  int64_t vocab = 0;
  std::optional<WeightFormat> weights;
};

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_STEPADAPTER_H
