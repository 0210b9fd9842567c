//===- EvalMode.cpp - dropout is the identity outside training
//-------------===//
//
// See the description of rnn-eval-mode in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNOps.h"

namespace rnnc {
#define GEN_PASS_DEF_EVALMODE
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {
struct EvalModePass : rnnc::impl::EvalModeBase<EvalModePass> {
  void runOnOperation() override {
    getOperation()->walk([](func::FuncOp func) {
      if (func.getName() == "train_step")
        return;
      func.walk([](rnn::DropoutOp dropout) {
        dropout.replaceAllUsesWith(dropout.getInput());
        dropout.erase();
      });
    });
  }
};
} // namespace
