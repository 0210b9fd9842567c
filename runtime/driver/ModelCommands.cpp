//===- ModelCommands.cpp - gradcheck and info, for every model -----------===//
//
// The commands about the model itself rather than its task: `gradcheck`
// (the derived gradients against finite differences and the f64 build)
// and `info` (parameters, options, the compiler that built it).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "rnnc/runtime/CompiledModel.h"
#include "rnnc/runtime/CpuKernels.h"
#include "rnnc/runtime/Runtime.h"

#include "rnnc/runtime/Checkpoint.h"
#include "rnnc/runtime/GradCheck.h"

#include <fmt/format.h>
#include <fmt/ranges.h>


namespace rnnc::rt {
namespace {

/// Prints one gradcheck table; false when an entry exceeds `tolerance`.
bool printChecks(const std::vector<ParamCheck> &report, double tolerance) {
  bool ok = true;
  for (const ParamCheck &c : report) {
    bool pass = c.maxRelativeError <= tolerance;
    ok &= pass;
    std::string kinks =
        c.kinks ? fmt::format("  ({} at a kink, re-checked with step {:g})",
                              c.kinks, c.smallestStep)
                : "";
    fmt::print("  {:<24} {:>5} entries  max relative error {:.3e}  max "
               "absolute error {:.3e}  {}{}\n",
               c.name, c.checked, c.maxRelativeError, c.maxAbsoluteError,
               pass ? "ok" : "FAILED", kinks);
  }
  return ok;
}

} // namespace

/// gradcheck: the f64 build against finite differences (tolerance 1e-6),
/// then, for an f32 model, its f32 gradients against the f64 build's.
int gradCheckCommand(const Flags &flags, const ModelFile &) {
  const GradCheckOptions &options = flags.gradcheck.options;
  double f32Tolerance = flags.gradcheck.f32Tolerance;
  double tolerance = options.tolerance;
  Model reference = compiledF64Model();
  GradCheckProblem problem = randomProblem(reference, options);
  fmt::print("gradcheck of {} in f64 against five-point finite differences "
             "(T={}, B={}, other dimensions {}{}); tolerance {:g}\n",
             reference.manifest().name, options.steps, options.batch,
             options.otherDims,
             reference.manifest().dropout ? ", one fixed dropout mask" : "",
             tolerance);
  bool ok = printChecks(checkAgainstDifferences(reference, problem, options),
                        tolerance);
  if (!flags.gradcheck.saveReference.empty()) {
    saveReference(flags.gradcheck.saveReference, reference,
                  referenceGradients(reference, problem), options);
    fmt::print("the f64 gradients written to {}\n",
               flags.gradcheck.saveReference);
  }

  Model model = compiledModel();
  bool f32 = !model.manifest().params.empty() &&
             model.manifest().params.front().tensor.dtype == DType::F32;
  if (f32) {
    // checkAgainstDifferences restored every weight it moved.
    fmt::print("the f32 build against the f64 build; tolerance {:g}\n",
               f32Tolerance);
    ok &= printChecks(checkAgainstReference(model, reference, problem),
                      f32Tolerance);
    if (!flags.gradcheck.reference.empty()) {
      std::vector<Tensor> gradients =
          loadReference(flags.gradcheck.reference, model, options);
      fmt::print("the f32 build against {}; tolerance {:g}\n",
                 flags.gradcheck.reference, f32Tolerance);
      ok &= printChecks(
          checkAgainstGradients(model, reference, problem, gradients),
          f32Tolerance);
    }
  }
  // The single-step functions against forward: generated f32 code against
  // the library's primitives, rounding only.
  double stepTolerance = f32 ? 1e-4 : 1e-10;
  auto report = [&](const char *what, double difference) {
    bool pass = difference <= stepTolerance;
    ok &= pass;
    fmt::print("{} against forward, one time step at a time: max absolute "
               "difference {:.3e} (tolerance {:g})  {}\n",
               what, difference, stepTolerance, pass ? "ok" : "FAILED");
  };
  if (model.manifest().function("step"))
    report("step", checkStep(model, reference, problem));
  if (model.manifest().function("step_single"))
    report("single-stream step", checkSingleStep(model, reference, problem));
  if (model.manifest().function("decode_step"))
    report("decoder step", checkDecoderStep(model, reference, problem));
  fmt::print("{}\n", ok ? "gradcheck passed" : "gradcheck FAILED");
  return ok ? 0 : 1;
}

int infoCommand(const Flags &flags, const ModelFile &) {
  const std::string &load = flags.info.load;
  Model model = compiledModel();
  const Manifest &m = model.manifest();
  if (!load.empty())
    loadCheckpoint(load, model);
  fmt::print("model {}\ntask {}\ncompiled with {}\n", m.name,
             taskName(m.task), m.compiledWith.empty() ? "?" : m.compiledWith);
  // A GPU build runs on a device (--device N picks it).
  fmt::print("target {}\n", rnnc_rt_gpu_describe ? rnnc_rt_gpu_describe()
                                                 : "cpu");
  // The CPU the native code is for and the features it needs.
  fmt::print("cpu {} ({})\n", m.targetCpu.empty() ? "?" : m.targetCpu,
             m.cpuFeatures.empty() ? std::string("baseline x86-64")
                                   : fmt::format("{}", fmt::join(m.cpuFeatures, " ")));
  // The runtime's own kernels, chosen for the CPU it runs on (a GPU
  // build's products run on the device).
  if (!rnnc_rt_gpu_describe)
    fmt::print("kernels {}\n", describeCpuKernels());
  fmt::print("parameters:\n");
  for (size_t i = 0; i < m.params.size(); ++i) {
    const ParamSpec &p = m.params[i];
    std::string shape;
    for (const DimExpr &d : p.tensor.shape)
      shape += (shape.empty() ? "" : ", ") + d.text;
    std::string bound =
        load.empty() ? "" : "  = " + model.params()[i].describe();
    fmt::print("  {:<24} {}{}  init {}\n", p.tensor.name,
               typeString(p.tensor.dtype, {}).substr(0, 3) + "[" + shape + "]",
               bound, p.init);
  }
  if (load.empty())
    fmt::print("parameter count: depends on the data's dimensions (pass "
               "--load CKPT)\n");
  else
    fmt::print("parameter count: {}\n", model.numParamElements());
  fmt::print("functions:");
  for (const FunctionSpec &f : m.functions)
    fmt::print(" {}", f.name);
  fmt::print("\ntrain {}\ngenerate {}\n", m.trainOptions, m.generateOptions);
  return 0;
}

} // namespace rnnc::rt
