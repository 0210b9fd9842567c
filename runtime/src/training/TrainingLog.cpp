//===- TrainingLog.cpp - what `train` writes about each epoch -------------===//

#include "rnnc/runtime/TrainingLog.h"

#include <nlohmann/json.hpp>

#include <cmath>

using namespace rnnc::rt;

std::string rnnc::rt::metricsLine(const EpochMetrics &m,
                                  const BestEpoch &best) {
  nlohmann::json line{{"epoch", m.epoch},
                      {"loss", m.loss},
                      {"perplexity", m.perplexity},
                      {"tokens_per_s", m.tokensPerSecond},
                      {"grad_norm", m.gradNorm},
                      {"seconds", m.seconds}};
  if (m.rowThreads > 1)
    line["row_threads"] = m.rowThreads;
  if (m.allreduceBytesPerStep > 0) {
    line["allreduce_bytes_per_step"] = m.allreduceBytesPerStep;
    line["allreduce_ms_per_step"] = m.allreduceSecondsPerStep * 1e3;
  }
  if (m.valPerplexity > 0) {
    line["val_loss"] = m.valLoss;
    line["val_perplexity"] = m.valPerplexity;
    line["val_accuracy"] = m.valAccuracy;
    line["best_epoch"] = best.epoch;
  }
  return line.dump();
}

std::vector<PlotPanel>
rnnc::rt::trainingPlot(const std::string &modelName, Task task,
                       const std::vector<EpochMetrics> &history) {
  PlotPanel loss{modelName + ": loss", "epoch", "loss", {}};
  PlotPanel ppl{modelName + ": perplexity", "epoch", "perplexity", {}};
  PlotLine trainLoss{"training", {}, {}}, valLoss{"held out", {}, {}};
  PlotLine trainPpl{"training", {}, {}}, valPpl{"held out", {}, {}};
  bool held = false;
  for (const EpochMetrics &m : history) {
    double e = double(m.epoch);
    bool hasHeldOut = m.valPerplexity > 0;
    trainLoss.xs.push_back(e);
    trainLoss.ys.push_back(m.loss);
    trainPpl.xs.push_back(e);
    trainPpl.ys.push_back(m.perplexity);
    valLoss.xs.push_back(e);
    valLoss.ys.push_back(hasHeldOut ? m.valLoss : NAN);
    valPpl.xs.push_back(e);
    valPpl.ys.push_back(hasHeldOut ? m.valPerplexity : NAN);
    held |= hasHeldOut;
  }
  loss.lines = {trainLoss};
  ppl.lines = {trainPpl};
  if (held) {
    loss.lines.push_back(valLoss);
    ppl.lines.push_back(valPpl);
  }
  if (task == Task::Series)
    return {loss};
  return {loss, ppl};
}
