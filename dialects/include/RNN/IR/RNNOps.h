//===- RNNOps.h - operations of the rnn dialect ------------------*- C++ -*-===//
//
// The op classes generated from RNNOps.td, with everything they depend on.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_RNNOPS_H
#define RNN_IR_RNNOPS_H

#include "RNN/IR/RNNAttrs.h"
#include "RNN/IR/RNNDialect.h"
#include "RNN/IR/RNNInterfaces.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "RNN/IR/RNNOps.h.inc"

#endif // RNN_IR_RNNOPS_H
