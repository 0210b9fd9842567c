//===- ModelFunction.h - calling a generated function ------------*- C++
//-*-===//
//
// Calls one function of a compiled model through its packed entry point
// (`rnnc_call_NAME(void **args)`, Runtime.h): checks every argument against
// the manifest, builds the memref descriptors, and returns the results as
// tensors (the generated code's buffers are copied and freed).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_MODELFUNCTION_H
#define RNNC_RUNTIME_MODELFUNCTION_H

#include "rnnc/runtime/Manifest.h"
#include "rnnc/runtime/Tensor.h"

namespace rnnc::rt {

using EntryPoint = void (*)(void **);

/// Calls `entry`, described by `spec`, with the dimensions bound by `dims`
/// and one tensor per non-dimension argument, in order. Throws rt::Error
/// naming the argument whose type or shape disagrees with the manifest.
std::vector<Tensor> callFunction(EntryPoint entry, const FunctionSpec &spec,
                                 const DimBindings &dims,
                                 const std::vector<const Tensor *> &tensors);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_MODELFUNCTION_H
