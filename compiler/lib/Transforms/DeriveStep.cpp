//===- DeriveStep.cpp - forward specialised to one time step ---------------===//
//
// See the description of rnn-derive-step in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "StepSpecialisation.h"
#include "rnnc/runtime/Task.h"

#include "llvm/ADT/BitVector.h"

namespace rnnc {
#define GEN_PASS_DEF_DERIVESTEP
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

struct DeriveStepPass : rnnc::impl::DeriveStepBase<DeriveStepPass> {
  void runOnOperation() override {
    for (ModelOp model : getOperation().getOps<ModelOp>()) {
      using rnnc::rt::Task, rnnc::rt::taskName;
      auto task = model->getAttrOfType<StringAttr>("task");
      if (task && task.getValue() == taskName(Task::LanguageModel) &&
          failed(deriveStep(model)))
        return signalPassFailure();
    }
  }

  LogicalResult deriveStep(ModelOp model);
  void keepOutputsAndStates(func::FuncOp step);
  LogicalResult dropTargets(func::FuncOp step);
};

LogicalResult DeriveStepPass::deriveStep(ModelOp model) {
  auto forward = llvm::dyn_cast_or_null<func::FuncOp>(
      SymbolTable::lookupSymbolIn(model, "forward"));
  if (!forward)
    return model.emitOpError() << "has no func.func @forward to derive "
                                  "step from";
  bool outputs = false;
  for (unsigned i = 0; i < forward.getNumResults(); ++i)
    outputs |= forward.getResultAttr(i, "rnn.output") != nullptr;
  if (!outputs)
    return success(); // nothing to generate from (IR without roles)
  if (Operation *existing = SymbolTable::lookupSymbolIn(model, "step")) {
    // Derived by this pass before (marked rnn.step): a module dumped after
    // it and compiled on keeps its step.
    if (existing->hasAttr("rnn.step"))
      return success();
    return model.emitOpError() << "already has a @step";
  }
  WalkResult causal = forward.walk([](Operation *op) {
    auto direction = op->getAttrOfType<DirectionAttr>("direction");
    if (direction && direction.getValue() != Direction::forward) {
      op->emitOpError() << "runs backwards in time, so the language model "
                           "cannot generate one token at a time";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (causal.wasInterrupted())
    return failure();

  OpBuilder b(forward);
  b.setInsertionPointAfter(forward);
  auto step = llvm::cast<func::FuncOp>(b.clone(*forward));
  step.setName("step");
  step->setAttr("rnn.step", b.getUnitAttr());
  keepOutputsAndStates(step);
  if (failed(dropTargets(step)) ||
      failed(rnnc::fixToOne(step, rnnc::kTimeDim))) {
    step.erase();
    return failure();
  }
  return success();
}

/// Returns only the outputs and the final states; what only fed the loss
/// is erased.
void DeriveStepPass::keepOutputsAndStates(func::FuncOp step) {
  auto ret = llvm::cast<func::ReturnOp>(step.getBody().front().getTerminator());
  llvm::SmallVector<Value> results;
  llvm::SmallVector<DictionaryAttr> attrs;
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    DictionaryAttr attr = step.getResultAttrDict(i);
    if (attr && (attr.contains("rnn.output") || attr.contains("rnn.state_out"))) {
      results.push_back(value);
      attrs.push_back(attr);
    }
  }
  rnnc::returnOnly(step, results, attrs);
}

/// The targets only fed the loss: they are no longer arguments.
LogicalResult DeriveStepPass::dropTargets(func::FuncOp step) {
  llvm::BitVector targets(step.getNumArguments());
  for (BlockArgument arg : step.getArguments()) {
    auto name = step.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                  "rnn.target");
    if (!name)
      continue;
    if (!arg.use_empty())
      return step.emitOpError()
             << "reads target '" << name.getValue()
             << "' for more than the loss, so it cannot run without it";
    targets.set(arg.getArgNumber());
  }
  step.eraseArguments(targets);
  return success();
}

} // namespace
