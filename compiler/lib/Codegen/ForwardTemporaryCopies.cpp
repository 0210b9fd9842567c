//===- ForwardTemporaryCopies.cpp - write where the copy would go ---------===//
//
// See the description of rnn-codegen-forward-temporary-copies in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace rnnc {
#define GEN_PASS_DEF_FORWARDTEMPORARYCOPIES
#include "rnnc/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// The buffers `v` may be a view of: allocations, function arguments, or
/// (where the walk stops) values of unknown origin. A loop's iteration
/// argument or result may be its initial value or any value it yields.
void collectRoots(Value v, llvm::SmallPtrSetImpl<Value> &seen,
                  llvm::SmallVectorImpl<Value> &roots) {
  if (!seen.insert(v).second)
    return;
  if (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    return collectRoots(view.getViewSource(), seen, roots);
  scf::ForOp loop;
  unsigned index = 0;
  if (auto arg = llvm::dyn_cast<BlockArgument>(v)) {
    loop = llvm::dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
    if (loop && arg.getArgNumber() > 0)
      index = arg.getArgNumber() - 1;
    else
      loop = nullptr;
  } else if (auto result = llvm::dyn_cast<OpResult>(v)) {
    loop = llvm::dyn_cast<scf::ForOp>(result.getOwner());
    index = result.getResultNumber();
  }
  if (!loop) {
    roots.push_back(v);
    return;
  }
  collectRoots(loop.getInitArgs()[index], seen, roots);
  collectRoots(loop.getYieldedValues()[index], seen, roots);
}

bool isAllocation(Value v) { return v.getDefiningOp<memref::AllocOp>(); }

bool isFunctionArgument(Value v) {
  auto arg = llvm::dyn_cast<BlockArgument>(v);
  return arg && llvm::isa<func::FuncOp>(arg.getOwner()->getParentOp());
}

/// Whether `a` and `b` may share memory: unless all their roots are
/// distinct allocations, or an allocation and a function argument.
bool mayAlias(Value a, Value b) {
  llvm::SmallPtrSet<Value, 8> seenA, seenB;
  llvm::SmallVector<Value> rootsA, rootsB;
  collectRoots(a, seenA, rootsA);
  collectRoots(b, seenB, rootsB);
  for (Value x : rootsA)
    for (Value y : rootsB) {
      if (x == y)
        return true;
      bool known =
          (isAllocation(x) && (isAllocation(y) || isFunctionArgument(y))) ||
          (isAllocation(y) && isFunctionArgument(x));
      if (!known)
        return true;
    }
  return false;
}

/// Whether `a` and `b` are views of one buffer that cannot overlap: unit
/// stride subviews of the same value whose static ranges are disjoint in
/// some dimension (the quarters of a concatenation).
bool disjointSlices(Value a, Value b) {
  auto x = a.getDefiningOp<memref::SubViewOp>();
  auto y = b.getDefiningOp<memref::SubViewOp>();
  if (!x || !y || x.getSource() != y.getSource() || !x.hasUnitStride() ||
      !y.hasUnitStride())
    return false;
  for (auto [ox, sx, oy, sy] :
       llvm::zip(x.getStaticOffsets(), x.getStaticSizes(), y.getStaticOffsets(),
                 y.getStaticSizes())) {
    if (ShapedType::isDynamic(ox) || ShapedType::isDynamic(sx) ||
        ShapedType::isDynamic(oy) || ShapedType::isDynamic(sy))
      continue;
    if (ox + sx <= oy || oy + sy <= ox)
      return true;
  }
  return false;
}

/// Moves the view ops defining `v` after `point` in its block before it,
/// if their other operands are available there; returns whether `v` is
/// then available before `point`. (`v` dominates a use in `point`'s block:
/// defined elsewhere, it is defined in an enclosing region.)
bool hoistViewsBefore(Value v, Operation *point) {
  Operation *def = v.getDefiningOp();
  if (!def || def->getBlock() != point->getBlock() ||
      def->isBeforeInBlock(point))
    return true;
  if (!llvm::isa<ViewLikeOpInterface>(def) || !isMemoryEffectFree(def))
    return false;
  for (Value operand : def->getOperands())
    if (!hoistViewsBefore(operand, point))
      return false;
  def->moveBefore(point);
  return true;
}

/// Forwards one copy; returns whether it did.
bool forward(memref::CopyOp copy) {
  Value temporary = copy.getSource(), target = copy.getTarget();
  auto alloc = temporary.getDefiningOp<memref::AllocOp>();
  // (The allocation may be outside the loop the writer and the copy are
  // in: with no other reader, nothing carries from one step to the next.)
  if (!alloc)
    return false;
  // The temporary's one writer: a linalg op that has it as its output.
  linalg::LinalgOp writer;
  for (OpOperand &use : temporary.getUses()) {
    if (use.getOwner() == copy)
      continue;
    auto op = llvm::dyn_cast<linalg::LinalgOp>(use.getOwner());
    if (writer || !op || !op.isDpsInit(&use))
      return false;
    writer = op;
  }
  if (!writer || writer->getBlock() != copy->getBlock() ||
      !writer->isBeforeInBlock(copy))
    return false;
  // Nothing between the writer and the copy touches memory, and the
  // writer reads nothing the target may share memory with.
  for (Operation *op = writer->getNextNode(); op != copy;
       op = op->getNextNode())
    if (!isMemoryEffectFree(op) && !llvm::isa<memref::AllocOp>(op))
      return false;
  for (Value operand : writer->getOperands())
    if (operand != temporary && llvm::isa<BaseMemRefType>(operand.getType()) &&
        mayAlias(operand, target) && !disjointSlices(operand, target))
      return false;
  if (!hoistViewsBefore(target, writer))
    return false;
  writer->replaceUsesOfWith(temporary, target);
  copy->erase();
  if (alloc->use_empty())
    alloc->erase();
  return true;
}

struct ForwardTemporaryCopiesPass
    : rnnc::impl::ForwardTemporaryCopiesBase<ForwardTemporaryCopiesPass> {
  void runOnOperation() override {
    llvm::SmallVector<memref::CopyOp> copies;
    getOperation()->walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies)
      forward(copy);
  }
};

} // namespace
