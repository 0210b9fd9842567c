//===- RNNToLinalg.cpp - the convert-rnn-to-linalg pass
//--------------------===//
//
// Collects the pattern families (Elementwise.cpp, Matmul.cpp, Reduce.cpp,
// Scan.cpp, Losses.cpp, Shape.cpp, Norm.cpp) and applies them greedily, so ops
// cloned into loop bodies by the scan lowering are lowered too.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Conversion/Passes.h"

#include "Internals.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rnnc {
#define GEN_PASS_DEF_CONVERTRNNTOLINALG
#include "rnnc/Conversion/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {
struct ConvertRNNToLinalgPass
    : rnnc::impl::ConvertRNNToLinalgBase<ConvertRNNToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    rnnc::rnn_to_linalg::populateElementwisePatterns(patterns);
    rnnc::rnn_to_linalg::populateMatmulPatterns(patterns);
    rnnc::rnn_to_linalg::populateReducePatterns(patterns);
    rnnc::rnn_to_linalg::populateScanPatterns(patterns);
    rnnc::rnn_to_linalg::populateLossPatterns(patterns);
    rnnc::rnn_to_linalg::populateShapePatterns(patterns);
    rnnc::rnn_to_linalg::populateEmbeddingPatterns(patterns);
    rnnc::rnn_to_linalg::populateNormPatterns(patterns);
    rnnc::rnn_to_linalg::populateTruncationPatterns(patterns);
    rnnc::rnn_to_linalg::populateDropoutPatterns(patterns);
    // Scan bodies are cloned and lowered in turn: allow as many rounds as
    // the nesting needs, and say so if the rewrite still does not settle.
    GreedyRewriteConfig config;
    config.maxIterations = GreedyRewriteConfig::kNoLimit;
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns),
                                            config))) {
      getOperation()->emitError()
          << "convert-rnn-to-linalg: the rewrite did not converge";
      signalPassFailure();
    }
  }
};
} // namespace
