//===- Passes.h - the GPU kernel passes ---------------------------*- C++ -*-===//
//
// Declarations generated from Passes.td: the pass constructors and
// registerRNNCGPUPasses().
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_GPU_PASSES_H
#define RNNC_GPU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace rnnc {

#define GEN_PASS_DECL
#include "rnnc/GPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "rnnc/GPU/Passes.h.inc"

} // namespace rnnc

#endif // RNNC_GPU_PASSES_H
