//===- ApproximateMath.cpp - polynomial approximations of math ops
//---------===//
//
// See the description of rnn-codegen-approximate-math in Passes.td. MLIR 19 ships
// the patterns but registers the pass only as a test pass of mlir-opt.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rnnc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "rnnc/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {
struct ApproximateMathPass
    : rnnc::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
