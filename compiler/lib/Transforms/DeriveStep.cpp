//===- DeriveStep.cpp - forward specialised to one time step ---------------===//
//
// See the description of rnn-derive-step in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"
#include "rnnc/runtime/Task.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/BitVector.h"

namespace rnnc {
#define GEN_PASS_DEF_DERIVESTEP
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

constexpr llvm::StringLiteral kTime = "T";

/// `dims` with the time dimension replaced by "" (static), and the index of
/// that dimension, if `dims` names it.
std::optional<std::pair<ArrayAttr, unsigned>> withoutTime(ArrayAttr dims) {
  if (!dims)
    return std::nullopt;
  llvm::SmallVector<Attribute> names(dims.begin(), dims.end());
  for (auto [i, name] : llvm::enumerate(names)) {
    auto str = llvm::dyn_cast<StringAttr>(name);
    if (str && str.getValue() == kTime) {
      name = StringAttr::get(dims.getContext(), "");
      return std::make_pair(ArrayAttr::get(dims.getContext(), names),
                            static_cast<unsigned>(i));
    }
  }
  return std::nullopt;
}

/// `type` with a static extent of 1 at `dim`.
RankedTensorType oneStep(Type type, unsigned dim) {
  auto tensor = llvm::cast<RankedTensorType>(type);
  llvm::SmallVector<int64_t> shape(tensor.getShape());
  shape[dim] = 1;
  return tensor.clone(shape);
}

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
  LogicalResult specialiseTime(func::FuncOp step);
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
  if (failed(dropTargets(step)) || failed(specialiseTime(step))) {
    step.erase();
    return failure();
  }
  return success();
}

/// Returns only the outputs and the final states; what only fed the loss
/// is erased.
void DeriveStepPass::keepOutputsAndStates(func::FuncOp step) {
  Block &entry = step.getBody().front();
  auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
  llvm::SmallVector<Value> results;
  llvm::SmallVector<DictionaryAttr> attrs;
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    DictionaryAttr attr = step.getResultAttrDict(i);
    if (attr && (attr.contains("rnn.output") || attr.contains("rnn.state_out"))) {
      results.push_back(value);
      attrs.push_back(attr);
    }
  }
  OpBuilder b(ret);
  b.create<func::ReturnOp>(ret.getLoc(), results);
  ret.erase();
  step.setFunctionType(b.getFunctionType(step.getArgumentTypes(),
                                         ValueRange(results).getTypes()));
  step.setAllResultAttrs(attrs);
  IRRewriter rewriter(step.getContext());
  (void)runRegionDCE(rewriter, step.getBody());
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

/// T becomes 1: the dimension argument goes, and every input and output
/// over time gets a static extent of 1 at the boundary.
LogicalResult DeriveStepPass::specialiseTime(func::FuncOp step) {
  Block &entry = step.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  Location loc = step.getLoc();
  llvm::BitVector timeArg(step.getNumArguments());
  for (BlockArgument arg : step.getArguments()) {
    unsigned i = arg.getArgNumber();
    auto dimName = step.getArgAttrOfType<StringAttr>(i, "rnn.dim");
    if (dimName && dimName.getValue() == kTime) {
      arg.replaceAllUsesWith(b.create<arith::ConstantIndexOp>(loc, 1));
      timeArg.set(i);
      continue;
    }
    auto time = withoutTime(step.getArgAttrOfType<ArrayAttr>(i, "rnn.dims"));
    if (!time)
      continue;
    Type original = arg.getType();
    arg.setType(oneStep(original, time->second));
    auto cast = b.create<tensor::CastOp>(loc, original, arg);
    arg.replaceAllUsesExcept(cast, cast);
    step.setArgAttr(i, "rnn.dims", time->first);
  }
  if (timeArg.none())
    return step.emitOpError() << "has no time dimension 'T' to fix to one";
  step.eraseArguments(timeArg);

  auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
  b.setInsertionPoint(ret);
  for (OpOperand &result : ret->getOpOperands()) {
    unsigned i = result.getOperandNumber();
    auto time = withoutTime(step.getResultAttrOfType<ArrayAttr>(i, "rnn.dims"));
    if (!time)
      continue;
    result.set(b.create<tensor::CastOp>(
        loc, oneStep(result.get().getType(), time->second), result.get()));
    step.setResultAttr(i, "rnn.dims", time->first);
  }
  step.setFunctionType(b.getFunctionType(entry.getArgumentTypes(),
                                         ret.getOperandTypes()));
  return success();
}

} // namespace
