//===- Model.cpp - a compiled model with its parameters
//--------------------===//
//
// See Model.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/ParameterVersion.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <cmath>
#include <random>

namespace rnnc::rt {

Model::Model(Manifest manifest, std::map<std::string, EntryPoint> entries)
    : spec(std::move(manifest)), entries(std::move(entries)) {}

namespace {
/// Fan-in and fan-out of a weight used as `x @ W` ([in, out]); a vector
/// counts as both.
std::pair<double, double> fans(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return {1, 1};
  if (shape.size() == 1)
    return {double(shape[0]), double(shape[0])};
  double receptive = 1;
  for (size_t d = 2; d < shape.size(); ++d)
    receptive *= double(shape[d]);
  return {shape[0] * receptive, shape[1] * receptive};
}

template <typename T>
void initialise(T *data, int64_t n, const ParamSpec &p,
                const std::vector<int64_t> &shape, std::mt19937_64 &rng) {
  auto arg = [&](size_t i, double fallback) {
    return i < p.initArgs.size() ? p.initArgs[i] : fallback;
  };
  auto fill = [&](auto &&next) {
    for (int64_t i = 0; i < n; ++i)
      data[i] = static_cast<T>(next());
  };
  auto [fanIn, fanOut] = fans(shape);
  double gain = arg(0, 1.0);
  if (p.init == "zeros") {
    fill([] { return 0.0; });
  } else if (p.init == "ones") {
    fill([] { return 1.0; });
  } else if (p.init == "constant") {
    double c = arg(0, 0.0);
    fill([c] { return c; });
  } else if (p.init == "normal") {
    std::normal_distribution<double> d(arg(0, 0.0), arg(1, 1.0));
    fill([&] { return d(rng); });
  } else if (p.init == "uniform") {
    std::uniform_real_distribution<double> d(arg(0, 0.0), arg(1, 1.0));
    fill([&] { return d(rng); });
  } else if (p.init == "xavier_uniform") {
    double a = gain * std::sqrt(6.0 / (fanIn + fanOut));
    std::uniform_real_distribution<double> d(-a, a);
    fill([&] { return d(rng); });
  } else if (p.init == "xavier_normal") {
    std::normal_distribution<double> d(
        0.0, gain * std::sqrt(2.0 / (fanIn + fanOut)));
    fill([&] { return d(rng); });
  } else {
    throw Error(fmt::format("parameter '{}': unknown initialiser '{}'",
                            p.tensor.name, p.init));
  }
}
} // namespace

std::vector<Tensor> &Model::params() {
  parametersMayChange();
  return values;
}

void Model::initParams(uint64_t seed) {
  parametersMayChange();
  std::mt19937_64 rng(seed);
  values.clear();
  for (const ParamSpec &p : spec.params) {
    std::vector<int64_t> shape = p.tensor.shapeUnder(bindings);
    Tensor t(p.tensor.dtype, shape);
    if (t.dtype() == DType::F32)
      initialise(t.data<float>(), t.numElements(), p, shape, rng);
    else if (t.dtype() == DType::F64)
      initialise(t.data<double>(), t.numElements(), p, shape, rng);
    else
      throw Error(
          fmt::format("parameter '{}' is not floating point", p.tensor.name));
    values.push_back(std::move(t));
  }
}

int64_t Model::numParamElements() const {
  int64_t n = 0;
  for (const Tensor &t : values)
    n += t.numElements();
  return n;
}

std::vector<Tensor> Model::zeroStates(const std::string &function,
                                      const DimBindings *dims) const {
  const FunctionSpec *f = spec.function(function);
  if (!f)
    throw Error(fmt::format("the model has no function '{}'", function));
  std::vector<Tensor> states;
  for (const TensorSpec &arg : f->args)
    if (arg.role == "state_in")
      states.emplace_back(arg.dtype, arg.shapeUnder(dims ? *dims : bindings));
  return states;
}

BoundFunction Model::bind(const std::string &function,
                          const NamedTensors &named,
                          const std::vector<Tensor> &states,
                          const DimBindings *dims) const {
  const FunctionSpec *f = spec.function(function);
  auto entry = entries.find(function);
  if (!f || entry == entries.end())
    throw Error(fmt::format("the model has no function '{}'", function));
  std::vector<const Tensor *> args;
  size_t state = 0, param = 0;
  for (const TensorSpec &arg : f->args) {
    if (arg.isDim())
      continue;
    if (arg.role == "state_in") {
      if (state >= states.size())
        throw Error(
            fmt::format("{}: no value for state '{}'", function, arg.name));
      args.push_back(&states[state++]);
    } else if (arg.role == "param") {
      if (param >= values.size())
        throw Error(
            fmt::format("{}: parameters are not initialised", function));
      args.push_back(&values[param++]);
    } else {
      auto it = named.find(arg.name);
      if (it == named.end())
        throw Error(fmt::format("{}: no value for {} '{}'", function, arg.role,
                                arg.name));
      args.push_back(it->second);
    }
  }
  return BoundFunction(entry->second, *f, dims ? *dims : bindings,
                       std::move(args));
}

Model::Outputs Model::call(const std::string &function,
                           const NamedTensors &named,
                           const std::vector<Tensor> &states,
                           const DimBindings *dims) const {
  if (function == "train_step")
    parametersMayChange(); // an optimizer step follows
  BoundFunction bound = bind(function, named, states, dims);
  bound.run();
  const FunctionSpec *f = &bound.function();
  std::vector<Tensor> results = bound.takeResults();

  Outputs out;
  for (size_t i = 0; i < results.size(); ++i) {
    const std::string &role = f->results[i].role;
    Tensor &r = results[i];
    if (role == "result")
      out.loss = r.dtype() == DType::F32 ? double(*r.data<float>())
                                         : *r.data<double>();
    else if (role == "state_out")
      out.states.push_back(std::move(r));
    else if (role == "grad")
      out.grads.push_back(std::move(r));
    else
      out.outputs.push_back(std::move(r));
  }
  return out;
}

std::vector<Tensor>
Model::callWith(const std::string &function,
                const std::vector<const Tensor *> &tensors) const {
  const FunctionSpec *f = spec.function(function);
  auto entry = entries.find(function);
  if (!f || entry == entries.end())
    throw Error(fmt::format("the model has no function '{}'", function));
  return callFunction(entry->second, *f, bindings, tensors);
}

std::vector<ParamSlot> Model::slots(std::vector<Tensor> &grads) {
  parametersMayChange();
  if (grads.size() != values.size())
    throw Error("gradients and parameters differ in number");
  std::vector<ParamSlot> result;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].dtype() != DType::F32 || grads[i].dtype() != DType::F32)
      throw Error(fmt::format("parameter '{}': the optimizers update f32 "
                              "parameters",
                              spec.params[i].tensor.name));
    result.push_back({values[i].data<float>(), grads[i].data<float>(),
                      values[i].numElements()});
  }
  return result;
}

} // namespace rnnc::rt
