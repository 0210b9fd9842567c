//===- ReverseMode.cpp - reverse-mode differentiation of rnn code ---------===//
//
// See ReverseMode.h.
//
//===----------------------------------------------------------------------===//

#include "ReverseMode.h"

#include "ScanRewriting.h"

#include "RNN/IR/RNNBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"

namespace rnnc::bptt {

LogicalResult ReverseMode::backprop(llvm::ArrayRef<Operation *> ops,
                                    bool allowTopLevel) {
  for (Operation *op : llvm::reverse(ops))
    if (failed(visit(op, allowTopLevel)))
      return failure();
  return success();
}

LogicalResult ReverseMode::visit(Operation *op, bool allowTopLevel) {
  llvm::SmallVector<Value> resultAdjoints;
  bool any = false;
  for (Value result : op->getResults()) {
    resultAdjoints.push_back(adjoints.lookup(result));
    any |= resultAdjoints.back() != nullptr;
  }
  if (!any)
    return success();

  if (auto read = llvm::dyn_cast<ParamReadOp>(op)) {
    if (!allowTopLevel)
      return op->emitOpError()
             << "reads a parameter inside a scan body; rnn-derive-bptt "
                "expects parameters to be read outside and captured";
    Value &grad = paramGrads[read.getParamAttr().getAttr()];
    Value adjoint = resultAdjoints[0];
    grad = grad ? b.create<AddOp>(op->getLoc(), read.getType(), grad, adjoint)
                      .getResult()
                : adjoint;
    return success();
  }
  if (auto scan = llvm::dyn_cast<ScanOp>(op)) {
    if (!allowTopLevel)
      return op->emitOpError() << "nested scans are not differentiated";
    return differentiateScan(scan);
  }
  auto layer = llvm::dyn_cast<RecurrentLayerOpInterface>(op);
  if (layer && !layer.isBackward() &&
      truncation.kind != TruncationConfig::Full)
    return op->emitOpError()
           << "has no truncated gradient: run rnn-decompose-layers first, "
              "so that truncation applies to its scans";
  auto differentiable = llvm::dyn_cast<GradientOpInterface>(op);
  if (!differentiable) {
    if (llvm::none_of(op->getOperands(), isDifferentiable))
      return success(); // no float inputs: nothing to propagate to
    return op->emitOpError() << "has no gradient rule (it does not implement "
                                "the rnn gradient interface)";
  }
  llvm::SmallVector<Value> operandAdjoints;
  if (failed(differentiable.buildAdjoint(b, resultAdjoints, operandAdjoints)))
    return failure();
  if (operandAdjoints.size() != op->getNumOperands())
    return op->emitOpError()
           << "built " << operandAdjoints.size() << " operand adjoints for "
           << op->getNumOperands() << " operands";
  for (auto [operand, adjoint] : llvm::zip(op->getOperands(), operandAdjoints))
    accumulate(operand, adjoint);
  return success();
}

/// The costly values of a scan body that read the state (directly or
/// through other ops): matmuls and transcendental functions. The forward
/// scan stacks them so that the reverse scan does not compute them again;
/// the cheap elementwise rest is recomputed from the saved states, and a
/// matmul of the inputs alone is hoisted out of both loops later
/// (rnn-hoist-input-projection). With the activations saved, an LSTM's
/// backward evaluates no tanh or sigmoid (their adjoints read the result).
static llvm::SmallVector<Operation *> costlyValues(Block &body,
                                                  size_t numSeqs) {
  DenseSet<Value> readsState;
  for (BlockArgument state : body.getArguments().drop_front(numSeqs))
    readsState.insert(state);
  llvm::SmallVector<Operation *> saved;
  for (Operation &op : body.without_terminator()) {
    if (llvm::none_of(op.getOperands(),
                      [&](Value v) { return readsState.contains(v); }))
      continue;
    readsState.insert(op.result_begin(), op.result_end());
    if (llvm::isa<MatmulOp, TanhOp, SigmoidOp, ExpOp, LogOp>(op))
      saved.push_back(&op);
  }
  return saved;
}

LogicalResult ReverseMode::differentiateScan(ScanOp scan) {
  Location loc = scan.getLoc();
  size_t numSeqs = scan.getSequences().size();
  size_t numStates = scan.getInits().size();
  size_t numOutputs = scan.getStackedOutputs().size();
  Block &body = scan.getBodyBlock();
  auto yield = llvm::cast<YieldOp>(body.getTerminator());

  // The adjoints of the scan's results, zeros where none reached them.
  llvm::SmallVector<Value> resultAdjoints;
  {
    OpBuilder::InsertionGuard guard(b);
    for (Value result : scan.getResults()) {
      Value adjoint = adjoints.lookup(result);
      resultAdjoints.push_back(adjoint ? adjoint : zerosLike(b, loc, result));
    }
  }

  // 1. Forward: the same scan, also stacking the state entering each step
  // and the costly values that read it.
  llvm::SmallVector<Type> savedTypes;
  int64_t steps = rnnc::stepCount(scan);
  for (Value init : scan.getInits())
    savedTypes.push_back(rnnc::stackedType(scan, init.getType()));
  // (ops of `body` until the new scan is built, then their clones in it)
  llvm::SmallVector<Operation *> costly = costlyValues(body, numSeqs);
  for (Operation *op : costly)
    savedTypes.push_back(rnnc::stackedType(scan, op->getResult(0).getType()));
  ScanOp saving;
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(scan);
    llvm::SmallVector<Type> types(scan.getResultTypes());
    types.append(savedTypes);
    saving = b.create<ScanOp>(loc, types, scan.getSequences(), scan.getInits(),
                              scan.getDirection());
    IRMapping map;
    Block *newBody = b.createBlock(&saving.getBody());
    for (BlockArgument arg : body.getArguments())
      map.map(arg, newBody->addArgument(arg.getType(), arg.getLoc()));
    for (Operation &op : body.without_terminator())
      b.clone(op, map);
    llvm::SmallVector<Value> yielded;
    for (Value v : yield.getValues())
      yielded.push_back(map.lookupOrDefault(v));
    for (size_t i = 0; i < numStates; ++i)
      yielded.push_back(newBody->getArgument(numSeqs + i));
    for (Operation *&op : costly) {
      op = map.lookup(op->getResult(0)).getDefiningOp();
      yielded.push_back(op->getResult(0));
    }
    b.create<YieldOp>(loc, yielded);
  }
  for (auto [old, replacement] :
       llvm::zip(scan.getResults(), saving.getResults())) {
    old.replaceAllUsesWith(replacement);
    if (active.contains(old))
      active.insert(replacement);
  }
  ValueRange savedStates = saving.getResults().slice(
      scan.getNumResults(), static_cast<int64_t>(numStates));
  ValueRange savedCostly = saving.getResults().take_back(
      static_cast<int64_t>(costly.size()));

