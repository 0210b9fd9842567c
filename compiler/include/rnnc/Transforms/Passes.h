//===- Passes.h - rnn dialect transformation passes --------------*- C++ -*-===//
//
// Declarations generated from Passes.td: the pass constructors and
// registerRNNCTransformsPasses().
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TRANSFORMS_PASSES_H
#define RNNC_TRANSFORMS_PASSES_H

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace rnnc {

#define GEN_PASS_DECL
#include "rnnc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "rnnc/Transforms/Passes.h.inc"

} // namespace rnnc

#endif // RNNC_TRANSFORMS_PASSES_H
