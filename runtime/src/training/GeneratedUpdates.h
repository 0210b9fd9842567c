//===- GeneratedUpdates.h - the optimizer of a device build -----*- C++ -*-===//
//
// A model compiled for a device has its optimizer as generated functions
// (rnn-gpu-derive-parameter-updates: gradient_square_sum, sgd_update,
// adam_update), so that parameters, gradients and Adam's moments stay in
// device memory; applyStep (Training.h) calls them instead of the CPU
// loops of Optimizer.h, with the same arithmetic.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_GENERATEDUPDATES_H
#define RNNC_RUNTIME_GENERATEDUPDATES_H

#include "rnnc/runtime/Training.h"

namespace rnnc::rt {

/// Whether `model` updates its parameters through generated functions.
bool hasGeneratedUpdates(const Model &model);

/// Clips the gradients of `out` to config.clip (global norm) and takes one
/// SGD or Adam step on the model's parameters through the generated
/// functions; returns the norm before clipping.
double generatedUpdate(Model &model, const Model::Outputs &out,
                       const TrainConfig &config, TrainingState &state);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_GENERATEDUPDATES_H
