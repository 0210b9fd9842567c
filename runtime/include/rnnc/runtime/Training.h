//===- Training.h - the training loop of a language model --------*- C++
//-*-===//
//
// d2l's train_epoch_ch8 over a compiled model: minibatches from one of the
// two iterators, the state carried between batches for sequential
// partitioning (and reset for random sampling and at each epoch), one
// generated train_step per batch, global-norm clipping, SGD or Adam.
// Perplexity is exp of the mean per-token cross-entropy.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_TRAINING_H
#define RNNC_RUNTIME_TRAINING_H

#include "rnnc/runtime/LMIterators.h"
#include "rnnc/runtime/Model.h"

#include <functional>
#include <random>
#include <string>

namespace rnnc::rt {

struct TrainConfig {
  int64_t epochs = 1, batch = 32, steps = 35;
  double lr = 1.0, clip = 0.0; // clip 0: no clipping
  std::string optimizer = "sgd";
  Sampling sampling = Sampling::Sequential;
};

struct EpochMetrics {
  int64_t epoch = 0;
  double loss = 0, perplexity = 0;
  double valLoss = 0, valPerplexity = 0; // 0 without a validation stream
  double tokensPerSecond = 0, gradNorm = 0, seconds = 0;
};

/// Everything that carries from one epoch to the next; saved with
/// --save and restored by --resume, so a resumed run continues exactly.
struct TrainingState {
  int64_t epoch = 0; // epochs completed
  std::mt19937_64 rng;
  Adam adam{0};
};

/// Progress within an epoch: batches done of total, running loss.
using BatchCallback =
    std::function<void(int64_t done, int64_t total, double meanLoss)>;
/// Called after each epoch; returning false stops training.
using EpochCallback = std::function<bool(const EpochMetrics &)>;

/// Trains from `state` until `config.epochs` epochs are done. Throws
/// rt::Error when the loss becomes NaN or infinite.
void trainLanguageModel(Model &model, const std::vector<int32_t> &train,
                        const std::vector<int32_t> &validation,
                        const TrainConfig &config, TrainingState &state,
                        const BatchCallback &onBatch,
                        const EpochCallback &onEpoch);

/// Mean cross-entropy of every next-token prediction in `stream`, run as
/// one sequence (batch 1) with the state carried from zero.
double evaluateLanguageModel(Model &model, const std::vector<int32_t> &stream);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_TRAINING_H
