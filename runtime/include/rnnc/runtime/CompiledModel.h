//===- CompiledModel.h - the model this program was linked with ----------===//
//
// The Model over the generated object's manifest and entry points
// (Runtime.h), and its f64 build (gradcheck's reference, in executables
// only). The one place of the driver and of the library API (embed/) that
// names the generated symbols; commands that need a model of one task
// check it here.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_COMPILEDMODEL_H
#define RNNC_RUNTIME_COMPILEDMODEL_H

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/Runtime.h"

#include <fmt/format.h>

namespace rnnc::rt {

inline Model compiledModel() {
  std::map<std::string, EntryPoint> entries{
      {"forward", &rnnc_call_forward}, {"train_step", &rnnc_call_train_step}};
  if (&rnnc_call_step) // language models only
    entries["step"] = &rnnc_call_step;
  if (&rnnc_call_step_single) // and of those, CPU builds
    entries["step_single"] = &rnnc_call_step_single;
  if (&rnnc_call_encode && &rnnc_call_decode_step) { // seq2seq models
    entries["encode"] = &rnnc_call_encode;
    entries["decode_step"] = &rnnc_call_decode_step;
  }
  if (&rnnc_call_sgd_update) { // device builds: the optimizer on the device
    entries["gradient_square_sum"] = &rnnc_call_gradient_square_sum;
    entries["sgd_update"] = &rnnc_call_sgd_update;
    entries["adam_update"] = &rnnc_call_adam_update;
  }
  return Model(parseManifest(rnnc_model_manifest), std::move(entries));
}

/// Throws unless `model` was compiled for `task`: `command` needs it.
inline void requireTask(const Model &model, Task task, const char *command) {
  if (model.manifest().task != task)
    throw Error(fmt::format("'{}' needs a {} model, this one is a {} model",
                            command, taskName(task),
                            taskName(model.manifest().task)));
}

/// compiledModel(), for a command that needs a model of `task`.
inline Model compiledModelFor(Task task, const char *command) {
  Model model = compiledModel();
  requireTask(model, task, command);
  return model;
}

inline Model compiledF64Model() {
  return Model(parseManifest(rnnc_model_manifest_f64),
               {{"forward", &rnnc_call_forward_f64},
                {"train_step", &rnnc_call_train_step_f64}});
}

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_COMPILEDMODEL_H