  // 2. Active captured values (the weights) get accumulators; only active
  // sequences get input adjoints.
  llvm::SmallVector<Value> captures;
  for (Value v : capturedValues(saving.getBody()))
    if (isDifferentiable(v) && active.contains(v))
      captures.push_back(v);
  llvm::SmallVector<unsigned> activeSeqs;
  for (auto [i, seq] : llvm::enumerate(saving.getSequences()))
    if (active.contains(seq))
      activeSeqs.push_back(i);

  // 3. The reverse scan.
  llvm::SmallVector<Value> revSeqs(saving.getSequences());
  revSeqs.append(savedStates.begin(), savedStates.end());
  revSeqs.append(savedCostly.begin(), savedCostly.end());
  revSeqs.append(resultAdjoints.begin() + numStates, resultAdjoints.end());
  Value mask;
  if (truncation.kind != TruncationConfig::Full) {
    Value first = scan.getSequences().front();
    Type elementType =
        llvm::cast<RankedTensorType>(scan.getInits().empty()
                                         ? first.getType()
                                         : scan.getInits()[0].getType())
            .getElementType();
    auto maskType = RankedTensorType::get({steps}, elementType);
    llvm::SmallVector<Value> sizes;
    if (ShapedType::isDynamic(steps))
      sizes.push_back(b.create<tensor::DimOp>(loc, first, 0));
    bool truncated = truncation.kind == TruncationConfig::Truncated;
    mask = b.create<TruncationMaskOp>(
        loc, maskType,
        truncated ? Truncation::truncated : Truncation::randomized,
        truncated ? b.getI64IntegerAttr(truncation.steps) : IntegerAttr(),
        truncated ? FloatAttr() : b.getF64FloatAttr(truncation.probability),
        static_cast<uint64_t>(truncation.seed), sizes);
    revSeqs.push_back(mask);
  }
  llvm::SmallVector<Value> revInits(resultAdjoints.begin(),
                                    resultAdjoints.begin() + numStates);
  for (Value capture : captures)
    revInits.push_back(zerosLike(b, loc, capture));
  llvm::SmallVector<Type> revTypes;
  for (Value init : revInits)
    revTypes.push_back(init.getType());
  for (unsigned i : activeSeqs)
    revTypes.push_back(saving.getSequences()[i].getType());
  auto direction = scan.getDirection() == Direction::forward
                       ? Direction::reverse
                       : Direction::forward;
  auto reverse = b.create<ScanOp>(loc, revTypes, revSeqs, revInits, direction);
  {
    OpBuilder::InsertionGuard guard(b);
    Block *revBody = b.createBlock(&reverse.getBody());
    auto sliceArg = [&](Value seq) {
      auto type = llvm::cast<RankedTensorType>(seq.getType());
      return revBody->addArgument(
          RankedTensorType::get(type.getShape().drop_front(),
                                type.getElementType()),
          loc);
    };
    llvm::SmallVector<Value> xs, hPrev, costlyT, dys, carried, accs;
    for (Value seq : saving.getSequences())
      xs.push_back(sliceArg(seq));
    for (Value saved : savedStates)
      hPrev.push_back(sliceArg(saved));
    for (Value saved : savedCostly)
      costlyT.push_back(sliceArg(saved));
    for (size_t j = 0; j < numOutputs; ++j)
      dys.push_back(sliceArg(resultAdjoints[numStates + j]));
    Value maskT = mask ? sliceArg(mask) : Value();
    for (Value init : revInits)
      (carried.size() < numStates ? carried : accs)
          .push_back(revBody->addArgument(init.getType(), loc));

    // Re-run the cell from the saved state.
    Block &fwdBody = saving.getBodyBlock();
    IRMapping map;
    for (size_t i = 0; i < numSeqs; ++i)
      map.map(fwdBody.getArgument(i), xs[i]);
    for (size_t i = 0; i < numStates; ++i)
      map.map(fwdBody.getArgument(numSeqs + i), hPrev[i]);
    llvm::SmallVector<Operation *> recomputed;
    for (Operation &op : fwdBody.without_terminator())
      recomputed.push_back(b.clone(op, map));
    auto fwdYield = llvm::cast<YieldOp>(fwdBody.getTerminator());

    // Backpropagate through it: inputs of active sequences, the states and
    // the active captures are active.
    ReverseMode inner(b, truncation);
    for (unsigned i : activeSeqs)
      inner.seedActive(xs[i]);
    for (Value h : hPrev)
      inner.seedActive(h);
    for (Value capture : captures)
      inner.seedActive(capture);
    inner.markActive(recomputed);
    for (size_t i = 0; i < numStates; ++i)
      inner.accumulate(map.lookupOrDefault(fwdYield.getValues()[i]),
                       carried[i]);
    for (size_t j = 0; j < numOutputs; ++j)
      inner.accumulate(map.lookupOrDefault(fwdYield.getValues()[numStates + j]),
                       dys[j]);
    if (failed(inner.backprop(recomputed, /*allowTopLevel=*/false)))
      return failure();
    // The saved values stand for their recomputation, which was only
    // needed to backpropagate through (the adjoints that read a result now
    // read the saved slice).
    for (auto [op, savedT] : llvm::zip(costly, costlyT)) {
      Operation *clone = map.lookup(op->getResult(0)).getDefiningOp();
      clone->getResult(0).replaceAllUsesWith(savedT);
      clone->erase();
    }

    llvm::SmallVector<Value> yielded;
    for (size_t i = 0; i < numStates; ++i) {
      Value d = inner.adjointOf(hPrev[i]);
      d = d ? d : zerosLike(b, loc, hPrev[i]);
      if (maskT)
        d = b.create<MulOp>(loc, d.getType(), d, maskT);
      yielded.push_back(d);
    }
    for (auto [capture, acc] : llvm::zip(captures, accs)) {
      Value d = inner.adjointOf(capture);
      yielded.push_back(
          d ? b.create<AddOp>(loc, acc.getType(), acc, d).getResult() : acc);
    }
    for (unsigned i : activeSeqs) {
      Value d = inner.adjointOf(xs[i]);
      yielded.push_back(d ? d : zerosLike(b, loc, xs[i]));
    }
    b.create<YieldOp>(loc, yielded);
  }

