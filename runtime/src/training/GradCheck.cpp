//===- GradCheck.cpp - derived functions against their definitions -------===//
//
// See GradCheck.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/GradCheck.h"

#include "BatchRows.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Runtime.h"
#include "rnnc/runtime/Safetensors.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <numeric>
#include <random>

namespace rnnc::rt {

namespace {
double get(const Tensor &t, int64_t i) {
  return t.dtype() == DType::F64 ? t.data<double>()[i]
                                 : double(t.data<float>()[i]);
}
void set(Tensor &t, int64_t i, double v) {
  if (t.dtype() == DType::F64)
    t.data<double>()[i] = v;
  else
    t.data<float>()[i] = static_cast<float>(v);
}

bool isFloat(DType d) { return d == DType::F32 || d == DType::F64; }

/// `t` with floating-point elements of `dtype` (integers unchanged).
Tensor castTo(const Tensor &t, DType dtype) {
  if (!isFloat(t.dtype()) || t.dtype() == dtype)
    return t;
  Tensor out(dtype, t.shape());
  for (int64_t i = 0; i < t.numElements(); ++i)
    set(out, i, get(t, i));
  return out;
}

/// Random values for a tensor argument: ids below `idLimit` for integer
/// tensors, N(0, 0.5) for floating-point ones.
Tensor randomTensor(const TensorSpec &spec, const DimBindings &dims,
                    int64_t idLimit, std::mt19937_64 &rng) {
  Tensor t(spec.dtype, spec.shapeUnder(dims));
  std::normal_distribution<double> normal(0.0, 0.5);
  std::uniform_int_distribution<int64_t> id(0, idLimit - 1);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    switch (spec.dtype) {
    case DType::I32:
      t.data<int32_t>()[i] = static_cast<int32_t>(id(rng));
      break;
    case DType::I64:
      t.data<int64_t>()[i] = id(rng);
      break;
    default:
      set(t, i, normal(rng));
    }
  }
  return t;
}

/// The relative error of one entry (GradCheck.h).
double relativeError(double exact, double other, double scale) {
  double denom =
      std::max({std::fabs(exact), std::fabs(other), 1e-3 * scale, 1e-6});
  return std::fabs(exact - other) / denom;
}

double largestMagnitude(const Tensor &t) {
  double scale = 0;
  for (int64_t i = 0; i < t.numElements(); ++i)
    scale = std::max(scale, std::fabs(get(t, i)));
  return scale;
}

NamedTensors view(const std::map<std::string, Tensor> &inputs) {
  NamedTensors named;
  for (const auto &[name, t] : inputs)
    named[name] = &t;
  return named;
}

/// The training step gradcheck holds the mask counter at: every call draws
/// the dropout masks of this step.
constexpr int64_t kFixedMaskStep = 0;

/// train_step on the problem, its dropout masks those of kFixedMaskStep.
Model::Outputs trainStepWithFixedMask(Model &model, const NamedTensors &inputs,
                                      const std::vector<Tensor> &states) {
  rnnc_rt_training_step = kFixedMaskStep;
  return model.call("train_step", inputs, states);
}

/// The loss of the model at its current weights, the one train_step
/// differentiates: forward's, or train_step's own under the fixed dropout
/// mask when the model applies dropout in training (forward does not).
double trainingLoss(Model &model, const NamedTensors &inputs,
                    const std::vector<Tensor> &states) {
  if (model.manifest().dropout)
    return trainStepWithFixedMask(model, inputs, states).loss;
  return model.call("forward", inputs, states).loss;
}

/// The loss at x - 2h, x - h, x, x + h and x + 2h along one weight, and
/// the derivative estimates they give.
struct Stencil {
  double h, minus2, minus1, centre, plus1, plus2;
  /// Five-point central difference, error O(h^4).
  double central() const {
    return (8 * (plus1 - minus1) - (plus2 - minus2)) / (12 * h);
  }
  /// Second-order one-sided differences, error O(h^2) on smooth ground.
  double right() const { return (-3 * centre + 4 * plus1 - plus2) / (2 * h); }
  double left() const { return (3 * centre - 4 * minus1 + minus2) / (2 * h); }
};

/// Re-checks at steps 10, 100 and 1000 times smaller than the first.
constexpr int kRefinements = 3;
} // namespace

