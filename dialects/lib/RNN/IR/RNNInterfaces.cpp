//===- RNNInterfaces.cpp - op interfaces of the rnn dialect ----------------===//
//
// Definitions generated from RNNInterfaces.td.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNInterfaces.h"

#include "RNN/IR/RNNInterfaces.cpp.inc"
