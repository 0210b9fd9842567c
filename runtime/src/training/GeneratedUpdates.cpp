//===- GeneratedUpdates.cpp - the optimizer of a device build -------------===//
//
// See GeneratedUpdates.h. Per step: one call for the sum of squares (its
// one number comes back to the host: the norm is logged, and gives the
// clipping factor), one for the update, whose results replace the
// parameters (and the moments) without a copy. The hyper-parameter words
// are the pass's (compiler/lib/GPU/DeriveParameterUpdates.cpp).
//
//===----------------------------------------------------------------------===//

#include "GeneratedUpdates.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <cmath>

namespace rnnc::rt {

namespace {
Tensor hyperParameters(const std::vector<float> &words) {
  Tensor t(DType::F32, {int64_t(words.size())});
  std::copy(words.begin(), words.end(), t.data<float>());
  return t;
}

/// Adam's moments shaped as the parameters, zero at the first step (a
/// checkpoint's are flat).
void shapeMoments(Adam &adam, const std::vector<Tensor> &params) {
  if (adam.m.empty())
    for (const Tensor &p : params) {
      adam.m.emplace_back(DType::F32, p.shape());
      adam.v.emplace_back(DType::F32, p.shape());
    }
  if (adam.m.size() != params.size() || adam.v.size() != params.size())
    throw Error(fmt::format("the training state has Adam moments for {} "
                            "parameters, the model has {}",
                            adam.m.size(), params.size()));
  for (size_t k = 0; k < params.size(); ++k) {
    adam.m[k].reshape(params[k].shape());
    adam.v[k].reshape(params[k].shape());
  }
}
} // namespace

bool hasGeneratedUpdates(const Model &model) {
  return model.hasFunction("sgd_update");
}

double generatedUpdate(Model &model, const Model::Outputs &out,
                       const TrainConfig &config, TrainingState &state) {
  std::vector<const Tensor *> grads;
  for (const Tensor &g : out.grads)
    grads.push_back(&g);
  std::vector<Tensor> squares = model.callWith("gradient_square_sum", grads);
  double norm = std::sqrt(double(*squares.at(0).data<float>()));
  // Clipping's factor as the CPU build computes it (Optimizer.cpp).
  float scale = config.clip > 0 && norm > config.clip
                    ? static_cast<float>(config.clip / norm)
                    : 1.0f;

  std::vector<Tensor> &params = model.params();
  std::vector<const Tensor *> args;
  for (const Tensor &p : params)
    args.push_back(&p);
  args.insert(args.end(), grads.begin(), grads.end());
  Tensor hyper;
  std::vector<Tensor> results;
  if (config.optimizer == "adam") {
    Adam &adam = state.adam;
    adam.lr = config.lr;
    shapeMoments(adam, params);
    for (const Tensor &m : adam.m)
      args.push_back(&m);
    for (const Tensor &v : adam.v)
      args.push_back(&v);
    AdamCoefficients c = adam.nextStep();
    hyper = hyperParameters(
        {scale, c.b1, c.b2, c.stepSize, c.sqrtCorrection2, c.eps});
    args.push_back(&hyper);
    results = model.callWith("adam_update", args);
    size_t n = params.size();
    for (size_t k = 0; k < n; ++k) {
      adam.m[k] = std::move(results[n + k]);
      adam.v[k] = std::move(results[2 * n + k]);
    }
  } else {
    hyper = hyperParameters({static_cast<float>(config.lr), scale});
    args.push_back(&hyper);
    results = model.callWith("sgd_update", args);
  }
  for (size_t k = 0; k < params.size(); ++k)
    params[k] = std::move(results[k]);
  return norm;
}

} // namespace rnnc::rt
