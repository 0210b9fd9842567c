//===- GradCheck.cpp - derived gradients against finite differences
//--------===//
//
// See GradCheck.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/GradCheck.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace rnnc::rt {

namespace {
double get(const Tensor &t, int64_t i) {
  return t.dtype() == DType::F64 ? t.data<double>()[i]
                                 : double(t.data<float>()[i]);
}
void set(Tensor &t, int64_t i, double v) {
  if (t.dtype() == DType::F64)
    t.data<double>()[i] = v;
  else
    t.data<float>()[i] = static_cast<float>(v);
}

/// Random values for a tensor argument: ids below the smallest non-T/B
/// dimension for integer tensors, N(0, 0.5) for floating-point ones.
Tensor randomTensor(const TensorSpec &spec, const DimBindings &dims,
                    int64_t idLimit, std::mt19937_64 &rng) {
  Tensor t(spec.dtype, spec.shapeUnder(dims));
  std::normal_distribution<double> normal(0.0, 0.5);
  std::uniform_int_distribution<int64_t> id(0, idLimit - 1);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    switch (spec.dtype) {
    case DType::I32:
      t.data<int32_t>()[i] = static_cast<int32_t>(id(rng));
      break;
    case DType::I64:
      t.data<int64_t>()[i] = id(rng);
      break;
    default:
      set(t, i, normal(rng));
    }
  }
  return t;
}
} // namespace

std::vector<ParamCheck> gradCheck(Model &model,
                                  const GradCheckOptions &options) {
  const Manifest &manifest = model.manifest();
  const FunctionSpec *forward = manifest.function("forward");
  if (!forward || !manifest.function("train_step"))
    throw Error("the model has no forward and train_step to compare");
  auto train = manifest.trainOptions;
  if (train.find("\"bptt\":\"truncated\"") != std::string::npos ||
      train.find("\"bptt\":\"randomized\"") != std::string::npos)
    throw Error("the model truncates BPTT (its train block's bptt), so its "
                "gradients are not those of the loss; gradcheck needs full "
                "BPTT");

  DimBindings &dims = model.dims();
  for (const TensorSpec &arg : forward->args)
    if (arg.isDim())
      dims[arg.name] = arg.name == "T"   ? options.steps
                       : arg.name == "B" ? options.batch
                                         : options.otherDims;
  std::mt19937_64 rng(options.seed);
  // Weights of N(0, s^2), s = min(0.3, 1/sqrt(largest dimension)), rather
  // than the model's initialisers: gradients far above the rounding noise
  // of the loss differences, activations away from saturation.
  model.initParams(options.seed);
  for (Tensor &param : model.params()) {
    int64_t largest = 1;
    for (int64_t d : param.shape())
      largest = std::max(largest, d);
    std::normal_distribution<double> weight(
        0.0, std::min(0.3, 1.0 / std::sqrt(double(largest))));
    for (int64_t i = 0; i < param.numElements(); ++i)
      set(param, i, weight(rng));
  }

  std::map<std::string, Tensor> named;
  std::vector<Tensor> states;
  for (const TensorSpec &arg : forward->args) {
    if (arg.isDim() || arg.role == "param")
      continue;
    Tensor t = randomTensor(arg, dims, options.otherDims, rng);
    if (arg.role == "state_in")
      states.push_back(std::move(t));
    else
      named.emplace(arg.name, std::move(t));
  }
  NamedTensors inputs;
  for (auto &[name, t] : named)
    inputs[name] = &t;

  Model::Outputs analytic = model.call("train_step", inputs, states);
  bool f64 =
      !model.params().empty() && model.params().front().dtype() == DType::F64;
  double eps = options.eps > 0 ? options.eps : f64 ? 1e-3 : 1e-2;
  auto loss = [&] { return model.call("forward", inputs, states).loss; };

  std::vector<ParamCheck> report;
  for (size_t p = 0; p < model.params().size(); ++p) {
    Tensor &param = model.params()[p];
    const Tensor &grad = analytic.grads[p];
    ParamCheck check{manifest.params[p].tensor.name};
    std::vector<int64_t> order(param.numElements());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(std::min<int64_t>(order.size(), options.entries));
    double scale = 0;
    for (int64_t i = 0; i < grad.numElements(); ++i)
      scale = std::max(scale, std::fabs(get(grad, i)));
    for (int64_t i : order) {
      // The five-point stencil: error O(eps^4), so eps can be large enough
      // for the rounding of the loss to stay far below the gradient.
      double saved = get(param, i);
      auto at = [&](double offset) {
        set(param, i, saved + offset);
        return loss();
      };
      double numeric =
          (8 * (at(eps) - at(-eps)) - (at(2 * eps) - at(-2 * eps))) /
          (12 * eps);
      set(param, i, saved);
      double exact = get(grad, i);
      double diff = std::fabs(numeric - exact);
      double denom =
          std::max({std::fabs(numeric), std::fabs(exact), 1e-3 * scale, 1e-12});
      check.maxAbsoluteError = std::max(check.maxAbsoluteError, diff);
      check.maxRelativeError = std::max(check.maxRelativeError, diff / denom);
      ++check.checked;
    }
    report.push_back(check);
  }
  return report;
}

} // namespace rnnc::rt
