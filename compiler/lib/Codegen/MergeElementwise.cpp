//===- MergeElementwise.cpp - one loop nest per elementwise cluster -------===//
//
// See the description of rnn-codegen-merge-elementwise in Passes.td. Upstream's
// elementwise fusion merges a producer into its only user; what it leaves
// are producers with several users (a gate activation read four times by
// an LSTM's backward). Here the elementwise generics of a block that read
// each other's results element for element are grouped into clusters, and
// each cluster becomes one linalg.generic with a result for every value
// read outside it.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/MapVector.h"

namespace rnnc {
#define GEN_PASS_DEF_MERGEELEMENTWISE
#include "rnnc/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// A generic that maps inputs to outputs element by element: parallel
/// loops, identity output maps, inputs read through projections
/// (broadcasts), a body that reads no output element.
bool isElementwise(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() ||
      op.getNumParallelLoops() != op.getNumLoops())
    return false;
  for (OpOperand &init : op.getDpsInitsMutable())
    if (!op.getMatchingIndexingMap(&init).isIdentity() ||
        op.payloadUsesValueFromOperand(&init))
      return false;
  for (OpOperand *input : op.getDpsInputOperands())
    if (!op.getMatchingIndexingMap(input).isProjectedPermutation())
      return false;
  return true;
}

/// Groups the elementwise generics of one block. A generic joins the
/// clusters whose results it reads through identity maps (they share its
/// iteration space) and unites them; one that reads none starts a cluster.
/// A cluster closes when anything else uses one of its results: the merged
/// op takes the place of the cluster's last member, which must come before
/// every other user.
class Clustering {
public:
  explicit Clustering(Block &block) {
    for (Operation &op : block)
      visit(op);
  }

  /// The clusters with two members or more, each in program order.
  llvm::SmallVector<llvm::SmallVector<linalg::GenericOp>> clusters() {
    llvm::MapVector<Operation *, llvm::SmallVector<linalg::GenericOp>> groups;
    for (linalg::GenericOp op : members)
      groups[classes.getLeaderValue(op)].push_back(op);
    llvm::SmallVector<llvm::SmallVector<linalg::GenericOp>> result;
    for (auto &[leader, group] : groups)
      if (group.size() > 1)
        result.push_back(std::move(group));
    return result;
  }

private:
  void visit(Operation &op) {
    auto generic = llvm::dyn_cast<linalg::GenericOp>(op);
    bool joins = generic && isElementwise(generic) && canJoin(generic);
    // Any other use of a member's result closes that cluster: by another
    // op, inside another op's regions, or inside a joining generic's body
    // (a captured tensor read with tensor.extract).
    op.walk([&](Operation *nested) {
      for (OpOperand &use : nested->getOpOperands()) {
        Operation *producer = openProducer(use.get());
        if (producer && !(joins && nested == &op && generic.isDpsInput(&use)))
          closed.insert(classes.getLeaderValue(producer));
      }
    });
    if (!joins)
      return;
    members.push_back(generic);
    classes.insert(generic);
    for (OpOperand *input : generic.getDpsInputOperands())
      if (Operation *producer = openProducer(input->get()))
        classes.unionSets(generic, producer);
  }

  /// Whether `op` can join: every open member result it uses is an input
  /// read element for element.
  bool canJoin(linalg::GenericOp op) {
    for (OpOperand &operand : op->getOpOperands()) {
      if (!openProducer(operand.get()))
        continue;
      if (op.isDpsInit(&operand) ||
          !op.getMatchingIndexingMap(&operand).isIdentity())
        return false;
    }
    return true;
  }

  /// The member of an open cluster that defines `v`, if any.
  Operation *openProducer(Value v) {
    Operation *def = v.getDefiningOp();
    if (!def || classes.findValue(def) == classes.end() ||
        closed.contains(classes.getLeaderValue(def)))
      return nullptr;
    return def;
  }

  llvm::SmallVector<linalg::GenericOp> members;
  llvm::EquivalenceClasses<Operation *> classes;
  llvm::DenseSet<Operation *> closed;
};

