//===- SinkEmbeddings.cpp - row gathers of a time loop done per step ------===//
//
// See the description of rnn-sink-embeddings in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "ScanRewriting.h"

namespace rnnc {
#define GEN_PASS_DEF_SINKEMBEDDINGS
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// The sequences of `scan` that are embeddings read by the scan alone.
llvm::SmallVector<unsigned> sinkableSequences(ScanOp scan) {
  llvm::SmallVector<unsigned> found;
  for (auto [index, seq] : llvm::enumerate(scan.getSequences())) {
    if (!seq.getDefiningOp<EmbeddingOp>())
      continue;
    bool onlyThisScan = llvm::all_of(seq.getUses(), [&](OpOperand &use) {
      return use.getOwner() == scan.getOperation();
    });
    if (onlyThisScan)
      found.push_back(index);
  }
  return found;
}

/// Sinks the embeddings of one scan into its body; returns whether it
/// changed. The old sequences are left unread; the scan's canonicalization
/// drops them, and the whole-sequence embeddings become dead.
bool sink(RewriterBase &rewriter, ScanOp scan) {
  llvm::SmallVector<unsigned> sequences = sinkableSequences(scan);
  if (sequences.empty())
    return false;
  llvm::SmallVector<Value> indices;
  for (unsigned index : sequences)
    indices.push_back(
        scan.getSequences()[index].getDefiningOp<EmbeddingOp>().getIndices());

  rnnc::ScanEdit edit;
  edit.newSequences = indices;
  rnnc::RebuiltScan rebuilt = rnnc::rebuildScan(rewriter, scan, edit);
  // The rebuilt body's arguments for the old sequences keep their numbers.
  Block &body = rebuilt.scan.getBodyBlock();
  rewriter.setInsertionPointToStart(&body);
  for (auto [index, stepIds] : llvm::zip(sequences, rebuilt.newSequenceArgs)) {
    BlockArgument old = body.getArgument(index);
    auto embedding =
        rebuilt.scan.getSequences()[index].getDefiningOp<EmbeddingOp>();
    Value rows = rewriter.create<EmbeddingOp>(embedding.getLoc(), old.getType(),
                                              stepIds, embedding.getTable());
    rewriter.replaceAllUsesWith(old, rows);
  }
  rnnc::replaceScan(rewriter, scan, rebuilt.resultMap);
  return true;
}

struct SinkEmbeddingsPass : rnnc::impl::SinkEmbeddingsBase<SinkEmbeddingsPass> {
  void runOnOperation() override {
    rnnc::rewriteScans(getOperation(), sink);
  }
};

} // namespace
