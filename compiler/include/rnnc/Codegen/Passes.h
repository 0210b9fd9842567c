//===- Passes.h - code generation below the rnn dialect ----------*- C++ -*-===//
//
// Declarations generated from Passes.td: the pass constructors and
// registerRNNCCodegenPasses().
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_CODEGEN_PASSES_H
#define RNNC_CODEGEN_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace rnnc {

#define GEN_PASS_DECL
#include "rnnc/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "rnnc/Codegen/Passes.h.inc"

} // namespace rnnc

#endif // RNNC_CODEGEN_PASSES_H
