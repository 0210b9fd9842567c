//===- Internals.h - shared by the rnn-to-linalg patterns --------*- C++
//-*-===//
//
// Private to compiler/lib/Conversion/RNNToLinalg: the pattern sets of each
// op family and the helpers they share.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_CONVERSION_RNNTOLINALG_INTERNALS_H
#define RNNC_CONVERSION_RNNTOLINALG_INTERNALS_H

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace rnnc::rnn_to_linalg {

/// An empty tensor of `type` whose dynamic sizes are given in order.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type,
                        mlir::ValueRange dynamicSizes);

/// A tensor of `type` filled with `value`.
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type,
                         mlir::ValueRange dynamicSizes, double value);

/// The dynamic sizes of `value` (tensor.dim of each dynamic dimension).
llvm::SmallVector<mlir::Value>
dynamicSizesOf(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value);

/// The dynamic sizes of `type` read from `sources`: result dimension d of a
/// broadcast takes its size from the first source whose right-aligned
/// dimension is not a static 1.
llvm::SmallVector<mlir::Value> broadcastSizes(mlir::OpBuilder &b,
                                              mlir::Location loc,
                                              mlir::RankedTensorType type,
                                              mlir::ValueRange sources);

/// The indexing map that reads `operand` broadcast to a result of `rank`.
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx, mlir::Type operand,
                             mlir::RankedTensorType result);

/// The type of `value` without its last dimension; its dynamic sizes are
/// appended to `sizes`.
mlir::RankedTensorType dropLast(mlir::OpBuilder &b, mlir::Location loc,
                                mlir::Value value,
                                llvm::SmallVectorImpl<mlir::Value> &sizes);

/// Partial results a long last-dimension reduction keeps (reduceLast): one
/// 512-bit vector of f32.
constexpr int64_t kReductionLanes = 16;

/// Reduces the last dimension of `x` by max (from -inf) or sum (from 0);
/// a static length of at least 2 x kReductionLanes, a multiple of it, as
/// kReductionLanes strided partial results combined after.
mlir::Value reduceLast(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       bool max);

/// A linalg.generic producing `outType` (dynamic sizes `sizes`) from
/// `inputs` read through `maps`; `body` maps input elements to the output
/// element and may use linalg.index.
mlir::Value
generic(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType outType,
        mlir::ValueRange sizes, mlir::ValueRange inputs,
        llvm::ArrayRef<mlir::AffineMap> maps,
        llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                       mlir::ValueRange)>
            body);

/// The map of `rank` loop dimensions reading all but the last.
mlir::AffineMap dropLastMap(mlir::MLIRContext *ctx, int64_t rank);

/// The type of a value known to be a ranked tensor.
inline mlir::RankedTensorType typeOf(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType());
}

/// SplitMix64's finaliser on an i64.
mlir::Value mix64(mlir::OpBuilder &b, mlir::Location loc, mlir::Value z);

/// The training step of this call of `op`'s function: a private global
/// counter, read and advanced once at the function's entry (RandomStreams).
mlir::Value trainingStep(mlir::PatternRewriter &rewriter, mlir::Operation *op);

/// The runtime's `rnnc_rt_batch_offset` (the first row of this rank's share
/// of the batch), read at the entry of `op`'s function, as an index.
mlir::Value batchOffset(mlir::PatternRewriter &rewriter, mlir::Operation *op);

/// mix64(seed ^ step): the key of one op's draws in one training step.
mlir::Value seededStep(mlir::OpBuilder &b, mlir::Location loc, int64_t seed,
                       mlir::Value step);

/// A uniform f64 in [0, 1) from `seedAndStep` and the indices `position`.
mlir::Value uniformDraw(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value seedAndStep, mlir::ValueRange position);

void populateElementwisePatterns(mlir::RewritePatternSet &patterns);
void populateMatmulPatterns(mlir::RewritePatternSet &patterns);
void populateReducePatterns(mlir::RewritePatternSet &patterns);
void populateScanPatterns(mlir::RewritePatternSet &patterns);
void populateLossPatterns(mlir::RewritePatternSet &patterns);
void populateShapePatterns(mlir::RewritePatternSet &patterns);
void populateEmbeddingPatterns(mlir::RewritePatternSet &patterns);
void populateNormPatterns(mlir::RewritePatternSet &patterns);
void populateTruncationPatterns(mlir::RewritePatternSet &patterns);
void populateDropoutPatterns(mlir::RewritePatternSet &patterns);

} // namespace rnnc::rnn_to_linalg

#endif // RNNC_CONVERSION_RNNTOLINALG_INTERNALS_H
