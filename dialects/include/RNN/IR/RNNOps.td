//===- RNNOps.td - operations of the rnn dialect --------------*- tablegen -*-===//
//
// Every op of the rnn dialect, one file per family: model structure and the
// recurrence region op (RNNStructureOps.td); elementwise, linear algebra,
// shapes, stateless layers, losses and gradient helpers (RNNMathOps.td);
// the whole-sequence library layers with their backward ops
// (RNNLayerOps.td). Shapes are checked by C++ verifiers that report the
// numbers they compared.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_OPS_TD
#define RNN_OPS_TD

include "RNN/IR/RNNDialect.td"
include "RNN/IR/RNNAttrs.td"
include "RNN/IR/RNNInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

// Ops that state their own adjoint rule (RNNGradients.cpp).
defvar Differentiable = DeclareOpInterfaceMethods<RNN_GradientOpInterface>;

include "RNN/IR/RNNStructureOps.td"
include "RNN/IR/RNNMathOps.td"
include "RNN/IR/RNNLayerOps.td"

#endif // RNN_OPS_TD
