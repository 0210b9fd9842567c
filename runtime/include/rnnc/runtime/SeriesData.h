//===- SeriesData.h - numeric series and their windows ---------*- C++ -*-===//
//
// d2l 8.1: the noisy sine x_t = sin(0.01 t) + N(0, 0.2) for t = 1..T, or a
// column of a CSV file; features are the tau values before each position,
// the label is the value at it.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SERIESDATA_H
#define RNNC_RUNTIME_SERIESDATA_H

#include <cstdint>
#include <string>
#include <vector>

namespace rnnc::rt {

/// sin(0.01 t) + N(0, noise^2) for t = 1..length, seeded.
std::vector<float> noisySine(int64_t length, double noise, uint64_t seed);

/// Column `column` (0-based) of a CSV file; a header line that does not
/// parse as numbers is skipped. Errors name the file, line and column.
std::vector<float> readCsvColumn(const std::string &path, int64_t column);

/// Windows of d2l 8.1: features[i] = x[i .. i+tau), labels[i] = x[i+tau],
/// for i = 0 .. length-tau-1; features are row-major [N, tau].
struct Windows {
  int64_t count = 0, tau = 0;
  std::vector<float> features, labels;
};
Windows makeWindows(const std::vector<float> &series, int64_t tau);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SERIESDATA_H
