//===- Training.cpp - the training loop over token streams
//-----------------===//
//
// See Training.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Training.h"

#include "GeneratedUpdates.h"
#include "RowThreads.h"

#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/Runtime.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

namespace rnnc::rt {

std::pair<std::string, std::string> tokenRoles(const Model &model) {
  const FunctionSpec *f = model.manifest().function("train_step");
  std::string input, target;
  for (const TensorSpec &arg : f ? f->args : std::vector<TensorSpec>{}) {
    if (arg.role == "input" && input.empty())
      input = arg.name;
    if (arg.role == "target" && target.empty())
      target = arg.name;
  }
  if (input.empty() || target.empty())
    throw Error("the model's train_step has no input and target to feed");
  return {input, target};
}

TokenTask languageModelTask(const Model &model,
                            const std::vector<int32_t> &train,
                            const std::vector<int32_t> &validation,
                            const TrainConfig &config) {
  TokenTask task;
  std::tie(task.inputName, task.targetName) = tokenRoles(model);
  auto stream = std::make_shared<const std::vector<int32_t>>(train);
  task.epoch = [stream, config](std::mt19937_64 &rng) {
    return lmEpoch(*stream, config.batch, config.steps, config.sampling, rng);
  };
  if (validation.size() >= 2) {
    task.heldInputs.assign(validation.begin(), validation.end() - 1);
    task.heldTargets.assign(validation.begin() + 1, validation.end());
  }
  return task;
}

StreamResult evaluateRows(Model &model, const std::string &inputName,
                          const std::string &targetName,
                          const TokenBatch &held) {
  StreamResult result;
  if (held.steps == 0)
    return result;
  Ranks &ranks = Ranks::world();
  RowShare share = evenShare(held.batch, ranks.rank(), ranks.size());
  // Sums over this rank's rows: loss x terms, correct argmaxes, terms.
  double sums[3] = {0, 0, 0};
  if (share.count > 0) {
    model.dims()["T"] = held.steps;
    model.dims()["B"] = share.count;
    Tensor x = int32Tensor(columns(held.x, held.steps, held.batch, share),
                           {held.steps, share.count});
    Tensor y = int32Tensor(columns(held.y, held.steps, held.batch, share),
                           {held.steps, share.count});
    Model::Outputs out =
        model.call("forward", {{inputName, &x}, {targetName, &y}},
                   model.zeroStates("forward"));
    // logits [T, B, classes]; predictions row by row, each in time order.
    const Tensor &logits = out.outputs.front();
    int64_t classes = logits.shape().back();
    const float *first = logits.data<float>();
    const int32_t *targets = y.data<int32_t>();
    for (int64_t b = 0; b < share.count; ++b)
      for (int64_t t = 0; t < held.steps; ++t) {
        const float *row = first + (t * share.count + b) * classes;
        auto best =
            static_cast<int32_t>(std::max_element(row, row + classes) - row);
        result.predictions.push_back(best);
        sums[1] += best == targets[t * share.count + b];
      }
    sums[2] = double(held.steps * share.count);
    sums[0] = out.loss * sums[2];
  }
  ranks.sum(sums, 3);
  result.loss = sums[0] / sums[2];
  result.accuracy = sums[1] / sums[2];
  return result;
}

StreamResult evaluateStream(Model &model, const std::string &inputName,
                            const std::string &targetName,
                            const std::vector<int32_t> &inputs,
                            const std::vector<int32_t> &targets) {
  return evaluateRows(model, inputName, targetName,
                      heldOutStreams(inputs, targets, 1));
}

EpochMetrics finishEpoch(TrainingState &state,
                         std::chrono::steady_clock::time_point start,
                         double lossSum, int64_t count, double normSum,
                         int64_t batches) {
  EpochMetrics m;
  m.epoch = ++state.epoch;
  m.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  m.loss = lossSum / double(std::max<int64_t>(count, 1));
  m.perplexity = std::exp(m.loss);
  m.tokensPerSecond = double(count) / m.seconds;
  m.gradNorm = normSum / double(std::max<int64_t>(batches, 1));
  return m;
}

bool BestEpoch::record(const EpochMetrics &m) {
  if (!(m.valPerplexity > 0))
    return false;
  if (m.valLoss < valLoss) {
    epoch = m.epoch;
    valLoss = m.valLoss;
    valPerplexity = m.valPerplexity;
    epochsWithoutImprovement = 0;
    return true;
  }
  ++epochsWithoutImprovement;
  return false;
}

/// Each rank's loss and gradients are means over its `share` of the
/// batch's terms; the global means weigh them by their shares. One
/// MPI_Allreduce sums the weighted gradients (one flat buffer), one the
/// weighted loss and the shares.
static void averageOverRanks(Model &model, Model::Outputs &out, double share) {
  Ranks &ranks = Ranks::world();
  if (!ranks.distributed())
    return;
  std::vector<ParamSlot> slots = model.slots(out.grads);
  size_t total = 0;
  for (const ParamSlot &slot : slots)
    total += static_cast<size_t>(slot.size);
  std::vector<float> flat(total);
  float *next = flat.data();
  auto weight = static_cast<float>(share);
  for (const ParamSlot &slot : slots)
    for (int64_t i = 0; i < slot.size; ++i)
      *next++ = slot.grad[i] * weight;
  ranks.sum(flat.data(), flat.size());
  double loss[2] = {out.loss * share, share};
  ranks.sum(loss, 2);
  auto scale = static_cast<float>(1 / loss[1]);
  const float *from = flat.data();
  for (const ParamSlot &slot : slots)
    for (int64_t i = 0; i < slot.size; ++i)
      slot.grad[i] = *from++ * scale;
  out.loss = loss[0] / loss[1];
}

double applyStep(Model &model, Model::Outputs &out, const TrainConfig &config,
                 TrainingState &state, int64_t batch, double share) {
  averageOverRanks(model, out, share);
  if (!std::isfinite(out.loss))
    throw Error(fmt::format("training diverged: the loss is {} in epoch {}, "
                            "batch {}",
                            out.loss, state.epoch + 1, batch));
  if (hasGeneratedUpdates(model))
    return generatedUpdate(model, out, config, state);
  std::vector<ParamSlot> slots = model.slots(out.grads);
  double norm = clipGradients(slots, config.clip);
  if (config.optimizer == "adam") {
    state.adam.lr = config.lr;
    state.adam.step(slots);
  } else {
    SGD{config.lr}.step(slots);
  }
  return norm;
}

void trainTokens(Model &model, const TokenTask &task, const TrainConfig &config,
                 TrainingState &state, const BatchCallback &onBatch,
                 const EpochCallback &onEpoch) {
  while (state.epoch < config.epochs) {
    auto start = std::chrono::steady_clock::now();
    std::vector<TokenBatch> batches = task.epoch(state.rng);
    if (batches.empty())
      throw Error(fmt::format("the training data are too short for one "
                              "batch of {} x {} tokens",
                              config.batch, config.steps));
    double lossSum = 0, normSum = 0;
    int64_t tokens = 0;
    std::vector<Tensor> states;
    std::vector<std::vector<Tensor>> threadStates; // with row threads
    int threadsUsed = 1;
    Ranks &ranks = Ranks::world();
    ranks.takeTraffic();
    for (size_t i = 0; i < batches.size(); ++i) {
      const TokenBatch &b = batches[i];
      // Each rank trains on the same rows of every minibatch, so that the
      // states it carries are those rows' (docs/distributed.md).
      RowShare share = rowShare(b.batch, ranks.rank(), ranks.size());
      model.dims()["T"] = b.steps;
      model.dims()["B"] = share.count;
      bool reset = i == 0 || config.sampling == Sampling::Random;
      Model::Outputs out;
      int threads = rowThreads(model, config, share.count);
      if (threads > 1) {
        // Threads train the rows as ranks do, each carrying its rows'
        // states (RowThreads.h).
        out = trainRowsOnThreads(model, task, b, share, threads, threadStates,
                                 reset || int(threadStates.size()) != threads);
        threadsUsed = threads;
      } else {
        if (reset)
          states = model.zeroStates("train_step");
        std::vector<int32_t> xRows, yRows; // this rank's, on several ranks
        if (ranks.distributed()) {
          xRows = columns(b.x, b.steps, b.batch, share);
          yRows = columns(b.y, b.steps, b.batch, share);
        }
        Tensor x = int32Tensor(ranks.distributed() ? xRows : b.x,
                               {b.steps, share.count});
        Tensor y = int32Tensor(ranks.distributed() ? yRows : b.y,
                               {b.steps, share.count});
        rnnc_rt_batch_offset = share.first; // dropout masks follow the rows
        out = model.call("train_step",
                         {{task.inputName, &x}, {task.targetName, &y}},
                         states);
      }
      normSum += applyStep(model, out, config, state, int64_t(i + 1),
                           double(b.steps * share.count));
      // Sequential partitioning carries the state (detached: it is only
      // an input of the next step).
      states = std::move(out.states);
      lossSum += out.loss * double(b.steps * b.batch);
      tokens += b.steps * b.batch;
      if (onBatch)
        onBatch(int64_t(i + 1), int64_t(batches.size()),
                lossSum / double(tokens), out.loss);
    }
    EpochMetrics m = finishEpoch(state, start, lossSum, tokens, normSum,
                                 int64_t(batches.size()));
    m.rowThreads = threadsUsed;
    Ranks::Traffic traffic = ranks.takeTraffic();
    m.allreduceBytesPerStep = double(traffic.bytes) / double(batches.size());
    m.allreduceSecondsPerStep = traffic.seconds / double(batches.size());
    if (!task.heldInputs.empty()) {
      StreamResult held = evaluateRows(
          model, task.inputName, task.targetName,
          heldOutStreams(task.heldInputs, task.heldTargets,
                         config.evalStreams));
      m.valLoss = held.loss;
      m.valPerplexity = std::exp(held.loss);
      m.valAccuracy = held.accuracy;
    }
    if (onEpoch && !onEpoch(m))
      return;
  }
}

} // namespace rnnc::rt
