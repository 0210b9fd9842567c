//===- FuseGates.cpp - one GEMM for the gate matrices of a cell ------------===//
//
// See the description of rnn-fuse-gates in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "ScanRewriting.h"

#include "RNN/IR/RNNOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"

namespace rnnc {
#define GEN_PASS_DEF_FUSEGATES
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

bool definedOutside(ScanOp scan, Value v) {
  return !scan.getBody().isAncestor(v.getParentRegion());
}

/// The output width N of `lhs @ rhs` (or `@ rhs^T`), if static.
std::optional<int64_t> outputWidth(MatmulOp mm) {
  auto rhs = llvm::cast<RankedTensorType>(mm.getRhs().getType());
  int64_t n = rhs.getDimSize(mm.getTransposeRhs() ? 0 : 1);
  if (ShapedType::isDynamic(n))
    return std::nullopt;
  return n;
}

/// A matmul of a step value with a weight from above the scan, 2-d.
bool isGateProduct(ScanOp scan, MatmulOp mm) {
  auto lhs = llvm::cast<RankedTensorType>(mm.getLhs().getType());
  auto rhs = llvm::cast<RankedTensorType>(mm.getRhs().getType());
  return !mm.getTransposeLhs() && lhs.getRank() == 2 && rhs.getRank() == 2 &&
         definedOutside(scan, mm.getRhs()) && outputWidth(mm).has_value();
}

/// Replaces the products in `group` (same lhs, same layout) by one product
/// with the weights concatenated above the scan, split after it.
void fuseGroup(ScanOp scan, llvm::MutableArrayRef<MatmulOp> group) {
  MatmulOp first = group.front();
  bool transposed = first.getTransposeRhs();
  llvm::SmallVector<Value> weights;
  llvm::SmallVector<int64_t> widths;
  int64_t total = 0;
  for (MatmulOp mm : group) {
    weights.push_back(mm.getRhs());
    widths.push_back(*outputWidth(mm));
    total += widths.back();
  }
  auto weightType = llvm::cast<RankedTensorType>(first.getRhs().getType());
  llvm::SmallVector<int64_t> fusedShape(weightType.getShape());
  fusedShape[transposed ? 0 : 1] = total;
  OpBuilder b(scan);
  Location loc = first.getLoc();
  Value fused = b.create<ConcatOp>(
      loc, RankedTensorType::get(fusedShape, weightType.getElementType()),
      weights, b.getI64IntegerAttr(transposed ? 0 : 1));

  b.setInsertionPoint(first);
  auto lhsType = llvm::cast<RankedTensorType>(first.getLhs().getType());
  Type element = lhsType.getElementType();
  Value product = b.create<MatmulOp>(
      loc, RankedTensorType::get({lhsType.getDimSize(0), total}, element),
      first.getLhs(), fused, false, transposed);
  llvm::SmallVector<Type> pieces;
  for (MatmulOp mm : group)
    pieces.push_back(mm.getType());
  auto split = b.create<SplitOp>(loc, pieces, product, b.getI64IntegerAttr(1),
                                 b.getDenseI64ArrayAttr(widths));
  for (auto [mm, piece] : llvm::zip(group, split.getResults())) {
    mm.replaceAllUsesWith(piece);
    mm.erase();
  }
}

/// Fuses the gate products of one scan body; returns how many groups.
int fuseScan(ScanOp scan) {
  // Key: the left operand and the weights' layout, in body order.
  llvm::MapVector<std::pair<Value, unsigned>, llvm::SmallVector<MatmulOp>>
      groups;
  for (Operation &op : scan.getBodyBlock().without_terminator())
    if (auto mm = llvm::dyn_cast<MatmulOp>(op); mm && isGateProduct(scan, mm))
      groups[{mm.getLhs(), mm.getTransposeRhs() ? 1u : 0u}].push_back(mm);
  int fusedGroups = 0;
  for (auto &[key, group] : groups) {
    auto type = group.front().getRhs().getType();
    bool sameType = llvm::all_of(group, [&](MatmulOp mm) mutable {
      auto t = llvm::cast<RankedTensorType>(mm.getRhs().getType());
      auto f = llvm::cast<RankedTensorType>(type);
      int64_t k = mm.getTransposeRhs() ? 1 : 0;
      return t.getElementType() == f.getElementType() &&
             t.getDimSize(k) == f.getDimSize(k);
    });
    if (group.size() < 2 || !sameType)
      continue;
    fuseGroup(scan, group);
    ++fusedGroups;
  }
  return fusedGroups;
}

struct FuseGatesPass : rnnc::impl::FuseGatesBase<FuseGatesPass> {
  void runOnOperation() override {
    rnnc::rewriteScans(getOperation(), [](RewriterBase &, ScanOp scan) {
      return fuseScan(scan) > 0;
    });
  }
};

} // namespace
