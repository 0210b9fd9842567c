//===- SeriesData.cpp - numeric series and their windows
//-------------------===//
//
// See SeriesData.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/SeriesData.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/TextData.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <random>

namespace rnnc::rt {

std::vector<float> noisySine(int64_t length, double noise, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<float> series(length);
  for (int64_t t = 1; t <= length; ++t) {
    // Box-Muller on the raw generator: the same numbers everywhere.
    double u1 = (static_cast<double>(rng() >> 11) + 1) * 0x1.0p-53;
    double u2 = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    double gaussian = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    series[t - 1] = static_cast<float>(std::sin(0.01 * t) + noise * gaussian);
  }
  return series;
}

std::vector<float> readCsvColumn(const std::string &path, int64_t column) {
  std::string text = readTextFile(path);
  std::vector<float> values;
  size_t start = 0;
  for (int64_t line = 1; start < text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    std::string row = text.substr(start, end - start);
    start = end + 1;
    if (!row.empty() && row.back() == '\r')
      row.pop_back();
    if (row.empty())
      continue;
    std::vector<std::string> cells;
    size_t cellStart = 0;
    while (true) {
      size_t comma = row.find(',', cellStart);
      cells.push_back(row.substr(cellStart, comma - cellStart));
      if (comma == std::string::npos)
        break;
      cellStart = comma + 1;
    }
    if (column >= static_cast<int64_t>(cells.size()))
      fail(path, fmt::format("line {}: no column {} (the line has {} "
                             "columns)",
                             line, column + 1, cells.size()));
    const std::string &cell = cells[column];
    char *endPtr = nullptr;
    double value = std::strtod(cell.c_str(), &endPtr);
    bool parsed = endPtr != cell.c_str() && *endPtr == '\0';
    if (!parsed) {
      if (values.empty() && line == 1)
        continue; // a header
      fail(path, fmt::format("line {}, column {}: '{}' is not a number", line,
                             column + 1, cell));
    }
    values.push_back(static_cast<float>(value));
  }
  if (values.empty())
    fail(path, "no numbers found");
  return values;
}

Windows makeWindows(const std::vector<float> &series, int64_t tau) {
  Windows windows;
  windows.tau = tau;
  int64_t length = static_cast<int64_t>(series.size());
  if (tau < 1 || length <= tau)
    throw Error(fmt::format("a series of {} values has no windows of {} "
                            "values followed by a label",
                            length, tau));
  windows.count = length - tau;
  windows.features.resize(windows.count * tau);
  for (int64_t i = 0; i < windows.count; ++i) {
    for (int64_t j = 0; j < tau; ++j)
      windows.features[i * tau + j] = series[i + j];
    windows.labels.push_back(series[i + tau]);
  }
  return windows;
}

} // namespace rnnc::rt