GradCheckProblem randomProblem(Model &model, const GradCheckOptions &options) {
  const Manifest &manifest = model.manifest();
  const FunctionSpec *forward = manifest.function("forward");
  if (!forward || !manifest.function("train_step"))
    throw Error("the model has no forward and train_step to compare");
  const std::string &train = manifest.trainOptions;
  if (train.find("\"bptt\":\"truncated\"") != std::string::npos ||
      train.find("\"bptt\":\"randomized\"") != std::string::npos)
    throw Error("the model truncates BPTT (its train block's bptt), so its "
                "gradients are not those of the loss; gradcheck needs full "
                "BPTT");

  DimBindings &dims = model.dims();
  for (const TensorSpec &arg : forward->args)
    if (arg.isDim())
      dims[arg.name] = arg.name == "T"   ? options.steps
                       : arg.name == "B" ? options.batch
                                         : options.otherDims;
  std::mt19937_64 rng(options.seed);
  // Weights of N(0, s^2), s = min(0.3, 1/sqrt(largest dimension)), rather
  // than the model's initialisers: gradients far above the rounding noise
  // of the loss differences, activations away from saturation.
  model.initParams(options.seed);
  for (Tensor &param : model.params()) {
    int64_t largest = 1;
    for (int64_t d : param.shape())
      largest = std::max(largest, d);
    std::normal_distribution<double> weight(
        0.0, std::min(0.3, 1.0 / std::sqrt(double(largest))));
    for (int64_t i = 0; i < param.numElements(); ++i)
      set(param, i, weight(rng));
  }

  GradCheckProblem problem;
  for (const TensorSpec &arg : forward->args) {
    if (arg.isDim() || arg.role == "param")
      continue;
    Tensor t = randomTensor(arg, dims, options.otherDims, rng);
    if (arg.role == "state_in")
      problem.states.push_back(std::move(t));
    else
      problem.inputs.emplace(arg.name, std::move(t));
  }
  return problem;
}

std::vector<ParamCheck>
checkAgainstDifferences(Model &model, const GradCheckProblem &problem,
                        const GradCheckOptions &options) {
  NamedTensors inputs = view(problem.inputs);
  Model::Outputs analytic =
      trainStepWithFixedMask(model, inputs, problem.states);
  bool f64 =
      !model.params().empty() && model.params().front().dtype() == DType::F64;
  double eps = options.eps > 0 ? options.eps : f64 ? 1e-3 : 1e-2;
  std::mt19937_64 rng(options.seed + 1);

  std::vector<ParamCheck> report;
  for (size_t p = 0; p < model.params().size(); ++p) {
    Tensor &param = model.params()[p];
    const Tensor &grad = analytic.grads[p];
    ParamCheck check{model.manifest().params[p].tensor.name};
    std::vector<int64_t> order(param.numElements());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(std::min<int64_t>(order.size(), options.entries));
    double scale = largestMagnitude(grad);
    for (int64_t i : order) {
      // The five-point stencil: error O(eps^4), so eps can be large enough
      // for the rounding of the loss to stay far below the gradient.
      double saved = get(param, i);
      auto at = [&](double offset) {
        set(model.params()[p], i, saved + offset); // re-fetched: a write
        return trainingLoss(model, inputs, problem.states);
      };
      auto stencil = [&](double h) {
        return Stencil{h, at(-2 * h), at(-h), at(0), at(h), at(2 * h)};
      };
      double exact = get(grad, i);
      Stencil s = stencil(eps);
      double numeric = s.central();
      // A disagreement whose one-sided differences disagree too: the
      // stencil crossed a kink; look closer (GradCheck.h).
      for (int refinement = 0;
           refinement < kRefinements &&
           relativeError(exact, numeric, scale) > options.tolerance &&
           relativeError(s.left(), s.right(), scale) > options.tolerance;
           ++refinement) {
        if (refinement == 0)
          ++check.kinks;
        s = stencil(s.h / 10);
        numeric = s.central();
        check.smallestStep = check.smallestStep > 0
                                 ? std::min(check.smallestStep, s.h)
                                 : s.h;
      }
      set(model.params()[p], i, saved);
      check.maxAbsoluteError =
          std::max(check.maxAbsoluteError, std::fabs(numeric - exact));
      check.maxRelativeError = std::max(check.maxRelativeError,
                                        relativeError(exact, numeric, scale));
      ++check.checked;
    }
    report.push_back(check);
  }
  return report;
}

