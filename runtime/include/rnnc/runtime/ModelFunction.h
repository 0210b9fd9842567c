//===- ModelFunction.h - calling a generated function -----------*- C++ -*-===//
//
// Calls one function of a compiled model through its packed entry point
// (`rnnc_call_NAME(void **args)`, Runtime.h): checks every argument against
// the manifest, builds the memref descriptors, and returns the results as
// tensors (the generated code's buffers are copied and freed, or, in a
// Vulkan build, become the tensors' storage).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_MODELFUNCTION_H
#define RNNC_RUNTIME_MODELFUNCTION_H

#include "rnnc/runtime/Manifest.h"
#include "rnnc/runtime/Tensor.h"

namespace rnnc::rt {

using EntryPoint = void (*)(void **);

/// What becomes of a generated function's result buffers in host memory:
/// copied into tensors reused from run to run (a step called per token), or
/// adopted by the result tensors, no copy (a caller that keeps them, as a
/// framework's autograd keeps the values saved for backward).
enum class ResultBuffers { Copy, Adopt };

/// One function bound to its dimensions and argument tensors (the caller's,
/// kept alive and of the same shapes; their contents and buffers are read
/// at every run): the arguments are checked against the manifest and their
/// descriptors built once. run() calls the function and copies each result
/// into results(), whose tensors are allocated at the first run and reused;
/// the generated code's result buffers are freed. A run allocates nothing
/// of its own: what a single stream's step calls per token. (A Vulkan
/// build's results are device buffers: each becomes its result's tensor.)
class BoundFunction {
public:
  /// Throws rt::Error naming the argument whose type or shape disagrees
  /// with the manifest.
  BoundFunction(EntryPoint entry, const FunctionSpec &spec,
                const DimBindings &dims, std::vector<const Tensor *> tensors,
                ResultBuffers buffers = ResultBuffers::Copy);
  BoundFunction(const BoundFunction &) = delete; // args point into storage
  BoundFunction &operator=(const BoundFunction &) = delete;

  void run();
  /// The last run's results, in the manifest's order.
  const std::vector<Tensor> &results() const { return results_; }
  std::vector<Tensor> takeResults() { return std::move(results_); }
  const FunctionSpec &function() const { return *spec; }

private:
  EntryPoint entry;
  const FunctionSpec *spec;
  ResultBuffers buffers;
  std::vector<const Tensor *> tensors;
  std::vector<int64_t> storage;      // dimensions and descriptors
  std::vector<void *> args;          // into storage
  std::vector<int64_t *> descriptors; // each tensor's, into storage
  int64_t *resultWords = nullptr;
  std::vector<Tensor> results_;
  std::vector<uintptr_t> freed; // run()'s scratch, reserved once
  std::vector<Tensor> replaced; // likewise
};

/// Calls `entry`, described by `spec`, with the dimensions bound by `dims`
/// and one tensor per non-dimension argument, in order, once (a
/// BoundFunction run once).
std::vector<Tensor> callFunction(EntryPoint entry, const FunctionSpec &spec,
                                 const DimBindings &dims,
                                 const std::vector<const Tensor *> &tensors,
                                 ResultBuffers buffers = ResultBuffers::Copy);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_MODELFUNCTION_H
