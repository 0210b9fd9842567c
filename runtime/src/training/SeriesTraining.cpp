//===- SeriesTraining.cpp - training and predicting a series model
//---------===//
//
// See SeriesTraining.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/SeriesTraining.h"

#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/Runtime.h"
#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>

namespace rnnc::rt {

int64_t seriesTau(const Model &model) {
  const FunctionSpec *f = model.manifest().function("forward");
  for (const TensorSpec &arg : f ? f->args : std::vector<TensorSpec>{})
    if (arg.role == "input" && arg.shape.size() == 2)
      return std::stoll(arg.shape[1].text);
  throw Error("a series model needs an input of shape [B, tau]");
}

namespace {
/// Rows `rows` of the windows as the model's input [n, tau] and target
/// [n, 1] tensors.
std::pair<Tensor, Tensor> gather(const Windows &w,
                                 const std::vector<int64_t> &rows) {
  auto n = static_cast<int64_t>(rows.size());
  Tensor x(DType::F32, {n, w.tau}), y(DType::F32, {n, 1});
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(x.data<float>() + i * w.tau,
                w.features.data() + rows[i] * w.tau, w.tau * sizeof(float));
    y.data<float>()[i] = w.labels[rows[i]];
  }
  return {std::move(x), std::move(y)};
}

double callLoss(Model &model, const std::string &function,
                const std::pair<std::string, std::string> &names,
                const std::pair<Tensor, Tensor> &xy, Model::Outputs *out) {
  model.dims()["B"] = xy.first.shape()[0];
  model.dims()["T"] = 1;
  Model::Outputs result = model.call(
      function, {{names.first, &xy.first}, {names.second, &xy.second}}, {});
  double loss = result.loss;
  if (out)
    *out = std::move(result);
  return loss;
}
/// The mean loss over the held-out windows `held`, each rank evaluating
/// its evenShare of them (the same figure as one process).
double heldOutLoss(Model &model,
                   const std::pair<std::string, std::string> &names,
                   const Windows &windows, const std::vector<int64_t> &held) {
  Ranks &ranks = Ranks::world();
  RowShare share =
      evenShare(int64_t(held.size()), ranks.rank(), ranks.size());
  double sums[2] = {0, double(share.count)}; // loss x rows, rows
  if (share.count > 0) {
    std::vector<int64_t> mine(held.begin() + share.first,
                              held.begin() + share.first + share.count);
    sums[0] = callLoss(model, "forward", names, gather(windows, mine),
                       nullptr) *
              sums[1];
  }
  ranks.sum(sums, 2);
  return sums[0] / sums[1];
}
} // namespace

void trainSeries(Model &model, const Windows &windows, int64_t trainSize,
                 const TrainConfig &config, TrainingState &state,
                 const EpochCallback &onEpoch) {
  if (trainSize < 1 || trainSize > windows.count)
    throw Error(fmt::format("train_size {} is outside the {} windows of the "
                            "series",
                            trainSize, windows.count));
  auto names = tokenRoles(model);
  std::vector<int64_t> held(windows.count - trainSize);
  std::iota(held.begin(), held.end(), trainSize);
  while (state.epoch < config.epochs) {
    auto start = std::chrono::steady_clock::now();
    std::vector<int64_t> order(trainSize);
    std::iota(order.begin(), order.end(), 0);
    for (int64_t i = trainSize - 1; i > 0; --i)
      std::swap(order[i], order[uniformInt(state.rng, 0, i)]);
    double lossSum = 0, normSum = 0;
    int64_t batches = 0;
    Ranks &ranks = Ranks::world();
    for (int64_t first = 0; first < trainSize; first += config.batch) {
      int64_t rows = std::min(trainSize, first + config.batch) - first;
      // This rank's rows of the minibatch (all of them in one process).
      RowShare share = nearlyEvenShare(rows, ranks.rank(), ranks.size());
      std::vector<int64_t> mine(order.begin() + first + share.first,
                                order.begin() + first + share.first +
                                    share.count);
      Model::Outputs out;
      rnnc_rt_batch_offset = share.first; // dropout masks follow the rows
      callLoss(model, "train_step", names, gather(windows, mine), &out);
      ++batches;
      normSum += applyStep(model, out, config, state, batches,
                           double(share.count));
      lossSum += out.loss * double(rows);
    }
    EpochMetrics m =
        finishEpoch(state, start, lossSum, trainSize, normSum, batches);
    if (!held.empty()) {
      m.valLoss = heldOutLoss(model, names, windows, held);
      m.valPerplexity = std::exp(m.valLoss);
    }
    if (onEpoch && !onEpoch(m))
      return;
  }
}

float predictNext(Model &model, const float *window) {
  auto names = tokenRoles(model);
  int64_t tau = seriesTau(model);
  Windows one{1, tau, std::vector<float>(window, window + tau), {0.0f}};
  Model::Outputs out;
  callLoss(model, "forward", names, gather(one, {0}), &out);
  return *out.outputs.front().data<float>();
}

double kStepError(const std::vector<float> &series, int64_t tau, int64_t k,
                  const std::vector<float> &predictions) {
  double sum = 0;
  for (size_t i = 0; i < predictions.size(); ++i) {
    double d = predictions[i] - series[tau + k - 1 + i];
    sum += d * d;
  }
  return predictions.empty() ? 0 : sum / double(predictions.size());
}

} // namespace rnnc::rt
