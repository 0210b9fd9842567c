//===- GemmToOneDNN.cpp - f32 GEMMs on buffers to sgemm calls
//--------------===//
//
// See the description of rnn-codegen-gemm-to-onednn in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "rnnc/Codegen/Parameters.h"

#include "rnnc/Codegen/BufferGemm.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace rnnc {
#define GEN_PASS_DEF_GEMMTOONEDNN
#include "rnnc/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kSgemm = "rnnc_rt_sgemm";

MemRefType stridedMatrix(MLIRContext *ctx) {
  int64_t dyn = ShapedType::kDynamic;
  return MemRefType::get(
      {dyn, dyn}, Float32Type::get(ctx),
      StridedLayoutAttr::get(ctx, dyn, llvm::ArrayRef<int64_t>{dyn, dyn}));
}

/// The zero fill of `out` that `op` is the next memory access after: the
/// GEMM can overwrite C instead (beta = 0), and the fill's pass over C goes.
linalg::FillOp zeroFillBefore(Operation *op, Value out) {
  for (Operation *prev = op->getPrevNode(); prev; prev = prev->getPrevNode()) {
    if (auto fill = llvm::dyn_cast<linalg::FillOp>(prev)) {
      if (fill.getOutputs()[0] != out ||
          !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()))
        return {};
      return fill;
    }
    if (!isMemoryEffectFree(prev))
      return {};
  }
  return {};
}

struct GemmToOneDNNPass
    : rnnc::impl::GemmToOneDNNBase<GemmToOneDNNPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    MemRefType matrix = stridedMatrix(ctx);
    func::FuncOp callee;
    auto declare = [&]() {
      if (callee)
        return;
      if ((callee = module.lookupSymbol<func::FuncOp>(kSgemm)))
        return;
      OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
      auto i32 = b.getI32Type();
      callee = b.create<func::FuncOp>(
          module.getLoc(), kSgemm,
          b.getFunctionType({matrix, matrix, matrix, i32, i32, i32, i32},
                            {}));
      callee.setPrivate();
      callee->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      b.getUnitAttr());
    };

    llvm::SmallVector<Operation *> candidates;
    module.walk([&](Operation *op) {
      if (llvm::isa<linalg::MatmulOp, linalg::MatmulTransposeAOp,
                    linalg::MatmulTransposeBOp, linalg::GenericOp>(op))
        candidates.push_back(op);
    });
    for (Operation *op : candidates) {
      // oneDNN's sgemm: f32 only (the f64 twin's GEMMs stay loops).
      auto dps = llvm::cast<DestinationStyleOpInterface>(op);
      if (dps.getNumDpsInits() != 1 ||
          !getElementTypeOrSelf(dps.getDpsInitOperand(0)->get().getType())
               .isF32())
        continue;
      OpBuilder b(op);
      FailureOr<rnnc::codegen::BufferGemm> gemm =
          llvm::isa<linalg::GenericOp>(op)
              ? rnnc::codegen::matchBatchedGemm(
                    b, llvm::cast<linalg::GenericOp>(op))
              : rnnc::codegen::matchNamedGemm(op);
      if (failed(gemm))
        continue;
      declare();
      Location loc = op->getLoc();
      auto cast = [&](Value v) -> Value {
        return b.create<memref::CastOp>(loc, matrix, v);
      };
      auto flag = [&](bool on) -> Value {
        return b.create<arith::ConstantIntOp>(loc, on ? 1 : 0, 32);
      };
      linalg::FillOp fill =
          zeroFillBefore(op, llvm::cast<DestinationStyleOpInterface>(op)
                                 .getDpsInitOperand(0)
                                 ->get());
      b.create<func::CallOp>(
          loc, callee,
          ValueRange{cast(gemm->a), cast(gemm->b), cast(gemm->c),
                     flag(gemm->transA), flag(gemm->transB),
                     flag(rnnc::codegen::isParameter(gemm->b)), flag(fill != nullptr)});
      op->erase();
      if (fill)
        fill->erase();
    }
  }
};

} // namespace
