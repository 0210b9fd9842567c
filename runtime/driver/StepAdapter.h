//===- StepAdapter.h - a compiled model as a one-token step function ------===//
//
// Generation (Generation.h) drives a StepModel: one token and a flat state
// in, logits and the next state out. This adapter calls the model's
// generated `step` (rnn-derive-step: forward for one time step, without
// the loss) with B = 1; the recurrent states are flattened into one vector
// in state_in order.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_DRIVER_STEPADAPTER_H
#define RNNC_RUNTIME_DRIVER_STEPADAPTER_H

#include "rnnc/runtime/Generation.h"
#include "rnnc/runtime/Model.h"

#include <cstring>

namespace rnnc::rt {

class StepAdapter : public StepModel {
public:
  explicit StepAdapter(Model &model) : model(model) {
    model.dims()["B"] = 1;
    states = model.zeroStates("step");
  }

  StepAdapter(const StepAdapter &) = delete; // `inputs` points into it

  int64_t vocabSize() const override { return model.dims().at("V"); }

  std::vector<float> initialState() const override {
    size_t n = 0;
    for (const Tensor &t : states)
      n += t.numElements();
    return std::vector<float>(n, 0.0f);
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
    Model::Outputs out = model.call("step", inputs, states);
    nextState.clear();
    for (const Tensor &t : out.states)
      nextState.insert(nextState.end(), t.data<float>(),
                       t.data<float>() + t.numElements());
    const Tensor &o = out.outputs.front();
    logits.assign(o.data<float>(), o.data<float>() + o.numElements());
  }

private:
  Model &model;
  // Reused by every step (one token after another, never concurrently).
  mutable std::vector<Tensor> states;
  mutable Tensor x{DType::I32, {1, 1}};
  const NamedTensors inputs{{"tokens", &x}};
};

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DRIVER_STEPADAPTER_H
