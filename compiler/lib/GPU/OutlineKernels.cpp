//===- OutlineKernels.cpp - linalg ops on buffers become kernels ----------===//
//
// See the description of rnn-gpu-outline-kernels in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Passes.h"

#include "Kernels.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace rnnc {
#define GEN_PASS_DEF_OUTLINEKERNELS
#include "rnnc/GPU/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

struct OutlineKernels
    : public rnnc::impl::OutlineKernelsBase<OutlineKernels> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    IRRewriter rewriter(&getContext());
    // A buffer copy is a linalg copy, which generalises like the rest.
    SmallVector<memref::CopyOp> copies;
    module.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      rewriter.create<linalg::CopyOp>(copy.getLoc(), copy.getSource(),
                                      copy.getTarget());
      rewriter.eraseOp(copy);
    }

    rnnc::gpu::KernelSet kernels(module);
    // Loops of row updates first, each one kernel (inner loops first).
    SmallVector<scf::ForOp> loops;
    for (auto function : module.getOps<func::FuncOp>())
      function.walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops)
      rnnc::gpu::outlineLoop(loop, kernels);

    SmallVector<linalg::LinalgOp> ops;
    for (auto function : module.getOps<func::FuncOp>())
      function.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    for (linalg::LinalgOp op : ops) {
      if (rnnc::gpu::isGemm(op)) {
        if (failed(rnnc::gpu::outlineGemm(op, kernels)))
          return signalPassFailure();
        continue;
      }
      linalg::GenericOp generic = dyn_cast<linalg::GenericOp>(*op);
      if (generic && rnnc::gpu::outlineBatchedGemm(generic, kernels))
        continue;
      if (!generic) {
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::GenericOp> generalised =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalised)) {
          op.emitError("the GPU target has no kernel for ")
              << op->getName();
          return signalPassFailure();
        }
        generic = *generalised;
      }
      if (failed(rnnc::gpu::outlineGeneric(generic, kernels)))
        return signalPassFailure();
    }
  }
};

} // namespace
