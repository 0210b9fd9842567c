//===- Scan.cpp - rnn.scan to scf.for
//--------------------------------------===//
//
// One scf.for over the steps; the carried states and one buffer per
// stacked output are its iteration arguments (sized from a dry run of
// step 0 that canonicalisation folds away). Step t reads each sequence's
// slice t with tensor.extract_slice and writes each output at t with
// tensor.insert_slice; a reverse scan visits t = T-1 .. 0.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"
#include "rnnc/Transforms/TimeLoopSizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

struct ScanLowering : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    Location loc = scan.getLoc();
    size_t numSeqs = scan.getSequences().size();
    size_t numStates = scan.getInits().size();
    Block &body = scan.getBodyBlock();
    auto yield = llvm::cast<YieldOp>(body.getTerminator());
    Value first = scan.getSequences().front();
    Value steps = rewriter.create<tensor::DimOp>(loc, first, 0);

    // The sizes of every sequence's step slice, read once before the loop.
    llvm::SmallVector<llvm::SmallVector<OpFoldResult>> sliceSizes;
    for (Value seq : scan.getSequences()) {
      auto seqType = llvm::cast<RankedTensorType>(seq.getType());
      llvm::SmallVector<OpFoldResult> sizes{rewriter.getIndexAttr(1)};
      for (int64_t d = 1; d < seqType.getRank(); ++d)
        sizes.push_back(tensor::getMixedSize(rewriter, loc, seq, d));
      sliceSizes.push_back(sizes);
    }

    // One slice of every sequence at step `t` (the body's arguments).
    auto mapSlices = [&](OpBuilder &b, Location l, Value t, IRMapping &map) {
      for (size_t s = 0; s < numSeqs; ++s) {
        Value seq = scan.getSequences()[s];
        auto seqType = llvm::cast<RankedTensorType>(seq.getType());
        llvm::SmallVector<OpFoldResult> offsets{t}, strides{b.getIndexAttr(1)};
        llvm::SmallVector<OpFoldResult> sizes = sliceSizes[s];
        for (int64_t d = 1; d < seqType.getRank(); ++d) {
          offsets.push_back(b.getIndexAttr(0));
          strides.push_back(b.getIndexAttr(1));
        }
        auto sliceType =
            llvm::cast<RankedTensorType>(body.getArgument(s).getType());
        map.map(body.getArgument(s),
                b.create<tensor::ExtractSliceOp>(l, sliceType, seq, offsets,
                                                 sizes, strides));
      }
    };

    // A buffer per stacked output. Its per-step sizes are read off a dry
    // run of step 0 (canonicalisation folds those tensor.dim ops back to
    // the inputs' sizes and the dry run becomes dead). A scan has at least
    // one step.
    llvm::SmallVector<Value> buffers;
    if (!scan.getStackedOutputs().empty()) {
      IRMapping dry;
      Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
      mapSlices(rewriter, loc, zero, dry);
      for (size_t k = 0; k < numStates; ++k)
        dry.map(body.getArgument(numSeqs + k), scan.getInits()[k]);
      for (Operation &op : body.without_terminator())
        rewriter.clone(op, dry);
      for (auto [j, out] : llvm::enumerate(scan.getStackedOutputs())) {
        auto type = llvm::cast<RankedTensorType>(out.getType());
        Value step = dry.lookupOrDefault(yield.getValues()[numStates + j]);
        llvm::SmallVector<Value> sizes;
        if (type.isDynamicDim(0))
          sizes.push_back(steps);
        for (int64_t d = 1; d < type.getRank(); ++d)
          if (type.isDynamicDim(d))
            sizes.push_back(rewriter.create<tensor::DimOp>(loc, step, d - 1));
        buffers.push_back(emptyTensor(rewriter, loc, type, sizes));
      }
    }

    llvm::SmallVector<Value> iterArgs(scan.getInits());
    iterArgs.append(buffers.begin(), buffers.end());
    Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    bool reverse = scan.getDirection() == Direction::reverse;
    auto loop = rewriter.create<scf::ForOp>(
        loc, zero, steps, one, iterArgs,
        [&](OpBuilder &b, Location l, Value i, ValueRange args) {
          Value t = i;
          if (reverse) // T - 1 - i
            t = b.create<arith::SubIOp>(
                l, b.create<arith::SubIOp>(l, steps, one), i);
          IRMapping map;
          mapSlices(b, l, t, map);
          for (size_t k = 0; k < numStates; ++k)
            map.map(body.getArgument(numSeqs + k), args[k]);
          // Step t of stacked output j: buffer[t] = out.
          auto store = [&](size_t j, Value out) -> Value {
            auto outType = llvm::cast<RankedTensorType>(out.getType());
            llvm::SmallVector<OpFoldResult> offsets{t},
                sizes{b.getIndexAttr(1)}, strides{b.getIndexAttr(1)};
            for (int64_t d = 0; d < outType.getRank(); ++d) {
              offsets.push_back(b.getIndexAttr(0));
              sizes.push_back(tensor::getMixedSize(b, l, out, d));
              strides.push_back(b.getIndexAttr(1));
            }
            return b.create<tensor::InsertSliceOp>(
                l, out, args[numStates + j], offsets, sizes, strides);
          };
          // An entering state saved per step (BPTT's h_prev) is stored
          // before the step computes the next state, which may then be
          // written over it (rnn-states-in-place).
          llvm::SmallVector<Value> stored(buffers.size());
          for (size_t j = 0; j < buffers.size(); ++j) {
            auto arg = llvm::dyn_cast<BlockArgument>(
                yield.getValues()[numStates + j]);
            if (arg && arg.getOwner() == &body && arg.getArgNumber() >= numSeqs)
              stored[j] = store(j, map.lookup(arg));
          }
          for (Operation &op : body.without_terminator())
            b.clone(op, map);

          llvm::SmallVector<Value> next;
          for (size_t k = 0; k < numStates; ++k)
            next.push_back(map.lookupOrDefault(yield.getValues()[k]));
          for (size_t j = 0; j < buffers.size(); ++j)
            next.push_back(stored[j] ? stored[j]
                                     : store(j, map.lookupOrDefault(
                                                    yield.getValues()[numStates + j])));
          b.create<scf::YieldOp>(l, next);
        });
    // Marks the loop as a recurrence over time, for rnn-unroll-steps.
    loop->setAttr("rnn.time_loop", rewriter.getUnitAttr());
    rewriter.replaceOp(scan, loop.getResults());
    return success();
  }
};

/// The size of a step's slice is the slice's size operand: tensor.dim of
/// a rank-reducing tensor.extract_slice (which tensor.dim's folder leaves)
/// reads the size of the kept dimension, defined before the time loop.
struct DimOfSlice : OpRewritePattern<tensor::DimOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::DimOp dim,
                                PatternRewriter &rewriter) const override {
    auto slice = dim.getSource().getDefiningOp<tensor::ExtractSliceOp>();
    std::optional<int64_t> index = getConstantIntValue(dim.getIndex());
    if (!slice || !index)
      return failure();
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    int64_t kept = -1;
    for (unsigned d = 0; d < dropped.size(); ++d)
      if (!dropped.test(d) && ++kept == *index) {
        OpFoldResult size = slice.getMixedSizes()[d];
        if (auto value = llvm::dyn_cast<Value>(size))
          rewriter.replaceOp(dim, value);
        else
          rewriter.replaceOpWithNewOp<arith::ConstantIndexOp>(
              dim, *getConstantIntValue(size));
        return success();
      }
    return failure();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateScanPatterns(RewritePatternSet &patterns) {
  patterns.add<ScanLowering, DimOfSlice>(patterns.getContext());
  rnnc::populateTimeLoopSizePatterns(patterns);
}