namespace {
/// `model` takes `reference`'s dimensions and weights (cast to its own
/// element types); returns `problem` cast to the model's element type.
GradCheckProblem adoptReference(Model &model, Model &reference,
                                const GradCheckProblem &problem) {
  model.dims() = reference.dims();
  model.params().clear();
  for (const Tensor &w : reference.params())
    model.params().push_back(
        castTo(w, model.manifest().params[model.params().size()].tensor.dtype));
  DType dtype =
      model.params().empty() ? DType::F32 : model.params().front().dtype();
  GradCheckProblem cast;
  for (const auto &[name, t] : problem.inputs)
    cast.inputs.emplace(name, castTo(t, dtype));
  for (const Tensor &t : problem.states)
    cast.states.push_back(castTo(t, dtype));
  return cast;
}

/// Step `t` of a time-major tensor [T, ...] as [1, ...].
Tensor timeStep(const Tensor &whole, int64_t t) {
  std::vector<int64_t> shape = whole.shape();
  if (shape.empty() || t >= shape[0])
    throw Error(fmt::format("step check: {} has no time step {}",
                            whole.describe(), t));
  shape[0] = 1;
  Tensor one(whole.dtype(), shape);
  std::memcpy(one.raw(),
              static_cast<const char *>(whole.raw()) + t * one.numBytes(),
              one.numBytes());
  return one;
}

double largestDifference(const Tensor &a, const Tensor &b) {
  if (a.shape() != b.shape())
    throw Error(fmt::format("step check: {} against {}", a.describe(),
                            b.describe()));
  double worst = 0;
  for (int64_t i = 0; i < a.numElements(); ++i)
    worst = std::max(worst, std::fabs(get(a, i) - get(b, i)));
  return worst;
}
} // namespace

namespace {
/// The largest difference between `whole` (forward over all T steps) and
/// `function` called one time step at a time on `inputs` from `states`:
/// every step's outputs and the final states.
double againstForward(const Model &model, const std::string &function,
                      const std::map<std::string, Tensor> &inputs,
                      std::vector<Tensor> states, const Model::Outputs &whole) {
  const FunctionSpec *step = model.manifest().function(function);
  double worst = 0;
  for (int64_t t = 0; t < model.dims().at("T"); ++t) {
    std::map<std::string, Tensor> now;
    for (const TensorSpec &arg : step->args)
      if (arg.role == "input")
        now.emplace(arg.name, timeStep(inputs.at(arg.name), t));
    Model::Outputs one = model.call(function, view(now), states);
    for (size_t k = 0; k < one.outputs.size(); ++k)
      worst = std::max(worst, largestDifference(one.outputs[k],
                                                timeStep(whole.outputs[k], t)));
    states = std::move(one.states);
  }
  for (size_t k = 0; k < states.size(); ++k)
    worst = std::max(worst, largestDifference(states[k], whole.states[k]));
  return worst;
}

/// Row `r` of `t` along the batch dimension B of `spec` (extent 1 there);
/// `t` itself when `spec` has no B.
Tensor batchRow(const Tensor &t, const TensorSpec &spec, int64_t r) {
  std::optional<size_t> axis = batchAxis(spec);
  return axis ? batchRow(t, *axis, r) : t;
}

/// The specs of `f`'s arguments or results with `role`, in order.
std::vector<const TensorSpec *> withRole(const std::vector<TensorSpec> &specs,
                                         const std::string &role) {
  std::vector<const TensorSpec *> found;
  for (const TensorSpec &spec : specs)
    if (spec.role == role)
      found.push_back(&spec);
  return found;
}

/// `problem` adopted by `model` into `cast` (adoptReference), and
/// forward's results on it; throws unless the model has `function`.
Model::Outputs forwardFor(Model &model, Model &reference,
                          const GradCheckProblem &problem,
                          const std::string &function,
                          GradCheckProblem &cast) {
  cast = adoptReference(model, reference, problem);
  if (!model.manifest().function(function))
    throw Error(fmt::format("the model has no {} function", function));
  return model.call("forward", view(cast.inputs), cast.states);
}
} // namespace

double checkStep(Model &model, Model &reference,
                 const GradCheckProblem &problem) {
  GradCheckProblem cast;
  Model::Outputs whole = forwardFor(model, reference, problem, "step", cast);
  return againstForward(model, "step", cast.inputs, cast.states, whole);
}

