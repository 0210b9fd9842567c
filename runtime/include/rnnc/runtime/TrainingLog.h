//===- TrainingLog.h - what `train` writes about each epoch ------*- C++ -*-===//
//
// The records of a training run that outlive it: one JSON line per epoch
// (`train --metrics`) and the loss and perplexity plot (`train --plot`).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_TRAININGLOG_H
#define RNNC_RUNTIME_TRAININGLOG_H

#include "rnnc/runtime/SvgPlot.h"
#include "rnnc/runtime/Task.h"
#include "rnnc/runtime/Training.h"

#include <string>
#include <vector>

namespace rnnc::rt {

/// The metrics line of epoch `m`: epoch, loss, perplexity, tokens_per_s,
/// grad_norm, seconds; on several ranks allreduce_bytes_per_step and
/// allreduce_ms_per_step; with held-out data val_loss, val_perplexity,
/// val_accuracy and the best epoch so far.
std::string metricsLine(const EpochMetrics &m, const BestEpoch &best);

/// Loss and perplexity per epoch, training and held out (a regression's
/// perplexity means nothing: series models get the loss panel alone).
std::vector<PlotPanel> trainingPlot(const std::string &modelName, Task task,
                                    const std::vector<EpochMetrics> &history);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_TRAININGLOG_H
