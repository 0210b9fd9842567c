//===- BatchWeightGradients.cpp - per-step gradient sums as one GEMM
//-------===//
//
// See the description of rnn-batch-weight-gradients in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "ScanRewriting.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace rnnc {
#define GEN_PASS_DEF_BATCHWEIGHTGRADIENTS
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// One accumulator `acc' = acc + term(a_t, b_t)` of a scan.
struct Accumulator {
  unsigned state;
  /// Erased when the scan is rebuilt: only `loc` may be used afterwards.
  Operation *add, *term;
  Location loc;
  Value a, b; // a is null for a reduction
  /// For each of a and b: the whole sequence (if a step slice) or the index
  /// among the new per-step outputs.
  Value wholeA, wholeB;
  int outputA = -1, outputB = -1;
};

bool isLeadingSumReduce(ReduceOp reduce) {
  if (reduce.getKind() != ReduceKind::sum || reduce.getKeepDims())
    return false;
  for (auto [i, d] : llvm::enumerate(reduce.getDims()))
    if (d != static_cast<int64_t>(i))
      return false;
  return !reduce.getDims().empty();
}

bool isZeroFill(Value v) {
  auto fill = v.getDefiningOp<FillOp>();
  return fill && fill.getValue().isZero();
}

bool batch(RewriterBase &rewriter, ScanOp scan) {
  Block &body = scan.getBodyBlock();
  size_t numSeqs = scan.getSequences().size();
  auto yield = llvm::cast<YieldOp>(body.getTerminator());
  llvm::SmallVector<Accumulator> accs;
  llvm::SmallVector<Value> newOutputs;

  // Where a step operand comes from once the loop is gone.
  auto place = [&](Value v, Value &whole, int &output) {
    if (auto arg = llvm::dyn_cast<BlockArgument>(v)) {
      if (arg.getOwner() == &body && arg.getArgNumber() < numSeqs) {
        whole = scan.getSequences()[arg.getArgNumber()];
        return true;
      }
      return false; // a carried state: not stackable
    }
    if (!scan.getBody().isAncestor(v.getParentRegion()))
      return false; // loop-invariant: not a per-step value
    auto it = llvm::find(newOutputs, v);
    output = it - newOutputs.begin();
    if (it == newOutputs.end())
      newOutputs.push_back(v);
    return true;
  };

  // The adds `acc + term` that make a state's next value. A term may feed
  // several of them (the gradients of bias_ih and bias_hh are the same sum);
  // it leaves the loop only if all its users are such adds.
  llvm::MapVector<Operation *, unsigned> accumulatorAdds;
  for (unsigned j = 0; j < scan.getInits().size(); ++j) {
    BlockArgument acc = body.getArgument(numSeqs + j);
    auto add = yield.getValues()[j].getDefiningOp<AddOp>();
    if (!add || add->getBlock() != &body || !acc.hasOneUse() ||
        !add->hasOneUse() || add.getType() != acc.getType() ||
        (add.getLhs() != acc && add.getRhs() != acc))
      continue;
    Value term = add.getLhs() == acc ? add.getRhs() : add.getLhs();
    if (term.getType() == acc.getType())
      accumulatorAdds[add] = j;
  }
  for (auto [addOp, j] : accumulatorAdds) {
    auto add = llvm::cast<AddOp>(addOp);
    BlockArgument acc = body.getArgument(numSeqs + j);
    Value term = add.getLhs() == acc ? add.getRhs() : add.getLhs();
    if (!llvm::all_of(term.getUsers(), [&](Operation *user) {
          return accumulatorAdds.contains(user);
        }))
      continue;
    Accumulator candidate{j,  add, term.getDefiningOp(), add.getLoc(), {}, {},
                          {}, {}};
    if (auto mm = term.getDefiningOp<MatmulOp>(); mm && mm.getTransposeLhs()) {
      candidate.a = mm.getLhs();
      candidate.b = mm.getRhs();
    } else if (auto reduce = term.getDefiningOp<ReduceOp>();
               reduce && isLeadingSumReduce(reduce)) {
      candidate.b = reduce.getInput();
    } else {
      continue;
    }
    size_t outputsBefore = newOutputs.size();
    if ((candidate.a &&
         !place(candidate.a, candidate.wholeA, candidate.outputA)) ||
        !place(candidate.b, candidate.wholeB, candidate.outputB)) {
      newOutputs.resize(outputsBefore);
      continue;
    }
    accs.push_back(candidate);
  }
  if (accs.empty())
    return false;

  llvm::SmallVector<unsigned> drop;
  for (const Accumulator &acc : accs)
    drop.push_back(acc.state);
  // The accumulations leave the body (function_ref: the lambda must
  // outlive the edit).
  auto eraseAccumulations = [&](Block &) {
    llvm::SetVector<Operation *> terms;
    for (const Accumulator &acc : accs) {
      rewriter.eraseOp(acc.add);
      terms.insert(acc.term);
    }
    for (Operation *term : terms)
      rewriter.eraseOp(term);
  };
  rnnc::ScanEdit edit;
  edit.dropStates = drop;
  edit.newOutputs = newOutputs;
  edit.beforeArgumentsDropped = eraseAccumulations;
  rnnc::RebuiltScan rebuilt = rnnc::rebuildScan(rewriter, scan, edit);
  llvm::SmallVector<Value> &resultMap = rebuilt.resultMap;
  llvm::SmallVector<Value> &outputResults = rebuilt.newOutputResults;

  // The sums over every step, after the loop.
  rewriter.setInsertionPointAfter(rebuilt.scan);
  for (const Accumulator &acc : accs) {
    Location loc = acc.loc;
    Value init = scan.getInits()[acc.state];
    Type type = init.getType();
    Value b = acc.wholeB ? acc.wholeB : outputResults[acc.outputB];
    Value total;
    if (acc.a) {
      Value a = acc.wholeA ? acc.wholeA : outputResults[acc.outputA];
      total = rewriter.create<MatmulOp>(loc, type, a, b, true, false);
    } else {
      int64_t rank = llvm::cast<RankedTensorType>(b.getType()).getRank();
      int64_t keep = llvm::cast<RankedTensorType>(type).getRank();
      llvm::SmallVector<int64_t> dims;
      for (int64_t d = 0; d < rank - keep; ++d)
        dims.push_back(d);
      total =
          rewriter.create<ReduceOp>(loc, type, ReduceKind::sum, b,
                                    rewriter.getDenseI64ArrayAttr(dims), false);
    }
    if (!isZeroFill(init))
      total = rewriter.create<AddOp>(loc, type, init, total);
    resultMap[acc.state] = total;
  }
  rnnc::replaceScan(rewriter, scan, resultMap);
  return true;
}

struct BatchWeightGradientsPass
    : rnnc::impl::BatchWeightGradientsBase<BatchWeightGradientsPass> {
  void runOnOperation() override {
    rnnc::rewriteScans(getOperation(), batch);
  }
};

} // namespace
