//===- StackSmallBuffers.cpp - small static buffers on the stack ----------===//
//
// See the description of rnn-codegen-stack-small-buffers in Passes.td.
// Upstream's promote-buffers-to-stack does the rewrite and the escape
// analysis; this pass decides which buffers qualify.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Pass/PassManager.h"

namespace rnnc {
#define GEN_PASS_DEF_STACKSMALLBUFFERS
#include "rnnc/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// Whether a loop encloses `op` within its function.
bool inLoop(Operation *op) {
  for (Operation *parent = op->getParentOp();
       parent && !llvm::isa<FunctionOpInterface>(parent);
       parent = parent->getParentOp())
    if (llvm::isa<LoopLikeOpInterface>(parent))
      return true;
  return false;
}

/// Whether `alloc` receives a transpose: rnn-codegen-cache-parameter-
/// transposes replaces the transposes of parameters into allocated buffers
/// by the runtime's kept copies.
bool receivesTranspose(memref::AllocOp alloc) {
  return llvm::any_of(alloc->getUsers(), [&](Operation *user) {
    auto transpose = llvm::dyn_cast<linalg::TransposeOp>(user);
    return transpose && transpose.getInit() == alloc.getResult();
  });
}

/// The bytes of a statically shaped buffer of `type`, if it has a static
/// shape and an element of whole bytes.
std::optional<uint64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat() ||
      type.getElementTypeBitWidth() % 8 != 0)
    return std::nullopt;
  return type.getNumElements() * (type.getElementTypeBitWidth() / 8);
}

struct StackSmallBuffersPass
    : rnnc::impl::StackSmallBuffersBase<StackSmallBuffersPass> {
  using StackSmallBuffersBase::StackSmallBuffersBase;

  void runOnOperation() override {
    uint64_t promoted = 0;
    auto qualifies = [&](Value buffer) {
      auto alloc = buffer.getDefiningOp<memref::AllocOp>();
      if (!alloc || inLoop(alloc) || receivesTranspose(alloc))
        return false;
      std::optional<uint64_t> bytes = staticBytes(alloc.getType());
      if (!bytes || *bytes > maxBufferBytes ||
          promoted + *bytes > maxFunctionBytes)
        return false;
      promoted += *bytes;
      return true;
    };
    OpPassManager pipeline(func::FuncOp::getOperationName());
    pipeline.addPass(bufferization::createPromoteBuffersToStackPass(qualifies));
    if (failed(runPipeline(pipeline, getOperation())))
      signalPassFailure();
  }
};

} // namespace
