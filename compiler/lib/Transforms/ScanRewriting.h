//===- ScanRewriting.h - rebuilding rnn.scan ops ---------------*- C++ -*-===//
//
// The shape-changing edits transformation passes make to a scan: add
// sequences (new per-step block arguments), drop carried states, add
// per-step outputs. Private to compiler/lib/Transforms.
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

/// Rebuilds `scan` (which is erased) with:
///  - `newSequences` appended to the sequences; their per-step block
///    arguments are returned in `newSequenceArgs`;
///  - the carried states at `dropStates` removed: their yielded values are
///    dropped and their block arguments must have no uses left once the
///    yield is rebuilt (the caller erases the ops that used them first);
///  - `newOutputs` (values of the body) appended to the per-step outputs.
/// `resultMap[i]` is the new result replacing old result i (null for a
/// dropped state); results for the new outputs follow in `newOutputResults`.
mlir::rnn::ScanOp
rebuildScan(mlir::RewriterBase &rewriter, mlir::rnn::ScanOp scan,
            mlir::ValueRange newSequences, llvm::ArrayRef<unsigned> dropStates,
            llvm::ArrayRef<mlir::Value> newOutputs,
            llvm::SmallVectorImpl<mlir::Value> &newSequenceArgs,
            llvm::SmallVectorImpl<mlir::Value> &resultMap,
            llvm::SmallVectorImpl<mlir::Value> &newOutputResults,
            llvm::function_ref<void(mlir::Block &)> beforeYieldRebuild = {});

} // namespace rnnc

#endif // RNNC_TRANSFORMS_SCANREWRITING_H