double checkSingleStep(Model &model, Model &reference,
                       const GradCheckProblem &problem) {
  GradCheckProblem cast;
  Model::Outputs whole =
      forwardFor(model, reference, problem, "step_single", cast);
  const FunctionSpec &forward = *model.manifest().function("forward");
  std::vector<const TensorSpec *> statesIn = withRole(forward.args, "state_in"),
                                  outputs = withRole(forward.results, "output"),
                                  statesOut =
                                      withRole(forward.results, "state_out");
  double worst = 0;
  for (int64_t r = 0; r < model.dims().at("B"); ++r) {
    std::map<std::string, Tensor> inputs;
    for (const TensorSpec &arg : forward.args)
      if (arg.role == "input")
        inputs.emplace(arg.name, batchRow(cast.inputs.at(arg.name), arg, r));
    std::vector<Tensor> states;
    for (size_t k = 0; k < cast.states.size(); ++k)
      states.push_back(batchRow(cast.states[k], *statesIn.at(k), r));
    Model::Outputs rowOfWhole;
    for (size_t k = 0; k < whole.outputs.size(); ++k)
      rowOfWhole.outputs.push_back(
          batchRow(whole.outputs[k], *outputs.at(k), r));
    for (size_t k = 0; k < whole.states.size(); ++k)
      rowOfWhole.states.push_back(
          batchRow(whole.states[k], *statesOut.at(k), r));
    worst = std::max(worst, againstForward(model, "step_single", inputs,
                                           std::move(states), rowOfWhole));
  }
  return worst;
}

namespace {
/// The results of `function` on `named` inputs and `states`, by role and
/// name ("state_out/decoder.h").
std::map<std::string, Tensor> callByName(const Model &model,
                                         const std::string &function,
                                         const NamedTensors &named,
                                         const std::vector<Tensor> &states) {
  BoundFunction bound = model.bind(function, named, states);
  bound.run();
  std::vector<Tensor> results = bound.takeResults();
  std::map<std::string, Tensor> byName;
  for (size_t i = 0; i < results.size(); ++i) {
    const TensorSpec &spec = bound.function().results[i];
    byName.emplace(spec.role + "/" + spec.name, std::move(results[i]));
  }
  return byName;
}

/// The tensors for `function`'s state_in arguments: `known`'s of the
/// same name under `role`, zeros for the others.
std::vector<Tensor> statesByName(const Model &model,
                                 const std::string &function,
                                 const std::map<std::string, Tensor> &known,
                                 const std::string &role) {
  std::vector<Tensor> states = model.zeroStates(function);
  size_t k = 0;
  for (const TensorSpec &arg : model.manifest().function(function)->args)
    if (arg.role == "state_in") {
      auto it = known.find(role + "/" + arg.name);
      if (it != known.end())
        states[k] = it->second;
      ++k;
    }
  return states;
}
} // namespace

double checkDecoderStep(Model &model, Model &reference,
                        const GradCheckProblem &problem) {
  GradCheckProblem cast = adoptReference(model, reference, problem);
  const FunctionSpec *step = model.manifest().function("decode_step");
  if (!step || !model.manifest().function("encode"))
    throw Error("the model has no decoder step");
  Model::Outputs whole = model.call("forward", view(cast.inputs), cast.states);
  // The encoder starts from the forward's states of the same names.
  std::map<std::string, Tensor> forwardStates;
  size_t k = 0;
  for (const TensorSpec &arg : model.manifest().function("forward")->args)
    if (arg.role == "state_in")
      forwardStates.emplace("state_in/" + arg.name, cast.states[k++]);
  std::map<std::string, Tensor> encoded =
      callByName(model, "encode", view(cast.inputs),
                 statesByName(model, "encode", forwardStates, "state_in"));
  std::vector<Tensor> states =
      statesByName(model, "decode_step", encoded, "state_out");
  double worst = 0;
  for (int64_t t = 0; t < model.dims().at("T"); ++t) {
    std::map<std::string, Tensor> inputs;
    NamedTensors named;
    for (const TensorSpec &arg : step->args) {
      if (arg.role == "input")
        named[arg.name] = &inputs.emplace(arg.name, timeStep(cast.inputs.at(arg.name), t))
                               .first->second;
      else if (arg.role == "context")
        named[arg.name] = &encoded.at("context/" + arg.name);
    }
    std::map<std::string, Tensor> one =
        callByName(model, "decode_step", named, states);
    for (const TensorSpec &result : step->results)
      if (result.role == "output")
        worst = std::max(worst,
                         largestDifference(one.at("output/" + result.name),
                                           timeStep(whole.outputs.front(), t)));
    states = statesByName(model, "decode_step", one, "state_out");
  }
  return worst;
}

