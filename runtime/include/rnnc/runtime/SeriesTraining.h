//===- SeriesTraining.h - training and predicting a series model -*- C++
//-*-===//
//
// The series task (d2l 8.1): windows of tau values predict the next one.
// The first `trainSize` windows train (shuffled minibatches each epoch, the
// last one smaller, as PyTorch's DataLoader), the rest are held out; the
// loss is the model's (mse). k-step prediction feeds the model's own
// predictions back as inputs.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SERIESTRAINING_H
#define RNNC_RUNTIME_SERIESTRAINING_H

#include "rnnc/runtime/SeriesData.h"
#include "rnnc/runtime/Training.h"

namespace rnnc::rt {

/// The window length: the static last dimension of the model's input.
int64_t seriesTau(const Model &model);

/// Trains on windows [0, trainSize) of `windows`; the held-out loss is the
/// model's loss over the remaining windows. Perplexity fields hold exp of
/// the loss, like the token tasks.
void trainSeries(Model &model, const Windows &windows, int64_t trainSize,
                 const TrainConfig &config, TrainingState &state,
                 const EpochCallback &onEpoch);

/// The model's one-step prediction from one window of tau values.
float predictNext(Model &model, const float *window);

/// Mean squared error of `predictions` against series[tau + k - 1 + i].
double kStepError(const std::vector<float> &series, int64_t tau, int64_t k,
                  const std::vector<float> &predictions);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SERIESTRAINING_H
