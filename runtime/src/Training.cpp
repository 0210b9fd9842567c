//===- Training.cpp - the training loop of a language model
//----------------===//
//
// See Training.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Training.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace rnnc::rt {

namespace {
Tensor tokenTensor(const std::vector<int32_t> &ids, int64_t steps,
                   int64_t batch) {
  Tensor t(DType::I32, {steps, batch});
  std::copy(ids.begin(), ids.end(), t.data<int32_t>());
  return t;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}
} // namespace

double evaluateLanguageModel(Model &model, const std::vector<int32_t> &stream) {
  if (stream.size() < 2)
    return 0;
  auto steps = static_cast<int64_t>(stream.size() - 1);
  model.dims()["T"] = steps;
  model.dims()["B"] = 1;
  Tensor x = tokenTensor({stream.begin(), stream.end() - 1}, steps, 1);
  Tensor y = tokenTensor({stream.begin() + 1, stream.end()}, steps, 1);
  return model
      .call("forward", {{"tokens", &x}, {"targets", &y}},
            model.zeroStates("forward"))
      .loss;
}

void trainLanguageModel(Model &model, const std::vector<int32_t> &train,
                        const std::vector<int32_t> &validation,
                        const TrainConfig &config, TrainingState &state,
                        const BatchCallback &onBatch,
                        const EpochCallback &onEpoch) {
  state.adam.lr = config.lr;
  SGD sgd{config.lr};
  for (; state.epoch < config.epochs;) {
    auto start = std::chrono::steady_clock::now();
    std::vector<TokenBatch> batches =
        lmEpoch(train, config.batch, config.steps, config.sampling, state.rng);
    if (batches.empty())
      throw Error(fmt::format(
          "the training stream ({} tokens) is too short for one batch of {} "
          "x {} tokens",
          train.size(), config.batch, config.steps));
    model.dims()["T"] = config.steps;
    model.dims()["B"] = config.batch;
    std::vector<Tensor> states = model.zeroStates("train_step");
    double lossSum = 0, normSum = 0;
    int64_t tokens = 0;
    for (size_t i = 0; i < batches.size(); ++i) {
      const TokenBatch &b = batches[i];
      Tensor x = tokenTensor(b.x, b.steps, b.batch);
      Tensor y = tokenTensor(b.y, b.steps, b.batch);
      if (config.sampling == Sampling::Random)
        states = model.zeroStates("train_step");
      Model::Outputs out =
          model.call("train_step", {{"tokens", &x}, {"targets", &y}}, states);
      if (!std::isfinite(out.loss))
        throw Error(fmt::format("training diverged: the loss is {} in epoch "
                                "{}, batch {}",
                                out.loss, state.epoch + 1, i + 1));
      std::vector<ParamSlot> slots = model.slots(out.grads);
      normSum += clipGradients(slots, config.clip);
      if (config.optimizer == "adam")
        state.adam.step(slots);
      else
        sgd.step(slots);
      // Sequential partitioning carries the state (detached: it is only
      // an input of the next step).
      states = std::move(out.states);
      lossSum += out.loss * double(b.steps * b.batch);
      tokens += b.steps * b.batch;
      if (onBatch)
        onBatch(int64_t(i + 1), int64_t(batches.size()),
                lossSum / double(tokens));
    }
    ++state.epoch;
    EpochMetrics m;
    m.epoch = state.epoch;
    m.seconds = secondsSince(start);
    m.loss = lossSum / double(tokens);
    m.perplexity = std::exp(m.loss);
    m.tokensPerSecond = double(tokens) / m.seconds;
    m.gradNorm = normSum / double(batches.size());
    if (validation.size() >= 2) {
      m.valLoss = evaluateLanguageModel(model, validation);
      m.valPerplexity = std::exp(m.valLoss);
    }
    if (onEpoch && !onEpoch(m))
      return;
  }
}

} // namespace rnnc::rt
