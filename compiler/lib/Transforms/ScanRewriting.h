//===- ScanRewriting.h - rebuilding rnn.scan ops ---------------*- C++ -*-===//
//
// The shape-changing edits transformation passes make to a scan: add
// sequences (new per-step block arguments), drop carried states, add
// per-step outputs; then the old scan's uses go to the new one. Private to
// compiler/lib/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TRANSFORMS_SCANREWRITING_H
#define RNNC_TRANSFORMS_SCANREWRITING_H

#include "RNN/IR/RNNOps.h"

#include "mlir/IR/PatternMatch.h"

namespace rnnc {

/// The scan's number of steps if a sequence's type knows it, else dynamic.
int64_t stepCount(mlir::rnn::ScanOp scan);

/// The type of `perStep` stacked along the scan's time dimension.
mlir::RankedTensorType stackedType(mlir::rnn::ScanOp scan, mlir::Type perStep);

/// The shape-changing edits of one rebuild.
struct ScanEdit {
  /// Appended to the sequences; their per-step block arguments come back
  /// in RebuiltScan::newSequenceArgs.
  mlir::ValueRange newSequences;
  /// Carried states removed: their yielded values are dropped and their
  /// block arguments must have no uses left once the yield is rebuilt (the
  /// caller erases the ops that used them in `beforeArgumentsDropped`).
  llvm::ArrayRef<unsigned> dropStates;
  /// Values of the body appended to the per-step outputs.
  llvm::ArrayRef<mlir::Value> newOutputs;
  llvm::function_ref<void(mlir::Block &)> beforeArgumentsDropped = {};
};

/// A scan rebuilt by rebuildScan and what the edit made.
struct RebuiltScan {
  mlir::rnn::ScanOp scan;
  llvm::SmallVector<mlir::Value> newSequenceArgs;
  /// The new result for each result of the old scan (null for a dropped
  /// state); replaceScan makes them its uses' values.
  llvm::SmallVector<mlir::Value> resultMap;
  /// The stacked results of ScanEdit::newOutputs.
  llvm::SmallVector<mlir::Value> newOutputResults;
};

/// Builds the edited scan before `scan`, moving its body over; `scan` stays
/// (without a body) until replaceScan.
RebuiltScan rebuildScan(mlir::RewriterBase &rewriter, mlir::rnn::ScanOp scan,
                        const ScanEdit &edit);

/// Replaces the uses of each result of `scan` by `replacements` (the
/// rebuilt scan's resultMap, possibly with some entries recomputed) and
/// erases it.
void replaceScan(mlir::RewriterBase &rewriter, mlir::rnn::ScanOp scan,
                 llvm::ArrayRef<mlir::Value> replacements);

/// Runs `rewrite` on every scan in `root`, collected before the first
/// rewrite (which may rebuild scans); `rewrite` returns whether it changed
/// the scan.
void rewriteScans(
    mlir::Operation *root,
    llvm::function_ref<bool(mlir::RewriterBase &, mlir::rnn::ScanOp)> rewrite);

} // namespace rnnc

#endif // RNNC_TRANSFORMS_SCANREWRITING_H
