//===- UnshareEmptyTensors.cpp - one tensor.empty per use -----------------===//
//
// See the description of rnn-codegen-unshare-empty-tensors in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace rnnc {
#define GEN_PASS_DEF_UNSHAREEMPTYTENSORS
#include "rnnc/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {
struct UnshareEmptyTensorsPass
    : rnnc::impl::UnshareEmptyTensorsBase<UnshareEmptyTensorsPass> {
  void runOnOperation() override {
    llvm::SmallVector<tensor::EmptyOp> shared;
    getOperation()->walk([&](tensor::EmptyOp empty) {
      if (!empty->hasOneUse() && !empty->use_empty())
        shared.push_back(empty);
    });
    OpBuilder builder(&getContext());
    for (tensor::EmptyOp empty : shared) {
      // Every use but the first gets its own copy, created just before
      // the user (its sizes dominate the original, hence the user).
      llvm::SmallVector<OpOperand *> uses;
      for (OpOperand &use : empty->getUses())
        uses.push_back(&use);
      for (OpOperand *use : llvm::drop_begin(uses)) {
        builder.setInsertionPoint(empty);
        use->set(builder.clone(*empty)->getResult(0));
      }
    }
  }
};
} // namespace
