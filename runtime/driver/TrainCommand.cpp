//===- TrainCommand.cpp - `train`, for every task ---------------------------===//
//
// What every task's `train` shares (resume or initialise, progress,
// metrics, checkpoints of the last and the best epoch, early stopping, the
// loss plot) around each task's data and training loop.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "rnnc/runtime/CompiledModel.h"
#include "Progress.h"
#include "Seq2SeqCommands.h"
#include "SeriesCommands.h"
#include "TokenData.h"

#include "rnnc/runtime/Checkpoint.h"
#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/SvgPlot.h"
#include "rnnc/runtime/TrainingLog.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>

namespace rnnc::rt {
namespace {

using nlohmann::json;

/// One task's training loop: runs `state` forward with the two callbacks.
using TrainingLoop = std::function<void(TrainingState &, const BatchCallback &,
                                        const EpochCallback &)>;

/// What every task's `train` shares: resume or initialise, the progress
/// output, the metrics file, a checkpoint after every epoch (--save) and
/// one of the best epoch by held-out loss (--save-best), early stopping
/// (--patience), and keeping the last good checkpoint when training
/// diverges.
int runTraining(const TrainFlags &flags, Model &model, const Vocab &vocab,
                const std::vector<std::string> &labels,
                const std::string &summary, const TrainingLoop &loop) {
  TrainingState state;
  state.rng.seed(flags.seed);
  // A checkpoint's weights, for a vocabulary that must be the data's.
  auto loadWeights = [&](const std::string &path) {
    Vocab saved = loadCheckpoint(path, model);
    if (saved.allTokens() != vocab.allTokens())
      throw Error(fmt::format("{}: its vocabulary ({} tokens) differs from "
                              "the one of the training data ({} tokens)",
                              path, saved.size(), vocab.size()));
  };
  if (!flags.resume.empty()) {
    loadWeights(flags.resume);
    state = loadTrainingState(trainingStatePath(flags.resume));
    rnnc_rt_training_step = state.trainingStep; // dropout masks continue
  } else if (!flags.init.empty()) {
    loadWeights(flags.init);
  } else {
    model.initParams(flags.seed);
  }

  // Rank 0 alone writes (metrics, plot, checkpoints); every rank computes.
  bool writes = Ranks::world().isRoot();
  auto openLog = [&](const std::string &path, std::ofstream &log) {
    if (path.empty() || !writes)
      return;
    log.open(path, flags.resume.empty() ? std::ios::trunc : std::ios::app);
    if (!log)
      throw Error(fmt::format("{}: cannot write the metrics file", path));
  };
  std::ofstream metrics, batchMetrics;
  openLog(flags.metrics, metrics);
  openLog(flags.batchMetrics, batchMetrics);
  fmt::print("{}: {} parameters, {}\n", model.manifest().name,
             model.numParamElements(), summary);
  Progress progress(flags.config.epochs, flags.quiet);
  int64_t epochNow = state.epoch + 1;
  int64_t savedEpoch = flags.resume.empty() ? 0 : state.epoch;
  std::vector<EpochMetrics> history; // this run's epochs, for --plot
  try {
    loop(
        state,
        [&](int64_t done, int64_t total, double meanLoss, double batchLoss) {
          progress.batch(epochNow, done, total, meanLoss);
          if (batchMetrics.is_open())
            batchMetrics << json{{"epoch", epochNow},
                                 {"batch", done},
                                 {"loss", batchLoss}}
                                .dump()
                         << "\n";
        },
        [&](const EpochMetrics &m) {
          bool best = state.best.record(m);
          if (m.valPerplexity <= 0 &&
              (!flags.saveBest.empty() || flags.patience > 0))
            throw Error("--save-best and --patience compare epochs on "
                        "held-out data, and this run has none (pass "
                        "--val-split with a positive fraction)");
          progress.epoch(m, state.best);
          epochNow = m.epoch + 1;
          if (metrics.is_open())
            metrics << metricsLine(m, state.best) << "\n" << std::flush;
          history.push_back(m);
          if (!flags.plot.empty() && writes)
            writeSvgPlot(flags.plot,
                         trainingPlot(model.manifest().name,
                                      model.manifest().task, history));
          state.trainingStep = rnnc_rt_training_step;
          if (!flags.save.empty()) {
            if (writes) {
              saveCheckpoint(flags.save, model, vocab, labels);
              saveTrainingState(trainingStatePath(flags.save), state);
            }
            savedEpoch = m.epoch;
          }
          if (best && !flags.saveBest.empty() && writes)
            saveCheckpoint(flags.saveBest, model, vocab, labels);
          if (state.best.exhausted(flags.patience)) {
            fmt::print("stopping early: no better held-out loss in {} "
                       "epochs\n",
                       flags.patience);
            return false;
          }
          return true;
        });
  } catch (const Error &e) {
    // A diverged run leaves the checkpoint of its last good epoch alone.
    if (flags.save.empty() || savedEpoch == 0)
      throw;
    throw Error(fmt::format("{}; '{}' keeps the weights after epoch {}",
                            e.what(), flags.save, savedEpoch));
  }
  if (state.best.epoch > 0)
    fmt::print("best epoch {}: held-out perplexity {:.2f} (loss {:.4f}){}\n",
               state.best.epoch, state.best.valPerplexity,
               state.best.valLoss,
               flags.saveBest.empty()
                   ? ""
                   : fmt::format(", weights in {}", flags.saveBest));
  return 0;
}

} // namespace

int trainCommand(const Flags &allFlags, const ModelFile &modelFile) {
  const TrainFlags &flags = allFlags.train;
  json trainOptions = modelFile.train;
  trainOptions["pairs"] = flags.pairs;
  Model model = compiledModel();
  TrainConfig config = flags.config;
  config.threads = allFlags.threads;
  config.sampling =
      flags.sampling == "random" ? Sampling::Random : Sampling::Sequential;
  if (model.manifest().task == Task::Seq2Seq) {
    // Held out only when asked for (d2l trains on all its pairs).
    Seq2SeqData data =
        loadSeq2Seq(trainOptions, flags.data,
                    flags.valSplitGiven ? flags.valSplit : 0, flags.seed);
    model.dims()["V_src"] = int64_t(data.vocabs.source.size());
    model.dims()["V_tgt"] = int64_t(data.vocabs.target.size());
    return runTraining(flags, model, data.vocabs.source,
                       data.vocabs.target.allTokens(), data.summary,
                       [&](TrainingState &state, const BatchCallback &onBatch,
                           const EpochCallback &onEpoch) {
                         trainSeq2Seq(model, data.train, data.vocabs, config,
                                      state, onBatch, onEpoch);
                       });
  }
  if (model.manifest().task == Task::Series) {
    SeriesData data = loadSeries(model, trainOptions, flags.data, flags.seed);
    return runTraining(flags, model, Vocab(), {}, data.summary,
                       [&](TrainingState &state, const BatchCallback &,
                           const EpochCallback &onEpoch) {
                         trainSeries(model, data.windows, data.trainSize,
                                     config, state, onEpoch);
                       });
  }
  TokenData data =
      loadTokenData(model, trainOptions, flags.data, flags.valSplit, config);
  return runTraining(flags, model, data.vocab, data.labels, data.summary,
                     [&](TrainingState &state, const BatchCallback &onBatch,
                         const EpochCallback &onEpoch) {
                       trainTokens(model, data.task, config, state, onBatch,
                                   onEpoch);
                     });
}


} // namespace rnnc::rt
