//===- RNNDialect.h - the rnn dialect ----------------------------*- C++ -*-===//
//
// Declares the `rnn` dialect class. Include RNNOps.h for the ops.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_IR_RNNDIALECT_H
#define RNN_IR_RNNDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "RNN/IR/RNNDialect.h.inc"

#endif // RNN_IR_RNNDIALECT_H
