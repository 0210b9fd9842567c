//===- CacheParameterTransposes.cpp - transposed parameters kept ----------===//
//
// See the description of rnn-codegen-cache-parameter-transposes in
// Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "rnnc/Codegen/Parameters.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Dominance.h"

namespace rnnc {
#define GEN_PASS_DEF_CACHEPARAMETERTRANSPOSES
#include "rnnc/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kTransposed = "rnnc_rt_transposed_parameter";

/// Whether every use of `buffer` only reads it (through views), apart from
/// `writer` and deallocations, and comes after `writer`.
bool onlyReadAfter(Value buffer, Operation *writer, DominanceInfo &dominance) {
  for (OpOperand &use : buffer.getUses()) {
    Operation *user = use.getOwner();
    if (user == writer || llvm::isa<memref::DeallocOp>(user))
      continue;
    if (!dominance.properlyDominates(writer, user))
      return false;
    if (llvm::isa<memref::CastOp, memref::SubViewOp, memref::CollapseShapeOp,
                  memref::ExpandShapeOp>(user)) {
      if (!onlyReadAfter(user->getResult(0), writer, dominance))
        return false;
      continue;
    }
    if (llvm::isa<memref::LoadOp, memref::DimOp>(user))
      continue;
    if (auto copy = llvm::dyn_cast<memref::CopyOp>(user)) {
      if (copy.getSource() == use.get() && copy.getTarget() != use.get())
        continue;
      return false;
    }
    if (auto linalgOp = llvm::dyn_cast<linalg::LinalgOp>(user)) {
      if (linalgOp.isDpsInput(&use))
        continue;
      return false;
    }
    return false;
  }
  return true;
}

struct CacheParameterTransposesPass
    : rnnc::impl::CacheParameterTransposesBase<CacheParameterTransposesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    int64_t dyn = ShapedType::kDynamic;
    auto f32 = Float32Type::get(ctx);
    auto strided = MemRefType::get(
        {dyn, dyn}, f32,
        StridedLayoutAttr::get(ctx, dyn, llvm::ArrayRef<int64_t>{dyn, dyn}));
    auto dense = MemRefType::get({dyn, dyn}, f32);

    llvm::SmallVector<std::pair<linalg::TransposeOp, memref::AllocOp>>
        rewrites;
    DominanceInfo dominance(module);
    module.walk([&](linalg::TransposeOp transpose) {
      Value input = transpose.getInput(), init = transpose.getInit();
      auto inputType = llvm::dyn_cast<MemRefType>(input.getType());
      if (!inputType || inputType.getRank() != 2 ||
          !inputType.getElementType().isF32() ||
          transpose.getPermutation() != llvm::ArrayRef<int64_t>{1, 0} ||
          !rnnc::codegen::isParameter(input))
        return;
      auto alloc = init.getDefiningOp<memref::AllocOp>();
      if (alloc && alloc.getType().getLayout().isIdentity() &&
          onlyReadAfter(alloc, transpose, dominance))
        rewrites.push_back({transpose, alloc});
    });
    if (rewrites.empty())
      return;

    auto callee = module.lookupSymbol<func::FuncOp>(kTransposed);
    if (!callee) {
      OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
      callee = b.create<func::FuncOp>(module.getLoc(), kTransposed,
                                      b.getFunctionType({strided}, {dense}));
      callee.setPrivate();
      callee->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      b.getUnitAttr());
    }
    for (auto [transpose, alloc] : rewrites) {
      OpBuilder b(transpose);
      Location loc = transpose.getLoc();
      Value source =
          b.create<memref::CastOp>(loc, strided, transpose.getInput());
      Value copy =
          b.create<func::CallOp>(loc, callee, ValueRange{source}).getResult(0);
      Value typed = b.create<memref::CastOp>(loc, alloc.getType(), copy);
      for (Operation *user : llvm::to_vector(alloc->getUsers()))
        if (llvm::isa<memref::DeallocOp>(user))
          user->erase();
      transpose->erase();
      alloc->replaceAllUsesWith(ValueRange{typed});
      alloc->erase();
    }
  }
};

} // namespace
