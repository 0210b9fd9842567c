//===- RNNInterfaces.h - op interfaces of the rnn dialect --------*- C++ -*-===//
//
// The gradient op interface (`buildAdjoint`) and the recurrent layer
// interface, see RNNInterfaces.td.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_RNNINTERFACES_H
#define RNN_IR_RNNINTERFACES_H

#include "RNN/IR/RNNAttrs.h"
#include "RNN/IR/RNNLayers.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "RNN/IR/RNNInterfaces.h.inc"

#endif // RNN_IR_RNNINTERFACES_H
