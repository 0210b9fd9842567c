//===- UnrollSteps.cpp - unroll the time loops of the recurrences
//----------===//
//
// See the description of rnn-unroll-steps in Passes.td. Unrolling happens
// on the loop form (scf.for) rather than on rnn.scan: the sequence length is
// usually only known at run time, and scf's unroller handles the remainder.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"

namespace rnnc {
#define GEN_PASS_DEF_UNROLLSTEPS
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {
struct UnrollStepsPass : rnnc::impl::UnrollStepsBase<UnrollStepsPass> {
  using UnrollStepsBase::UnrollStepsBase;

  void runOnOperation() override {
    llvm::SmallVector<scf::ForOp> loops;
    getOperation()->walk([&](scf::ForOp loop) {
      if (loop->hasAttr("rnn.time_loop"))
        loops.push_back(loop);
    });
    for (scf::ForOp loop : loops) {
      if (factor == 1)
        continue;
      uint64_t by = factor;
      if (factor == 0) {
        // Completely: by the trip count; canonicalisation then folds the
        // single remaining iteration away.
        std::optional<int64_t> lower =
            getConstantIntValue(loop.getLowerBound());
        std::optional<int64_t> upper =
            getConstantIntValue(loop.getUpperBound());
        if (!lower || !upper) {
          loop.emitRemark() << "not unrolled completely: the number of time "
                               "steps is only known at run time";
          continue;
        }
        if (*upper - *lower < 2)
          continue;
        by = static_cast<uint64_t>(*upper - *lower);
      }
      if (failed(loopUnrollByFactor(loop, by)))
        return signalPassFailure();
    }
  }
};
} // namespace
