//===- Optimizer.cpp - parameter updates and gradient clipping ------------===//
//
// See Optimizer.h. The loops over all parameters are vector code for the
// CPU at hand: the runtime is built for baseline x86-64 (SSE2), so they
// are compiled three times (AVX-512, AVX2, baseline) and the loader picks
// (RNNC_VECTOR_CLONES). They run once per training step over every
// parameter; Adam's, scalar before (libm's errno kept sqrt from
// vectorising), was 8% of a seq2seq step (perf, docs/performance.md).
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Optimizer.h"
#include "rnnc/runtime/ParameterVersion.h"

#include <cmath>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define RNNC_VECTOR_CLONES                                                     \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define RNNC_VECTOR_CLONES
#endif

namespace rnnc::rt {

namespace {
/// The sum of squares of `n` floats, in double. Eight partial sums: one
/// running sum is a chain of dependent additions that cannot be
/// vectorised (its order is fixed), and cost 1.2% of an LSTM 256 training
/// step (perf, docs/performance.md).
RNNC_VECTOR_CLONES double sumOfSquares(const float *values, int64_t n) {
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

RNNC_VECTOR_CLONES void scale(float *values, int64_t n, float factor) {
  for (int64_t i = 0; i < n; ++i)
    values[i] *= factor;
}

RNNC_VECTOR_CLONES void descend(float *__restrict value,
                                const float *__restrict grad, int64_t n,
                                float rate) {
  for (int64_t i = 0; i < n; ++i)
    value[i] -= rate * grad[i];
}

/// Adam's update of one parameter and its moments (see Adam::step).
RNNC_VECTOR_CLONES void adamUpdate(float *__restrict value,
                                   const float *__restrict grad,
                                   float *__restrict m, float *__restrict v,
                                   int64_t n, AdamCoefficients c) {
  for (int64_t i = 0; i < n; ++i) {
    float g = grad[i];
    m[i] = c.b1 * m[i] + (1 - c.b1) * g;
    v[i] = c.b2 * v[i] + (1 - c.b2) * g * g;
    float denom = std::sqrt(v[i]) / c.sqrtCorrection2 + c.eps;
    value[i] -= c.stepSize * m[i] / denom;
  }
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
  float factor = static_cast<float>(theta / norm);
  for (const ParamSlot &p : params)
    scale(p.grad, p.size, factor);
  return norm;
}

void SGD::step(const std::vector<ParamSlot> &params) const {
  parametersMayChange();
  float rate = static_cast<float>(lr);
  for (const ParamSlot &p : params)
    descend(p.value, p.grad, p.size, rate);
}

AdamCoefficients Adam::nextStep() {
  ++t;
  double correction1 = 1.0 - std::pow(beta1, static_cast<double>(t));
  double correction2 = 1.0 - std::pow(beta2, static_cast<double>(t));
  return {static_cast<float>(beta1), static_cast<float>(beta2),
          static_cast<float>(lr / correction1),
          static_cast<float>(std::sqrt(correction2)), static_cast<float>(eps)};
}

void Adam::step(const std::vector<ParamSlot> &params) {
  parametersMayChange();
  if (m.empty()) {
    for (const ParamSlot &p : params) {
      m.emplace_back(DType::F32, std::vector<int64_t>{p.size});
      v.emplace_back(DType::F32, std::vector<int64_t>{p.size});
    }
  }
  AdamCoefficients c = nextStep();
  for (size_t k = 0; k < params.size(); ++k)
    adamUpdate(params[k].value, params[k].grad, m[k].data<float>(),
               v[k].data<float>(), params[k].size, c);
}

} // namespace rnnc::rt
