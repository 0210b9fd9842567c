//===- Parameters.cpp - model parameters on buffers -----------------------===//
//
// See Parameters.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Parameters.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

bool rnnc::codegen::isParameter(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (!llvm::isa<memref::CastOp, memref::SubViewOp, memref::CollapseShapeOp,
                   memref::ExpandShapeOp>(def))
      return false;
    v = def->getOperand(0);
  }
  auto arg = llvm::cast<BlockArgument>(v);
  auto func = llvm::dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
  return func && arg.getOwner()->isEntryBlock() &&
         func.getArgAttr(arg.getArgNumber(), "rnn.param");
}
