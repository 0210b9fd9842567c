//===- SeriesCommands.cpp - the data and `predict` of series models -------===//
//
// See SeriesCommands.h.
//
//===----------------------------------------------------------------------===//

#include "SeriesCommands.h"

#include "Commands.h"

#include "rnnc/runtime/CompiledModel.h"

#include "rnnc/runtime/Checkpoint.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Generation.h"
#include "rnnc/runtime/SvgPlot.h"

#include <fmt/format.h>

#include <fstream>

namespace rnnc::rt {

using nlohmann::json;

SeriesData loadSeries(const Model &model, const json &train,
                      const std::string &dataPath, uint64_t seed) {
  SeriesData data;
  data.series = dataPath.empty()
                    ? noisySine(train.value("length", int64_t(1000)),
                                train.value("noise", 0.2), seed)
                    : readCsvColumn(dataPath, 0);
  int64_t tau = seriesTau(model);
  data.windows = makeWindows(data.series, tau);
  data.trainSize =
      std::min(train.value("train_size", int64_t(600)), data.windows.count);
  data.summary = fmt::format("{} values, windows of {}, {} training and {} "
                             "held-out windows",
                             data.series.size(), tau, data.trainSize,
                             data.windows.count - data.trainSize);
  return data;
}

int runPredict(const std::string &load, const std::vector<int64_t> &ks,
               const std::string &csvPath, const std::string &plotPath,
               const std::string &dataPath, const json &train, uint64_t seed) {
  Model model = compiledModelFor(Task::Series, "predict");
  loadCheckpoint(load, model);
  SeriesData data = loadSeries(model, train, dataPath, seed);
  int64_t tau = data.windows.tau;
  std::vector<std::vector<float>> predictions =
      kStepPredictions(data.series, tau, ks, [&](const float *window) {
        return predictNext(model, window);
      });

  // The naive predictor repeats the last value it saw: k steps ahead of
  // window i that is series[tau - 1 + i].
  json report{{"windows", predictions.front().size()}};
  for (size_t j = 0; j < ks.size(); ++j) {
    std::vector<float> naive(predictions[j].size());
    for (size_t i = 0; i < naive.size(); ++i)
      naive[i] = data.series[tau - 1 + i];
    report[fmt::format("mse_k{}", ks[j])] =
        kStepError(data.series, tau, ks[j], predictions[j]);
    report[fmt::format("naive_mse_k{}", ks[j])] =
        kStepError(data.series, tau, ks[j], naive);
  }
  fmt::print("{}\n", report.dump());

  if (!plotPath.empty()) {
    PlotPanel panel{model.manifest().name + ": k-step-ahead predictions",
                    "time",
                    "value",
                    {}};
    PlotLine truth{"data", {}, {}};
    for (size_t t = 0; t < data.series.size(); ++t) {
      truth.xs.push_back(double(t));
      truth.ys.push_back(data.series[t]);
    }
    panel.lines.push_back(truth);
    for (size_t j = 0; j < ks.size(); ++j) {
      PlotLine line{fmt::format("{}-step", ks[j]), {}, {}};
      for (size_t i = 0; i < predictions[j].size(); ++i) {
        line.xs.push_back(double(tau + ks[j] - 1 + int64_t(i)));
        line.ys.push_back(predictions[j][i]);
      }
      panel.lines.push_back(line);
    }
    writeSvgPlot(plotPath, {panel});
  }

  if (!csvPath.empty()) {
    std::ofstream csv(csvPath);
    if (!csv)
      throw Error(fmt::format("{}: cannot write the predictions", csvPath));
    csv << "t,truth";
    for (int64_t k : ks)
      csv << ",k" << k;
    csv << "\n";
    for (size_t t = 0; t < data.series.size(); ++t) {
      csv << t << "," << data.series[t];
      for (size_t j = 0; j < ks.size(); ++j) {
        // Prediction i of k lands on time tau + k - 1 + i.
        int64_t i = int64_t(t) - tau - ks[j] + 1;
        csv << ",";
        if (i >= 0 && i < int64_t(predictions[j].size()))
          csv << predictions[j][i];
      }
      csv << "\n";
    }
  }
  return 0;
}

int predictCommand(const Flags &flags, const ModelFile &model) {
  const PredictFlags &pf = flags.predict;
  return runPredict(pf.load, pf.ks, pf.csv, pf.plot, pf.data, model.train,
                    pf.seed);
}

} // namespace rnnc::rt
