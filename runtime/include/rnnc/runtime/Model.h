//===- Model.h - a compiled model with its parameters ------------*- C++
//-*-===//
//
// The runtime's view of the code rnnc generated: the manifest, the
// parameters (owned here, initialised as the model file says, seeded), the
// values of the symbolic dimensions, and typed calls of `train_step` and
// `forward` that pass every argument in the order the manifest gives.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_MODEL_H
#define RNNC_RUNTIME_MODEL_H

#include "rnnc/runtime/Manifest.h"
#include "rnnc/runtime/ModelFunction.h"
#include "rnnc/runtime/Optimizer.h"

#include <map>

namespace rnnc::rt {

/// The named inputs and targets of one call ("tokens", "targets", ...).
using NamedTensors = std::map<std::string, const Tensor *>;

class Model {
public:
  Model(Manifest manifest, std::map<std::string, EntryPoint> entries);

  const Manifest &manifest() const { return spec; }
  DimBindings &dims() { return bindings; }
  const DimBindings &dims() const { return bindings; }

  /// Allocates every parameter for the current dimensions and initialises
  /// it (normal, uniform, xavier, ...) from one generator seeded by `seed`.
  void initParams(uint64_t seed);
  /// The parameters in manifest order. Mutable access counts as a write
  /// (ParameterVersion.h): re-fetch after writing through a held reference.
  std::vector<Tensor> &params();
  const std::vector<Tensor> &params() const { return values; }
  int64_t numParamElements() const;

  /// Zero recurrent states for `function`'s state_in arguments, sized for
  /// the current dimensions.
  std::vector<Tensor> zeroStates(const std::string &function,
                                 const DimBindings *dims = nullptr) const;

  struct Outputs {
    double loss = 0;
    std::vector<Tensor> states;  // state_out, in order
    std::vector<Tensor> grads;   // train_step: one per parameter, in order
    std::vector<Tensor> outputs; // forward: the model's output(s)
  };
  /// Calls `function` ("train_step", "forward", "step") with `named` inputs and
  /// targets and `states` (state_in order); the dimensions must be bound
  /// (in the model, or in `dims`, which then replace the model's).
  Outputs call(const std::string &function, const NamedTensors &named,
               const std::vector<Tensor> &states,
               const DimBindings *dims = nullptr) const;
  /// `function` bound to the current dimensions, `named` inputs and
  /// targets, `states` and the parameters, to run many times (the tensors
  /// must outlive it; the parameters' values may change between runs, not
  /// their shapes).
  /// `dims`: other dimensions than the model's (a step's batch).
  BoundFunction bind(const std::string &function, const NamedTensors &named,
                     const std::vector<Tensor> &states,
                     const DimBindings *dims = nullptr) const;

  /// Whether the generated object has `function`.
  bool hasFunction(const std::string &function) const {
    return entries.count(function) != 0;
  }
  /// Calls `function` with `tensors`, one per tensor argument in the
  /// manifest's order, under the model's dimensions; returns its results
  /// in order (the parameter updates of a device build).
  std::vector<Tensor> callWith(const std::string &function,
                               const std::vector<const Tensor *> &tensors) const;

  /// Value/gradient slots for the optimizer (f32 parameters).
  std::vector<ParamSlot> slots(std::vector<Tensor> &grads);

private:
  Manifest spec;
  std::map<std::string, EntryPoint> entries;
  DimBindings bindings;
  std::vector<Tensor> values;
};

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_MODEL_H
