//===- SavedValues.cpp - a vjp split into a saving forward and a backward -===//
//
// See SavedValues.h. The forward sweep is the use-def slice of forward's
// results (values captured by a scan's body included); every other
// operation of the entry block belongs to the reverse sweep.
//
//===----------------------------------------------------------------------===//

#include "SavedValues.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace rnnc::bptt {

namespace {

/// The values `op` reads: its operands and what its regions capture.
llvm::SmallVector<Value> readValues(Operation *op) {
  llvm::SmallVector<Value> values(op->getOperands());
  for (Region &region : op->getRegions())
    region.walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        if (!op->isAncestor(operand.getParentRegion()->getParentOp()))
          values.push_back(operand);
    });
  return values;
}

/// The top-level operations of `entry` that forward's results depend on.
llvm::DenseSet<Operation *> forwardSweep(Block &entry, ValueRange results) {
  llvm::DenseSet<Operation *> sweep;
  llvm::SmallVector<Value> work(results.begin(), results.end());
  while (!work.empty()) {
    Operation *def = work.pop_back_val().getDefiningOp();
    if (!def || def->getBlock() != &entry || !sweep.insert(def).second)
      continue;
    llvm::append_range(work, readValues(def));
  }
  return sweep;
}

/// Whether recomputing `op` in the backward pass costs less than keeping
/// its results: no regions, and nothing read but arguments and such values.
bool isRecomputed(Operation *op, const llvm::DenseSet<Operation *> &recomputed) {
  if (op->getNumRegions() != 0 || op->getNumResults() == 0)
    return false;
  for (Value operand : op->getOperands())
    if (Operation *def = operand.getDefiningOp(); def && !recomputed.contains(def))
      return false;
  // Tensors made from nothing but their sizes (fills, parameter reads,
  // constants) or scalars (index arithmetic, dimensions).
  bool readsTensors = llvm::any_of(op->getOperandTypes(), [](Type t) {
    return llvm::isa<TensorType>(t);
  });
  bool makesTensors = llvm::any_of(op->getResultTypes(), [](Type t) {
    return llvm::isa<TensorType>(t);
  });
  return !(readsTensors && makesTensors);
}

/// `rnn.saved = "k"`, on a saved value's result and argument.
DictionaryAttr savedAttr(Builder &b, size_t k) {
  return b.getDictionaryAttr(
      b.getNamedAttr(kSavedAttr, b.getStringAttr(std::to_string(k))));
}

} // namespace

func::FuncOp splitAtSavedValues(func::FuncOp vjp, unsigned numForwardArgs,
                                ValueRange forwardResults,
                                llvm::ArrayRef<DictionaryAttr> resultAttrs,
                                llvm::StringRef savingName,
                                llvm::StringRef marker) {
  Block &entry = vjp.getBody().front();
  llvm::DenseSet<Operation *> sweep = forwardSweep(entry, forwardResults);
  llvm::DenseSet<Operation *> recomputed;
  for (Operation &op : entry.without_terminator())
    if (sweep.contains(&op) && isRecomputed(&op, recomputed))
      recomputed.insert(&op);

  // The saved values, in the order the reverse sweep first reads them.
  llvm::SetVector<Value> saved;
  for (Operation &op : entry) {
    if (sweep.contains(&op))
      continue;
    for (Value v : readValues(&op))
      if (Operation *def = v.getDefiningOp();
          def && sweep.contains(def) && !recomputed.contains(def))
        saved.insert(v);
  }

  // The saving forward: forward's arguments, the forward sweep, its
  // results and the saved values.
  OpBuilder b(vjp);
  auto saving = b.create<func::FuncOp>(vjp.getLoc(), savingName,
                                       b.getFunctionType({}, {}));
  saving->setAttr(marker, b.getUnitAttr());
  Block *body = saving.addEntryBlock();
  IRMapping map;
  llvm::SmallVector<Type> argTypes;
  llvm::SmallVector<DictionaryAttr> argAttrs;
  for (unsigned i = 0; i < numForwardArgs; ++i) {
    BlockArgument arg = entry.getArgument(i);
    map.map(arg, body->addArgument(arg.getType(), arg.getLoc()));
    argTypes.push_back(arg.getType());
    argAttrs.push_back(vjp.getArgAttrDict(i));
  }
  b.setInsertionPointToEnd(body);
  for (Operation &op : entry.without_terminator())
    if (sweep.contains(&op))
      b.clone(op, map);
  llvm::SmallVector<Value> results;
  llvm::SmallVector<Type> resultTypes;
  llvm::SmallVector<DictionaryAttr> attrs(resultAttrs);
  for (Value v : forwardResults)
    results.push_back(map.lookup(v));
  for (auto [k, v] : llvm::enumerate(saved)) {
    results.push_back(map.lookup(v));
    attrs.push_back(savedAttr(b, k));
  }
  for (Value v : results)
    resultTypes.push_back(v.getType());
  b.create<func::ReturnOp>(vjp.getLoc(), results);
  saving.setFunctionType(b.getFunctionType(argTypes, resultTypes));
  saving.setAllArgAttrs(argAttrs);
  saving.setAllResultAttrs(attrs);

  // The backward: the saved values become arguments, the forward sweep
  // goes (what it recomputes cheaply stays).
  llvm::SmallVector<DictionaryAttr> vjpArgAttrs;
  for (unsigned i = 0; i < entry.getNumArguments(); ++i)
    vjpArgAttrs.push_back(vjp.getArgAttrDict(i));
  for (auto [k, value] : llvm::enumerate(saved)) {
    Value v = value;
    BlockArgument arg = entry.addArgument(v.getType(), v.getLoc());
    v.replaceUsesWithIf(arg, [&](OpOperand &use) {
      Operation *user = use.getOwner();
      while (user->getBlock() != &entry)
        user = user->getParentOp();
      return !sweep.contains(user);
    });
    vjpArgAttrs.push_back(savedAttr(b, k));
  }
  llvm::SmallVector<Operation *> forwardOps;
  for (Operation &op : entry.without_terminator())
    if (sweep.contains(&op))
      forwardOps.push_back(&op);
  for (Operation *op : llvm::reverse(forwardOps))
    if (op->use_empty())
      op->erase();
  vjp.setFunctionType(b.getFunctionType(
      entry.getArgumentTypes(), vjp.getFunctionType().getResults()));
  vjp.setAllArgAttrs(vjpArgAttrs);
  return saving;
}

} // namespace rnnc::bptt
