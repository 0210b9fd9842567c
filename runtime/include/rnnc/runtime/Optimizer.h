//===- Optimizer.h - parameter updates and gradient clipping ---*- C++ -*-===//
//
// SGD and Adam over flat float32 parameter tensors, and d2l's global-norm
// clipping g <- min(1, theta / ||g||) g over all gradients together. Adam
// follows torch.optim.Adam (bias-corrected moments, eps added after the
// square root); its moments are training state, saved apart from weights.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_OPTIMIZER_H
#define RNNC_RUNTIME_OPTIMIZER_H

#include "rnnc/runtime/Tensor.h"

#include <cstdint>
#include <vector>

namespace rnnc::rt {

/// One parameter tensor and its gradient, both `size` floats.
struct ParamSlot {
  float *value;
  float *grad;
  int64_t size;
};

/// The L2 norm of all gradients together.
double globalGradNorm(const std::vector<ParamSlot> &params);

/// Scales every gradient by min(1, theta / norm); returns the norm before
/// clipping. theta <= 0 disables clipping.
double clipGradients(const std::vector<ParamSlot> &params, double theta);

struct SGD {
  double lr;
  void step(const std::vector<ParamSlot> &params) const;
};

/// The numbers of one Adam step, in f32 (what the update computes with).
struct AdamCoefficients {
  float b1, b2, stepSize, sqrtCorrection2, eps;
};

struct Adam {
  double lr = 0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  int64_t t = 0;
  /// First and second moments, one f32 tensor per parameter (zero, created
  /// by the first step; flat, or shaped as the parameter by a device
  /// build's generated update).
  std::vector<Tensor> m, v;
  void step(const std::vector<ParamSlot> &params);
  /// Counts a step and gives its coefficients (step size lr / (1 -
  /// beta1^t), sqrt(1 - beta2^t)).
  AdamCoefficients nextStep();
};

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_OPTIMIZER_H
