//===- SeriesCommands.h - the data and `predict` of series models ---------===//
//
// The series task's data (a seeded noisy sine, or a CSV column) and the
// `predict` subcommand: d2l 8.1's k-step-ahead predictions, their mean
// squared errors beside the naive "repeat the last value" predictor, and
// optionally a CSV of the truth and every k.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_DRIVER_SERIESCOMMANDS_H
#define RNNC_RUNTIME_DRIVER_SERIESCOMMANDS_H

#include "rnnc/runtime/SeriesTraining.h"

#include <nlohmann/json.hpp>

namespace rnnc::rt {

struct SeriesData {
  std::vector<float> series;
  Windows windows;
  int64_t trainSize = 0;
  std::string summary;
};

/// The series of the train block (`length`, `noise`, `train_size`), or
/// column 0 of the CSV file `dataPath`; windows of the model's tau.
SeriesData loadSeries(const Model &model, const nlohmann::json &train,
                      const std::string &dataPath, uint64_t seed);

/// `predict --load CKPT --k K...`: prints one JSON object with the MSE of
/// each k-step prediction and of the naive predictor; with `csvPath`,
/// writes t, truth and one column per k; with `plotPath`, draws them.
int runPredict(const std::string &load, const std::vector<int64_t> &ks,
               const std::string &csvPath, const std::string &plotPath,
               const std::string &dataPath, const nlohmann::json &train,
               uint64_t seed);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DRIVER_SERIESCOMMANDS_H
