//===- PromoteToF64.cpp - the whole model in double precision
//--------------===//
//
// See the description of rnn-promote-f64 in Passes.td. Runs on the
// frontend's output, where every f32 is an element type of a tensor (or a
// scalar type of a block argument); rnn attributes hold f64 values already.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace rnnc {
#define GEN_PASS_DEF_PROMOTETOF64
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

Type promote(Type type) {
  Type f64 = Float64Type::get(type.getContext());
  if (type.isF32())
    return f64;
  if (auto tensor = llvm::dyn_cast<RankedTensorType>(type))
    if (tensor.getElementType().isF32())
      return tensor.clone(f64);
  return type;
}

struct PromoteToF64Pass : rnnc::impl::PromoteToF64Base<PromoteToF64Pass> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      for (Value result : op->getResults())
        result.setType(promote(result.getType()));
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            arg.setType(promote(arg.getType()));
      if (auto func = llvm::dyn_cast<func::FuncOp>(op)) {
        auto inputs = llvm::map_to_vector(func.getArgumentTypes(), promote);
        auto results = llvm::map_to_vector(func.getResultTypes(), promote);
        func.setFunctionType(
            FunctionType::get(op->getContext(), inputs, results));
      }
      if (auto param = llvm::dyn_cast<rnn::ParamOp>(op))
        param.setTypeAttr(TypeAttr::get(promote(param.getType())));
    });
  }
};

} // namespace
