//===- Training.h - the training loop over token streams ---------*- C++
//-*-===//
//
// d2l's train_epoch_ch8 over a compiled model, for the tasks whose data are
// token streams (language models: targets are the next tokens; tagging:
// one label per token): minibatches from the task's iterator, the state
// carried between batches for sequential partitioning (and reset for random
// sampling and at each epoch), one generated train_step per batch,
// global-norm clipping, SGD or Adam. Perplexity is exp of the mean
// per-token cross-entropy.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_TRAINING_H
#define RNNC_RUNTIME_TRAINING_H

#include "rnnc/runtime/LMIterators.h"
#include "rnnc/runtime/Model.h"

#include <chrono>
#include <functional>
#include <limits>
#include <random>
#include <string>

namespace rnnc::rt {

struct TrainConfig {
  int64_t epochs = 1, batch = 32, steps = 35;
  double lr = 1.0, clip = 0.0; // clip 0: no clipping
  std::string optimizer = "sgd";
  Sampling sampling = Sampling::Sequential;
  /// The held-out token stream is evaluated as this many contiguous rows
  /// (heldOutStreams), split across the ranks; 1: one sequence, the state
  /// carried through all of it.
  int64_t evalStreams = 1;
  /// `train --threads N`: threads that train a batch's rows at once where
  /// the batch has enough rows (RowThreads.h), else OpenMP threads in the
  /// products.
  int threads = 1;
};

/// A token-stream task: the names of the model's input and target, the
/// minibatches of one epoch, and a held-out stream (inputs and aligned
/// targets) evaluated as TrainConfig::evalStreams rows.
struct TokenTask {
  std::string inputName, targetName;
  std::function<std::vector<TokenBatch>(std::mt19937_64 &)> epoch;
  std::vector<int32_t> heldInputs, heldTargets;
};

/// The input and target names of `model`'s train_step (its first input and
/// first target).
std::pair<std::string, std::string> tokenRoles(const Model &model);

/// The language-model task over (a copy of) `train`, held out `validation`
/// (targets are the next tokens).
TokenTask languageModelTask(const Model &model,
                            const std::vector<int32_t> &train,
                            const std::vector<int32_t> &validation,
                            const TrainConfig &config);

struct EpochMetrics {
  int64_t epoch = 0;
  double loss = 0, perplexity = 0;
  // Held-out loss and perplexity, and the fraction of held-out targets
  // that are the argmax of the output; 0 without a held-out stream.
  double valLoss = 0, valPerplexity = 0, valAccuracy = 0;
  double tokensPerSecond = 0, gradNorm = 0, seconds = 0;
  /// Training on several ranks: what the gradient sums sent and took per
  /// step on this rank (0 in one process).
  double allreduceBytesPerStep = 0, allreduceSecondsPerStep = 0;
  /// Threads that trained each batch's rows (RowThreads.h; 1: one call).
  int rowThreads = 1;
};

/// The best epoch so far by held-out loss, for `train --save-best` and
/// early stopping (`--patience`).
struct BestEpoch {
  int64_t epoch = 0; // 0: no epoch with held-out data yet
  double valLoss = std::numeric_limits<double>::infinity();
  double valPerplexity = 0;
  int64_t epochsWithoutImprovement = 0;

  /// Takes the metrics of the epoch that just ended; true when its
  /// held-out loss is the lowest so far (strictly: a tie keeps the earlier
  /// epoch). An epoch without held-out data changes nothing.
  bool record(const EpochMetrics &m);
  /// True once `patience` > 0 epochs in a row brought no improvement.
  bool exhausted(int64_t patience) const {
    return patience > 0 && epochsWithoutImprovement >= patience;
  }
};

/// Everything that carries from one epoch to the next; saved with
/// --save and restored by --resume, so a resumed run continues exactly.
struct TrainingState {
  int64_t epoch = 0; // epochs completed
  std::mt19937_64 rng;
  Adam adam;
  BestEpoch best;
  /// The generated code's training-step counter (rnnc_rt_training_step,
  /// Runtime.h) when the state was saved: dropout masks continue.
  int64_t trainingStep = 0;
};

/// One optimizer step from a train_step's outputs: checks the loss is
/// finite (rt::Error naming epoch and batch otherwise), clips the gradients
/// to the global norm `config.clip`, then SGD or Adam. Returns the norm
/// before clipping.
///
/// On several ranks (Distributed.h) the loss and gradients are first
/// averaged over the ranks, each weighted by `share`, the number of terms
/// (tokens, rows) its mean loss is over, so that every rank steps with the
/// global batch's mean.
double applyStep(Model &model, Model::Outputs &out, const TrainConfig &config,
                 TrainingState &state, int64_t batch, double share = 1);

/// The metrics of an epoch that just ended: `state.epoch` advanced, mean
/// loss over `count` items (tokens or windows) with its exp, items per
/// second since `start`, mean gradient norm over `batches`. Held-out
/// fields stay 0 for the caller.
EpochMetrics finishEpoch(TrainingState &state,
                         std::chrono::steady_clock::time_point start,
                         double lossSum, int64_t count, double normSum,
                         int64_t batches);

/// Progress within an epoch: batches done of total, the running loss and
/// the loss of the batch just trained.
using BatchCallback = std::function<void(int64_t done, int64_t total,
                                         double meanLoss, double batchLoss)>;
/// Called after each epoch; returning false stops training.
using EpochCallback = std::function<bool(const EpochMetrics &)>;

/// Trains from `state` until `config.epochs` epochs are done. Throws
/// rt::Error when the loss becomes NaN or infinite.
void trainTokens(Model &model, const TokenTask &task, const TrainConfig &config,
                 TrainingState &state, const BatchCallback &onBatch,
                 const EpochCallback &onEpoch);

/// The generated forward over held-out rows, each from a zero state.
struct StreamResult {
  double loss = 0;                  // mean cross-entropy over all rows
  double accuracy = 0;              // argmax of the output equals the target
  std::vector<int32_t> predictions; // the argmax per step, row after row
};
/// On several ranks each evaluates its evenShare of `held`'s rows and the
/// loss and accuracy are summed over the ranks (the same figures as one
/// process); `predictions` are this rank's rows'.
StreamResult evaluateRows(Model &model, const std::string &inputName,
                          const std::string &targetName,
                          const TokenBatch &held);
/// One sequence (batch 1, state from zero).
StreamResult evaluateStream(Model &model, const std::string &inputName,
                            const std::string &targetName,
                            const std::vector<int32_t> &inputs,
                            const std::vector<int32_t> &targets);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_TRAINING_H
