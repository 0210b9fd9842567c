//===- GradCheck.h - derived gradients against finite differences -*- C++
//-*-===//
//
// `./model gradcheck`: the gradients of the generated train_step against
// five-point central finite differences of the generated forward, on random
// inputs of a small size with weights drawn from N(0, s^2), s = min(0.3,
// 1/sqrt(largest dimension)), for every parameter
// (all entries of a small one, a seeded sample of a large one); and the
// derived single-step function against forward.
//
// The loss differentiated is forward's, or, for a model with dropout,
// train_step's own loss under one fixed dropout mask: the training-step
// counter the masks are drawn from is set to the same value before every
// call, so every evaluation (and the f32 and f64 builds) sees the same mask.
//
// Non-smooth activations (relu, abs, max) have kinks. An entry whose
// stencil disagrees with the derived gradient is looked at again: when its
// one-sided differences (left and right of the point, second order)
// disagree, the stencil crossed a kink, and the entry is re-checked with
// steps 10, 100 and 1000 times smaller until one no longer crosses it. An
// entry whose one-sided differences agree keeps its error: a wrong gradient
// of a smooth function fails, and a wrong one at a kink fails at every step
// too (a smaller stencil only gets closer to the true derivative).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_GRADCHECK_H
#define RNNC_RUNTIME_GRADCHECK_H

#include "rnnc/runtime/Model.h"

#include <map>
#include <string>
#include <vector>

namespace rnnc::rt {

struct GradCheckOptions {
  int64_t steps = 4, batch = 2;
  /// The size of every other symbolic dimension (V, C, ...).
  int64_t otherDims = 5;
  /// Entries checked per parameter at most.
  int64_t entries = 24;
  /// Step of the five-point central differences; 0 picks 1e-3 (f64) or
  /// 1e-2 (an f32 build checked on its own).
  double eps = 0;
  /// Largest relative error accepted (against finite differences).
  double tolerance = 1e-6;
  uint64_t seed = 0;
};

struct ParamCheck {
  std::string name;
  int64_t checked = 0;
  double maxRelativeError = 0, maxAbsoluteError = 0;
  /// Entries whose stencil crossed a kink and were re-checked with a
  /// smaller step, and the smallest step that took.
  int64_t kinks = 0;
  double smallestStep = 0;
};

/// Random inputs and states of one gradcheck, sized by the options.
struct GradCheckProblem {
  std::map<std::string, Tensor> inputs; // inputs and targets by name
  std::vector<Tensor> states;
};

/// Binds the model's dimensions, draws its weights (see above) and random
/// inputs and states.
GradCheckProblem randomProblem(Model &model, const GradCheckOptions &options);

/// The relative error of an entry is
/// |analytic - numeric| / max(|analytic|, |numeric|, 1e-3 * scale, 1e-6),
/// where scale is the largest gradient magnitude of that parameter: an
/// entry that is zero up to rounding is judged against its parameter's
/// scale, and one below 1e-6 against 1e-6 (the differences of an O(1) loss
/// carry rounding noise of about 1e-12 in f64).
std::vector<ParamCheck> checkAgainstDifferences(Model &model,
                                                const GradCheckProblem &problem,
                                                const GradCheckOptions &options);

/// The gradients of `model` (the f32 build) against those of `reference`
/// (the f64 build) on `problem` with the reference's weights, both cast
/// to each build's element type; errors measured as above.
std::vector<ParamCheck> checkAgainstReference(Model &model, Model &reference,
                                              const GradCheckProblem &problem);

/// The reference's (the f64 build's) gradients on `problem`, by parameter:
/// what checkAgainstReference compares with, and what
/// `gradcheck --save-reference` writes for another build of the model to
/// be compared with (a GPU build against the CPU's f64 gradients).
std::vector<Tensor> referenceGradients(Model &reference,
                                       const GradCheckProblem &problem);

/// checkAgainstReference against given gradients (referenceGradients of
/// this or another build of the model on the same problem) instead of the
/// reference's own.
std::vector<ParamCheck>
checkAgainstGradients(Model &model, Model &reference,
                      const GradCheckProblem &problem,
                      const std::vector<Tensor> &gradients);

/// The options that fix a gradcheck's problem ("steps=4 batch=2 dims=5
/// seed=0"): a saved reference is of the problem its text names.
std::string problemKey(const GradCheckOptions &options);

/// `gradcheck --save-reference`: the f64 gradients on a problem (by
/// parameter, as referenceGradients gives them) to `path` as safetensors
/// named as the parameters, with the model's name and the problem's key.
void saveReference(const std::string &path, const Model &reference,
                   const std::vector<Tensor> &gradients,
                   const GradCheckOptions &options);

/// `gradcheck --reference`: gradients another build of `model` saved for
/// the problem of `options`; anything else (another model or problem, a
/// file that is not a reference) is an rt::Error naming the file.
std::vector<Tensor> loadReference(const std::string &path, const Model &model,
                                  const GradCheckOptions &options);

/// The largest absolute difference between `forward` over the problem's
/// T steps and the derived `step` (rnn-derive-step) called once per time
/// step from the same initial states: every step's outputs and the final
/// states. `model` takes the reference's weights as above.
double checkStep(Model &model, Model &reference,
                 const GradCheckProblem &problem);

/// checkStep for `step_single` (rnn-specialise-single-stream: the step
/// with B = 1), called on each row of the problem's batch in turn against
/// that row of forward's.
double checkSingleStep(Model &model, Model &reference,
                       const GradCheckProblem &problem);

/// The same for a seq2seq model's decoder step (rnn-derive-decoder-step):
/// `encode` from the forward's initial states, then `decode_step` once per
/// time step of the problem's decoder input, each step's logits against
/// forward's at that step.
double checkDecoderStep(Model &model, Model &reference,
                        const GradCheckProblem &problem);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_GRADCHECK_H
