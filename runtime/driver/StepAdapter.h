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
    templates = model.zeroStates("step");
  }

  int64_t vocabSize() const override { return model.dims().at("V"); }

  std::vector<float> initialState() const override {
    size_t n = 0;
    for (const Tensor &t : templates)
      n += t.numElements();
    return std::vector<float>(n, 0.0f);
  }

  void step(int32_t token, const std::vector<float> &state,
            std::vector<float> &nextState,
            std::vector<float> &logits) const override {
    std::vector<Tensor> states = templates;
    size_t offset = 0;
    for (Tensor &t : states) {
      std::memcpy(t.raw(), state.data() + offset, t.numBytes());
      offset += t.numElements();
    }
    Tensor x(DType::I32, {1, 1});
    *x.data<int32_t>() = token;
    Model::Outputs out = model.call("step", {{"tokens", &x}}, states);
    nextState.clear();
    for (const Tensor &t : out.states)
      nextState.insert(nextState.end(), t.data<float>(),
                       t.data<float>() + t.numElements());
    const Tensor &o = out.outputs.front();
    logits.assign(o.data<float>(), o.data<float>() + o.numElements());
  }

private:
  Model &model;
  std::vector<Tensor> templates;
};

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DRIVER_STEPADAPTER_H
