//===- SpecialiseSingleStream.cpp - a language model's step for B = 1 -----===//
//
// See the description of rnn-specialise-single-stream in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "StepSpecialisation.h"

namespace rnnc {
#define GEN_PASS_DEF_SPECIALISESINGLESTREAM
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

constexpr llvm::StringLiteral kSingleStep = "step_single";

/// Whether `func` has an argument that is the batch dimension.
bool hasBatchArgument(func::FuncOp func) {
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto name = func.getArgAttrOfType<StringAttr>(i, "rnn.dim");
    if (name && name.getValue() == rnnc::kBatchDim)
      return true;
  }
  return false;
}

struct SpecialiseSingleStreamPass
    : rnnc::impl::SpecialiseSingleStreamBase<SpecialiseSingleStreamPass> {
  void runOnOperation() override {
    for (ModelOp model : getOperation().getOps<ModelOp>())
      if (failed(specialise(model)))
        return signalPassFailure();
  }

  LogicalResult specialise(ModelOp model) {
    auto step = llvm::dyn_cast_or_null<func::FuncOp>(
        SymbolTable::lookupSymbolIn(model, "step"));
    if (!step || !step->hasAttr("rnn.step") || !hasBatchArgument(step))
      return success();
    if (Operation *existing = SymbolTable::lookupSymbolIn(model, kSingleStep)) {
      if (existing->hasAttr("rnn.step"))
        return success();
      return model.emitOpError() << "already has a @" << kSingleStep;
    }
    OpBuilder b(step);
    b.setInsertionPointAfter(step);
    auto single = llvm::cast<func::FuncOp>(b.clone(*step));
    single.setName(kSingleStep);
    if (failed(rnnc::fixToOne(single, rnnc::kBatchDim))) {
      single.erase();
      return failure();
    }
    return success();
  }
};

} // namespace
