//===- TorchApi.cpp - the C API a PyTorch module calls --------------------===//
//
// See rnnc_torch.h. Each build's manifest is parsed once; a call binds the
// caller's memory as tensor views (no copy of parameters or inputs) and
// runs the generated function through the runtime's BoundFunction, whose
// results (copied out of the generated code's buffers) the handle owns.
//
//===----------------------------------------------------------------------===//

#include "rnnc_torch.h"

#include "rnnc/runtime/CpuCheck.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Manifest.h"
#include "rnnc/runtime/ModelFunction.h"
#include "rnnc/runtime/ParameterVersion.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

extern "C" {
// The generated code of both builds (rnn-derive-vjp's functions and
// forward; the f64 build's names end in _f64: F64Twin.cpp).
extern const char rnnc_model_manifest[];
void rnnc_call_forward(void **args);
void rnnc_call_forward_saving(void **args);
void rnnc_call_vjp(void **args);
extern const char rnnc_model_manifest_f64[];
void rnnc_call_forward_f64(void **args);
void rnnc_call_forward_saving_f64(void **args);
void rnnc_call_vjp_f64(void **args);
}

struct rnnc_torch_results {
  std::vector<rnnc::rt::Tensor> tensors;
};

namespace {

using namespace rnnc::rt;

/// One build: its manifest and entry points.
struct Build {
  Manifest manifest;
  std::map<std::string, EntryPoint> entries;
};

/// Each build's manifest and entry points, parsed and checked against
/// this CPU once, on first use (thread-safe static initialisation; a CPU
/// without the build's features throws every time).
Build load(const char *manifest, EntryPoint forward, EntryPoint saving,
           EntryPoint vjp) {
  Build b{parseManifest(manifest),
          {{"forward", forward}, {"forward_saving", saving}, {"vjp", vjp}}};
  checkCpu(b.manifest);
  return b;
}

const Build &build(bool f64) {
  if (f64) {
    static const Build f64Build =
        load(rnnc_model_manifest_f64, &rnnc_call_forward_f64,
             &rnnc_call_forward_saving_f64, &rnnc_call_vjp_f64);
    return f64Build;
  }
  static const Build f32Build =
      load(rnnc_model_manifest, &rnnc_call_forward, &rnnc_call_forward_saving,
           &rnnc_call_vjp);
  return f32Build;
}

void copyError(const std::string &message, char *error, size_t capacity) {
  if (!error || capacity == 0)
    return;
  size_t n = std::min(message.size(), capacity - 1);
  std::memcpy(error, message.data(), n);
  error[n] = '\0';
}

rnnc_torch_results *call(bool f64, const std::string &name,
                         const int64_t *dims, void *const *data,
                         const int64_t *const *shapes) {
  const Build &b = build(f64);
  const FunctionSpec *spec = b.manifest.function(name);
  auto entry = b.entries.find(name);
  if (!spec || entry == b.entries.end())
    throw Error(fmt::format("the model has no function '{}'", name));
  DimBindings bindings;
  std::vector<Tensor> views;
  views.reserve(spec->args.size());
  size_t dim = 0, tensor = 0;
  for (const TensorSpec &arg : spec->args) {
    if (arg.isDim()) {
      bindings[arg.name] = dims[dim++];
      continue;
    }
    std::vector<int64_t> shape(shapes[tensor],
                               shapes[tensor] + arg.shape.size());
    views.push_back(Tensor::view(arg.dtype, std::move(shape), data[tensor]));
    ++tensor;
  }
  std::vector<const Tensor *> pointers;
  for (const Tensor &t : views)
    pointers.push_back(&t);
  auto results = std::make_unique<rnnc_torch_results>();
  // The results' buffers become the handle's tensors: the saved values
  // stay where the generated code wrote them until vjp reads them.
  results->tensors = callFunction(entry->second, *spec, bindings, pointers,
                                  ResultBuffers::Adopt);
  return results.release();
}

} // namespace

extern "C" {

const char *rnnc_torch_manifest(int f64) {
  return f64 ? rnnc_model_manifest_f64 : rnnc_model_manifest;
}

rnnc_torch_results *rnnc_torch_call(int f64, const char *function,
                                    const int64_t *dims, void *const *data,
                                    const int64_t *const *shapes, char *error,
                                    size_t capacity) {
  try {
    return call(f64 != 0, function ? function : "", dims, data, shapes);
  } catch (const std::exception &e) {
    copyError(e.what(), error, capacity);
  } catch (...) {
    copyError("internal error", error, capacity);
  }
  return nullptr;
}

void rnnc_torch_parameters_changed(void) { parametersMayChange(); }

int64_t rnnc_torch_results_count(const rnnc_torch_results *results) {
  return static_cast<int64_t>(results->tensors.size());
}

int64_t rnnc_torch_results_describe(rnnc_torch_results *results,
                                    int64_t *layout, int64_t capacity,
                                    void **data) {
  int64_t needed = 0;
  for (Tensor &t : results->tensors) {
    *data++ = t.raw();
    const std::vector<int64_t> &shape = t.shape();
    if (needed + 1 + int64_t(shape.size()) <= capacity) {
      layout[needed] = int64_t(shape.size());
      std::copy(shape.begin(), shape.end(), layout + needed + 1);
    }
    needed += 1 + int64_t(shape.size());
  }
  return needed;
}

void rnnc_torch_results_free(rnnc_torch_results *results) { delete results; }

} // extern "C"
