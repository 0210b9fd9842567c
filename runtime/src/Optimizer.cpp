//===- Optimizer.cpp - parameter updates and gradient clipping
//-------------===//
//
// See Optimizer.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Optimizer.h"
#include "rnnc/runtime/ParameterVersion.h"

#include <cmath>

namespace rnnc::rt {

namespace {
/// The sum of squares of `n` floats, in double. Eight partial sums: one
/// running sum is a chain of dependent additions that cannot be
/// vectorised (its order is fixed), and cost 1.2% of an LSTM 256 training
/// step (perf, docs/performance.md).
double sumOfSquares(const float *values, int64_t n) {
  constexpr int64_t kLanes = 8;
  double lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int64_t l = 0; l < kLanes; ++l)
      lanes[l] += static_cast<double>(values[i + l]) * values[i + l];
  double sum = 0;
  for (; i < n; ++i)
    sum += static_cast<double>(values[i]) * values[i];
  for (double lane : lanes)
    sum += lane;
  return sum;
}
} // namespace

double globalGradNorm(const std::vector<ParamSlot> &params) {
  double sum = 0;
  for (const ParamSlot &p : params)
    sum += sumOfSquares(p.grad, p.size);
  return std::sqrt(sum);
}

double clipGradients(const std::vector<ParamSlot> &params, double theta) {
  double norm = globalGradNorm(params);
  if (theta <= 0 || norm <= theta)
    return norm;
  float scale = static_cast<float>(theta / norm);
  for (const ParamSlot &p : params)
    for (int64_t i = 0; i < p.size; ++i)
      p.grad[i] *= scale;
  return norm;
}

void SGD::step(const std::vector<ParamSlot> &params) const {
  parametersMayChange();
  float rate = static_cast<float>(lr);
  for (const ParamSlot &p : params)
    for (int64_t i = 0; i < p.size; ++i)
      p.value[i] -= rate * p.grad[i];
}

void Adam::step(const std::vector<ParamSlot> &params) {
  parametersMayChange();
  if (m.empty()) {
    for (const ParamSlot &p : params) {
      m.emplace_back(p.size, 0.0f);
      v.emplace_back(p.size, 0.0f);
    }
  }
  ++t;
  double correction1 = 1.0 - std::pow(beta1, static_cast<double>(t));
  double correction2 = 1.0 - std::pow(beta2, static_cast<double>(t));
  float stepSize = static_cast<float>(lr / correction1);
  float sqrtCorrection2 = static_cast<float>(std::sqrt(correction2));
  float b1 = static_cast<float>(beta1), b2 = static_cast<float>(beta2);
  for (size_t k = 0; k < params.size(); ++k) {
    const ParamSlot &p = params[k];
    float *mk = m[k].data(), *vk = v[k].data();
    for (int64_t i = 0; i < p.size; ++i) {
      float g = p.grad[i];
      mk[i] = b1 * mk[i] + (1 - b1) * g;
      vk[i] = b2 * vk[i] + (1 - b2) * g * g;
      float denom =
          std::sqrt(vk[i]) / sqrtCorrection2 + static_cast<float>(eps);
      p.value[i] -= stepSize * mk[i] / denom;
    }
  }
}

} // namespace rnnc::rt
