//===- RNNDialect.cpp - the rnn dialect -------------------------------------===//
//
// Registers the ops and attributes of the rnn dialect.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNDialect.h"
#include "RNN/IR/RNNOps.h"

using namespace mlir;
using namespace mlir::rnn;

#include "RNN/IR/RNNDialect.cpp.inc"

void RNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "RNN/IR/RNNOps.cpp.inc"
      >();
  registerAttributes();
}