  // 4. Hand the results to the enclosing function's adjoints.
  for (size_t i = 0; i < numStates; ++i)
    accumulate(saving.getInits()[i], reverse.getResult(i));
  for (auto [k, capture] : llvm::enumerate(captures))
    accumulate(capture, reverse.getResult(numStates + k));
  for (auto [k, i] : llvm::enumerate(activeSeqs))
    accumulate(saving.getSequences()[i],
               reverse.getResult(numStates + captures.size() + k));
  scan.erase();
  return success();
}

FailureOr<func::FuncOp> cloneForward(ModelOp model, llvm::StringRef name,
                                     llvm::StringRef marker) {
  auto forward = llvm::dyn_cast_or_null<func::FuncOp>(
      SymbolTable::lookupSymbolIn(model, "forward"));
  if (!forward)
    return model.emitOpError()
           << "has no func.func @forward to derive " << name << " from";
  if (Operation *existing = SymbolTable::lookupSymbolIn(model, name)) {
    if (existing->hasAttr(marker))
      return func::FuncOp();
    return model.emitOpError() << "already has a @" << name;
  }
  OpBuilder b(forward);
  b.setInsertionPointAfter(forward);
  auto clone = llvm::cast<func::FuncOp>(b.clone(*forward));
  clone.setName(name);
  clone->setAttr(marker, b.getUnitAttr());
  return clone;
}

void appendParameterGradients(OpBuilder &b, Location loc, ModelOp model,
                              const ReverseMode &reverse,
                              llvm::SmallVectorImpl<Value> &results,
                              llvm::SmallVectorImpl<Type> &types,
                              llvm::SmallVectorImpl<DictionaryAttr> &attrs) {
  for (ParamOp param : model.getOps<ParamOp>()) {
    Value grad = reverse.paramGrads.lookup(param.getSymNameAttr());
    if (!grad) {
      // Not reached: a zero gradient, sized like the parameter.
      Value read =
          b.create<ParamReadOp>(loc, param.getType(), param.getSymName());
      grad = zerosLike(b, loc, read);
    }
    results.push_back(grad);
    types.push_back(grad.getType());
    llvm::SmallVector<NamedAttribute> role{
        b.getNamedAttr("rnn.grad", param.getSymNameAttr())};
    if (ArrayAttr names = param.getDimNamesAttr())
      role.push_back(b.getNamedAttr("rnn.dims", names));
    attrs.push_back(b.getDictionaryAttr(role));
  }
}

} // namespace rnnc::bptt
