//===- ScanRewriting.cpp - rebuilding rnn.scan ops
//-------------------------===//
//
// See ScanRewriting.h.
//
//===----------------------------------------------------------------------===//

#include "ScanRewriting.h"

using namespace mlir;
using namespace mlir::rnn;

int64_t rnnc::stepCount(ScanOp scan) {
  int64_t steps = ShapedType::kDynamic;
  for (Value seq : scan.getSequences()) {
    int64_t t = llvm::cast<RankedTensorType>(seq.getType()).getDimSize(0);
    if (!ShapedType::isDynamic(t))
      steps = t;
  }
  return steps;
}

RankedTensorType rnnc::stackedType(ScanOp scan, Type perStep) {
  auto type = llvm::cast<RankedTensorType>(perStep);
  llvm::SmallVector<int64_t> shape{stepCount(scan)};
  shape.append(type.getShape().begin(), type.getShape().end());
  return RankedTensorType::get(shape, type.getElementType());
}

rnnc::RebuiltScan rnnc::rebuildScan(RewriterBase &rewriter, ScanOp scan,
                                    const ScanEdit &edit) {
  ValueRange newSequences = edit.newSequences;
  llvm::ArrayRef<unsigned> dropStates = edit.dropStates;
  llvm::ArrayRef<Value> newOutputs = edit.newOutputs;
  RebuiltScan result;
  Location loc = scan.getLoc();
  size_t numSeqs = scan.getSequences().size();
  size_t numStates = scan.getInits().size();
  auto kept = [&](unsigned state) {
    return !llvm::is_contained(dropStates, state);
  };

  llvm::SmallVector<Value> sequences(scan.getSequences());
  sequences.append(newSequences.begin(), newSequences.end());
  llvm::SmallVector<Value> inits;
  llvm::SmallVector<Type> types;
  for (unsigned i = 0; i < numStates; ++i)
    if (kept(i)) {
      inits.push_back(scan.getInits()[i]);
      types.push_back(scan.getInits()[i].getType());
    }
  for (Value out : scan.getStackedOutputs())
    types.push_back(out.getType());
  for (Value out : newOutputs)
    types.push_back(stackedType(scan, out.getType()));

  rewriter.setInsertionPoint(scan);
  auto rebuilt = rewriter.create<ScanOp>(loc, types, sequences, inits,
                                         scan.getDirection());
  rebuilt.getBody().takeBody(scan.getBody());
  Block &body = rebuilt.getBodyBlock();
  for (auto [i, seq] : llvm::enumerate(newSequences)) {
    auto seqType = llvm::cast<RankedTensorType>(seq.getType());
    auto slice = RankedTensorType::get(seqType.getShape().drop_front(),
                                       seqType.getElementType());
    result.newSequenceArgs.push_back(
        body.insertArgument(numSeqs + i, slice, loc));
  }

  // The new yield: kept states, the old outputs, the new outputs.
  auto yield = llvm::cast<YieldOp>(body.getTerminator());
  llvm::SmallVector<Value> yielded;
  for (unsigned i = 0; i < numStates; ++i)
    if (kept(i))
      yielded.push_back(yield.getValues()[i]);
  for (Value v : yield.getValues().drop_front(numStates))
    yielded.push_back(v);
  yielded.append(newOutputs.begin(), newOutputs.end());
  rewriter.setInsertionPoint(yield);
  rewriter.create<YieldOp>(yield.getLoc(), yielded);
  rewriter.eraseOp(yield);
  if (edit.beforeArgumentsDropped)
    edit.beforeArgumentsDropped(body);

  // Drop the removed states' block arguments (highest index first).
  size_t stateBase = numSeqs + newSequences.size();
  llvm::SmallVector<unsigned> sorted(dropStates);
  llvm::sort(sorted);
  for (unsigned i : llvm::reverse(sorted))
    body.eraseArgument(stateBase + i);

  unsigned next = 0;
  for (unsigned i = 0; i < numStates; ++i)
    result.resultMap.push_back(kept(i) ? rebuilt.getResult(next++) : Value());
  for (size_t j = 0; j < scan.getStackedOutputs().size(); ++j)
    result.resultMap.push_back(rebuilt.getResult(next++));
  for (size_t j = 0; j < newOutputs.size(); ++j)
    result.newOutputResults.push_back(rebuilt.getResult(next++));
  result.scan = rebuilt;
  return result;
}

void rnnc::replaceScan(RewriterBase &rewriter, ScanOp scan,
                       llvm::ArrayRef<Value> replacements) {
  for (auto [old, replacement] : llvm::zip(scan.getResults(), replacements))
    if (replacement)
      rewriter.replaceAllUsesWith(old, replacement);
  rewriter.eraseOp(scan);
}

void rnnc::rewriteScans(
    Operation *root,
    llvm::function_ref<bool(RewriterBase &, ScanOp)> rewrite) {
  llvm::SmallVector<ScanOp> scans;
  root->walk([&](ScanOp scan) { scans.push_back(scan); });
  IRRewriter rewriter(root->getContext());
  for (ScanOp scan : scans)
    rewrite(rewriter, scan);
}
