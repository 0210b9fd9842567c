//===- Manifest.h - what a compiled model says about itself ------*- C++
//-*-===//
//
// The model manifest is the JSON document the compiler stores in every
// compiled model (`rnnc_model_manifest`, see Runtime.h): the model's name,
// task and options, its parameters, and the arguments and results of each
// exported function. Shapes may name symbolic dimensions ("V", "V + 256"),
// bound at run time from the data and the flags.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_MANIFEST_H
#define RNNC_RUNTIME_MANIFEST_H

#include "rnnc/runtime/Safetensors.h"

#include "rnnc/runtime/Task.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rnnc::rt {

/// Values of the symbolic dimensions: T, B, V, ...
using DimBindings = std::map<std::string, int64_t>;

/// One dimension: a number or an expression `c + k1*s1 + k2*s2 ...`, or
/// "?" for a size known only from the value (a value saved for the
/// backward pass).
struct DimExpr {
  std::string text;
  bool isAny() const { return text == "?"; }
  /// The value under `dims`; throws rt::Error naming an unbound symbol.
  int64_t evaluate(const DimBindings &dims) const;
};

/// An argument or a result of a function, or a parameter.
struct TensorSpec {
  std::string role; // dim, input, target, state_in, param, adjoint, saved;
                    // result, output, state_out, grad, adjoint, saved;
                    // "param" for parameters
  std::string name;
  DType dtype = DType::F32;
  std::vector<DimExpr> shape; // empty for dims and scalars
  bool isDim() const { return role == "dim"; }
  std::vector<int64_t> shapeUnder(const DimBindings &dims) const;
};

struct ParamSpec {
  TensorSpec tensor;
  std::string init; // zeros, ones, constant, normal, uniform, xavier_*
  std::vector<double> initArgs;
};

struct FunctionSpec {
  std::string name;
  std::vector<TensorSpec> args, results;
  /// The index of the argument/result with this role and name, if any.
  std::optional<size_t> argIndex(const std::string &role,
                                 const std::string &name) const;
  std::optional<size_t> resultIndex(const std::string &role,
                                    const std::string &name) const;
};

struct Manifest {
  int64_t abiVersion = 0;
  std::string name;
  Task task = Task::LanguageModel;
  /// A cell module (no task, targets or loss; `--emit=torch` only): `task`
  /// means nothing.
  bool cellModule = false;
  /// The model's train and generate blocks, as JSON text (options vary
  /// per task; Options.h reads them).
  std::string trainOptions, generateOptions;
  std::vector<ParamSpec> params;
  std::vector<FunctionSpec> functions;
  /// train_step applies dropout (forward does not).
  bool dropout = false;
  /// The compiler and options that built the model.
  std::string compiledWith;
  /// The CPU the native code is for (`rnnc compile --cpu`) and the CPU
  /// features it may use, which the runtime checks at start (CpuCheck.h);
  /// empty in a manifest from before --cpu.
  std::string targetCpu;
  std::vector<std::string> cpuFeatures;
  const FunctionSpec *function(const std::string &name) const;
};

/// Parses and checks a manifest; throws rt::Error saying what is wrong.
Manifest parseManifest(const char *json);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_MANIFEST_H