/// Replaces `cluster` (in program order) by one generic at its last
/// member's place.
void merge(RewriterBase &rewriter, llvm::ArrayRef<linalg::GenericOp> cluster) {
  llvm::DenseSet<Operation *> inCluster;
  for (linalg::GenericOp op : cluster)
    inCluster.insert(op);
  auto internal = [&](Value v) {
    return v.getDefiningOp() && inCluster.contains(v.getDefiningOp());
  };

  // Inputs from outside, each (value, map) once; results read outside.
  llvm::SmallVector<Value> inputs;
  llvm::SmallVector<AffineMap> maps;
  llvm::DenseMap<std::pair<Value, AffineMap>, unsigned> inputIndex;
  llvm::SmallVector<OpResult> results;
  llvm::SmallVector<Value> inits;
  llvm::SmallVector<AffineMap> initMaps;
  for (linalg::GenericOp op : cluster) {
    for (OpOperand *input : op.getDpsInputOperands()) {
      auto key = std::make_pair(input->get(), op.getMatchingIndexingMap(input));
      if (internal(input->get()) || inputIndex.contains(key))
        continue;
      inputIndex[key] = inputs.size();
      inputs.push_back(key.first);
      maps.push_back(key.second);
    }
    for (OpResult result : op->getResults()) {
      if (llvm::all_of(result.getUsers(),
                       [&](Operation *user) { return inCluster.contains(user); }))
        continue;
      results.push_back(result);
      inits.push_back(op.getDpsInitOperand(result.getResultNumber())->get());
      initMaps.push_back(op.getIndexingMapMatchingResult(result));
    }
  }
  maps.append(initMaps);

  linalg::GenericOp last = cluster.back();
  rewriter.setInsertionPoint(last);
  llvm::SmallVector<Type> resultTypes;
  for (OpResult result : results)
    resultTypes.push_back(result.getType());
  llvm::SmallVector<utils::IteratorType> iterators(
      last.getNumLoops(), utils::IteratorType::parallel);
  auto merged = rewriter.create<linalg::GenericOp>(
      last.getLoc(), resultTypes, inputs, inits, maps, iterators);
  Block *body = rewriter.createBlock(&merged.getRegion());
  for (Value v : llvm::concat<Value>(inputs, inits))
    body->addArgument(getElementTypeOrSelf(v.getType()), v.getLoc());

  // The members' bodies one after the other; a member's result read by a
  // later member is the scalar its body yielded.
  llvm::DenseMap<Value, Value> scalarOf;
  for (linalg::GenericOp op : cluster) {
    Block &memberBody = op.getRegion().front();
    IRMapping mapping;
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value arg = memberBody.getArgument(input->getOperandNumber());
      Value v = input->get();
      mapping.map(arg,
                  internal(v) ? scalarOf.lookup(v)
                              : body->getArgument(inputIndex.lookup(std::make_pair(
                                    v, op.getMatchingIndexingMap(input)))));
    }
    for (Operation &bodyOp : memberBody.without_terminator())
      rewriter.clone(bodyOp, mapping);
    auto yield = llvm::cast<linalg::YieldOp>(memberBody.getTerminator());
    for (OpResult result : op->getResults())
      scalarOf[result] =
          mapping.lookupOrDefault(yield.getOperand(result.getResultNumber()));
  }
  llvm::SmallVector<Value> yielded;
  for (OpResult result : results)
    yielded.push_back(scalarOf.lookup(result));
  rewriter.create<linalg::YieldOp>(last.getLoc(), yielded);

  for (auto [result, replacement] : llvm::zip(results, merged.getResults()))
    rewriter.replaceAllUsesWith(result, replacement);
  for (linalg::GenericOp op : llvm::reverse(cluster))
    rewriter.eraseOp(op);
}

struct MergeElementwisePass
    : rnnc::impl::MergeElementwiseBase<MergeElementwisePass> {
  void runOnOperation() override {
    llvm::SmallVector<Block *> blocks;
    getOperation()->walk([&](Block *block) {
      if (!llvm::isa_and_nonnull<linalg::LinalgOp>(block->getParentOp()))
        blocks.push_back(block);
    });
    IRRewriter rewriter(&getContext());
    for (Block *block : blocks)
      for (auto &cluster : Clustering(*block).clusters())
        merge(rewriter, cluster);
  }
};

} // namespace
