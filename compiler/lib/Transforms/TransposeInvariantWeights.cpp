//===- TransposeInvariantWeights.cpp - one transpose per time loop --------===//
//
// See the description of rnn-transpose-invariant-weights in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"

namespace rnnc {
#define GEN_PASS_DEF_TRANSPOSEINVARIANTWEIGHTS
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Whether `v` is a parameter or a view of one (the runtime keeps those
/// transposed).
bool isParameterView(Value v) {
  while (auto slice = v.getDefiningOp<tensor::ExtractSliceOp>())
    v = slice.getSource();
  return v.getDefiningOp<ParamReadOp>() != nullptr;
}

/// Rewrites the products of `scan`'s body (not nested scans': each scan
/// is visited) whose transposed right operand is defined outside it.
void transposeBefore(ScanOp scan) {
  Region &body = scan.getBody();
  llvm::MapVector<Value, llvm::SmallVector<MatmulOp>> byMatrix;
  scan.getBodyBlock().walk([&](MatmulOp mm) {
    if (mm->getParentOfType<ScanOp>() != scan || !mm.getTransposeRhs() ||
        mm.getTransposeLhs())
      return;
    Value w = mm.getRhs();
    if (body.isAncestor(w.getParentRegion()) || isParameterView(w))
      return;
    byMatrix[w].push_back(mm);
  });
  OpBuilder b(scan);
  for (auto &[w, products] : byMatrix) {
    auto type = llvm::cast<RankedTensorType>(w.getType());
    auto transposedType = RankedTensorType::get(
        {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
    Value transposed = b.create<TransposeOp>(w.getLoc(), transposedType, w);
    for (MatmulOp mm : products) {
      mm.getRhsMutable().assign(transposed);
      mm.setTransposeRhs(false);
    }
  }
}

struct TransposeInvariantWeightsPass
    : rnnc::impl::TransposeInvariantWeightsBase<
          TransposeInvariantWeightsPass> {
  void runOnOperation() override {
    getOperation()->walk([](ScanOp scan) { transposeBefore(scan); });
  }
};

} // namespace
