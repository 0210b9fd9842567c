//===- HoistInputProjection.cpp - one GEMM for all input projections
//-------===//
//
// See the description of rnn-hoist-input-projection in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "ScanRewriting.h"

namespace rnnc {
#define GEN_PASS_DEF_HOISTINPUTPROJECTION
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// The sequence index of `v` if it is a step slice argument of `scan`.
std::optional<unsigned> sequenceIndex(ScanOp scan, Value v) {
  auto arg = llvm::dyn_cast<BlockArgument>(v);
  if (!arg || arg.getOwner() != &scan.getBodyBlock() ||
      arg.getArgNumber() >= scan.getSequences().size())
    return std::nullopt;
  return arg.getArgNumber();
}

bool definedOutside(ScanOp scan, Value v) {
  return !v || !scan.getBody().isAncestor(v.getParentRegion());
}

/// Hoists the projections of one scan; returns whether it changed.
bool hoist(RewriterBase &rewriter, ScanOp scan) {
  llvm::SmallVector<Operation *> candidates;
  for (Operation &op : scan.getBodyBlock().without_terminator()) {
    if (auto mm = llvm::dyn_cast<MatmulOp>(op)) {
      if (!mm.getTransposeLhs() && sequenceIndex(scan, mm.getLhs()) &&
          definedOutside(scan, mm.getRhs()))
        candidates.push_back(&op);
    } else if (auto linear = llvm::dyn_cast<LinearOp>(op)) {
      if (sequenceIndex(scan, linear.getInput()) &&
          definedOutside(scan, linear.getWeight()) &&
          definedOutside(scan, linear.getBias()))
        candidates.push_back(&op);
    }
  }
  if (candidates.empty())
    return false;

  // The projections of whole sequences, before the loop.
  rewriter.setInsertionPoint(scan);
  llvm::SmallVector<Value> projections;
  for (Operation *op : candidates) {
    Type type = rnnc::stackedType(scan, op->getResult(0).getType());
    if (auto mm = llvm::dyn_cast<MatmulOp>(op)) {
      Value seq = scan.getSequences()[*sequenceIndex(scan, mm.getLhs())];
      projections.push_back(rewriter.create<MatmulOp>(
          op->getLoc(), type, seq, mm.getRhs(), false, mm.getTransposeRhs()));
    } else {
      auto linear = llvm::cast<LinearOp>(op);
      Value seq = scan.getSequences()[*sequenceIndex(scan, linear.getInput())];
      projections.push_back(rewriter.create<LinearOp>(
          op->getLoc(), type, seq, linear.getWeight(), linear.getBias()));
    }
  }

  rnnc::ScanEdit edit;
  edit.newSequences = projections;
  rnnc::RebuiltScan rebuilt = rnnc::rebuildScan(rewriter, scan, edit);
  for (auto [op, arg] : llvm::zip(candidates, rebuilt.newSequenceArgs))
    rewriter.replaceOp(op, arg);
  rnnc::replaceScan(rewriter, scan, rebuilt.resultMap);
  return true;
}

struct HoistInputProjectionPass
    : rnnc::impl::HoistInputProjectionBase<HoistInputProjectionPass> {
  void runOnOperation() override {
    rnnc::rewriteScans(getOperation(), hoist);
  }
};

} // namespace