std::vector<Tensor> referenceGradients(Model &reference,
                                       const GradCheckProblem &problem) {
  return trainStepWithFixedMask(reference, view(problem.inputs),
                                problem.states)
      .grads;
}

std::vector<ParamCheck> checkAgainstReference(Model &model, Model &reference,
                                              const GradCheckProblem &problem) {
  return checkAgainstGradients(model, reference, problem,
                               referenceGradients(reference, problem));
}

std::string problemKey(const GradCheckOptions &options) {
  return "steps=" + std::to_string(options.steps) +
         " batch=" + std::to_string(options.batch) +
         " dims=" + std::to_string(options.otherDims) +
         " seed=" + std::to_string(options.seed);
}

std::vector<ParamCheck>
checkAgainstGradients(Model &model, Model &reference,
                      const GradCheckProblem &problem,
                      const std::vector<Tensor> &gradients) {
  GradCheckProblem cast = adoptReference(model, reference, problem);
  Model::Outputs ours =
      trainStepWithFixedMask(model, view(cast.inputs), cast.states);

  std::vector<ParamCheck> report;
  for (size_t p = 0; p < gradients.size(); ++p) {
    const Tensor &a = ours.grads[p], &e = gradients[p];
    ParamCheck check{model.manifest().params[p].tensor.name};
    double scale = largestMagnitude(e);
    for (int64_t i = 0; i < e.numElements(); ++i) {
      double diff = std::fabs(get(a, i) - get(e, i));
      check.maxAbsoluteError = std::max(check.maxAbsoluteError, diff);
      check.maxRelativeError = std::max(
          check.maxRelativeError, relativeError(get(e, i), get(a, i), scale));
      ++check.checked;
    }
    report.push_back(check);
  }
  return report;
}

namespace {
/// The metadata key of the problem a reference is of.
constexpr const char *kProblemKey = "rnnc.gradcheck";
} // namespace

void saveReference(const std::string &path, const Model &reference,
                   const std::vector<Tensor> &gradients,
                   const GradCheckOptions &options) {
  std::vector<TensorView> views;
  for (size_t p = 0; p < gradients.size(); ++p)
    views.push_back({reference.manifest().params[p].tensor.name, DType::F64,
                     gradients[p].shape(), gradients[p].data<double>()});
  writeSafetensors(path, views,
                   {{"rnnc.model", reference.manifest().name},
                    {kProblemKey, problemKey(options)}});
}

std::vector<Tensor> loadReference(const std::string &path, const Model &model,
                                  const GradCheckOptions &options) {
  SafetensorsFile file = readSafetensors(path);
  auto meta = [&](const char *key) {
    auto it = file.metadata.find(key);
    if (it == file.metadata.end())
      fail(path, fmt::format("is not a gradcheck reference (no '{}' "
                             "metadata: write one with --save-reference)",
                             key));
    return it->second;
  };
  if (meta("rnnc.model") != model.manifest().name)
    fail(path, fmt::format("holds gradients of model '{}', not '{}'",
                           meta("rnnc.model"), model.manifest().name));
  if (meta(kProblemKey) != problemKey(options))
    fail(path, fmt::format("holds the gradients of another problem ({}; this "
                           "one is {}): use the same --steps, --batch, --dims "
                           "and --seed",
                           meta(kProblemKey), problemKey(options)));
  std::vector<Tensor> gradients;
  for (size_t i = 0; i < model.manifest().params.size(); ++i) {
    const std::string &name = model.manifest().params[i].tensor.name;
    const TensorRecord *record = file.find(name);
    if (!record || record->dtype != DType::F64)
      fail(path, fmt::format("has no f64 gradient '{}'", name));
    const std::vector<int64_t> &shape = model.params()[i].shape();
    if (record->shape != shape)
      fail(path, fmt::format("holds gradient '{}' of shape [{}], the "
                             "model's is [{}] (another build's sizes)",
                             name, fmt::join(record->shape, ", "),
                             fmt::join(shape, ", ")));
    Tensor gradient(DType::F64, record->shape);
    std::memcpy(gradient.data<double>(), file.bytes(*record),
                record->end - record->begin);
    gradients.push_back(std::move(gradient));
  }
  return gradients;
}


} // namespace rnnc::rt
