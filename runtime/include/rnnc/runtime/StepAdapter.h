//===- StepAdapter.h - a compiled model as a one-token step function ------===//
//
// Generation (Generation.h) drives a StepModel: one token and a flat state
// in, logits and the next state out. This adapter calls the model's
// generated `step` (rnn-derive-step: forward for one time step, without
// the loss) with B = 1, bound once (ModelFunction.h: no allocation of the
// call path per token); the recurrent states are flattened into one
// vector in state_in order.
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

class StepAdapter : public StepModel {
public:
  /// `model` has B bound to 1 (StepAdapter::bindOneStream); its
  /// dimensions are only read here, so several adapters may be made and
  /// run on several threads.
  explicit StepAdapter(const Model &model)
      : states(model.zeroStates("step")),
        bound(model.bind("step", inputs, states)) {
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
    vocab = model.dims().at("V");
  }

  StepAdapter(const StepAdapter &) = delete; // `bound` points into it

  int64_t vocabSize() const override { return vocab; }

  std::vector<float> initialState() const override {
    return std::vector<float>(stateSize, 0.0f);
  }

  void step(int32_t token, const std::vector<float> &state,
            std::vector<float> &nextState,
            std::vector<float> &logits) const override {
    size_t offset = 0;
    for (Tensor &t : states) {
      std::memcpy(t.raw(), state.data() + offset, t.numBytes());
      offset += t.numElements();
    }
    *x.data<int32_t>() = token;
    if (weights) {
      // This adapter's format for its products, the thread's kept.
      WeightFormat threads = stepWeightFormat();
      setStepWeightFormat(*weights);
      bound.run();
      setStepWeightFormat(threads);
    } else {
      bound.run();
    }
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

  /// Binds the one-stream batch, B = 1, before adapters are made.
  static void bindOneStream(Model &model) { model.dims()["B"] = 1; }

  /// The weight format of this adapter's steps (unset: the thread's,
  /// StepWeights.h).
  void setWeights(WeightFormat format) { weights = format; }

  /// The flattened state's floats.
  size_t stateFloats() const { return stateSize; }

private:
  // Reused by every step (one token after another, never concurrently);
  // declared in the order they are built: `bound` reads the others.
  mutable Tensor x{DType::I32, {1, 1}};
  const NamedTensors inputs{{"tokens", &x}};
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
