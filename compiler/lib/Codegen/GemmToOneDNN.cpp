//===- GemmToOneDNN.cpp - f32 GEMMs on buffers to sgemm calls
//--------------===//
//
// See the description of rnn-codegen-gemm-to-onednn in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/Passes.h"

#include "rnnc/Codegen/Parameters.h"

#include "rnnc/Conversion/BatchedMatmul.h"

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

/// C += op(A) op(B) on 2-d memrefs.
struct Gemm {
  Value a, b, c;
  bool transA = false, transB = false;
};

MemRefType stridedMatrix(MLIRContext *ctx) {
  int64_t dyn = ShapedType::kDynamic;
  return MemRefType::get(
      {dyn, dyn}, Float32Type::get(ctx),
      StridedLayoutAttr::get(ctx, dyn, llvm::ArrayRef<int64_t>{dyn, dyn}));
}

bool isF32Memref(Value v) {
  auto type = llvm::dyn_cast<MemRefType>(v.getType());
  return type && type.getElementType().isF32();
}

/// `v` ([d0, ..., dn]) as [d0 * ... * d(n-1), dn], if its layout allows.
FailureOr<Value> collapseLeading(OpBuilder &b, Location loc, Value v) {
  auto type = llvm::cast<MemRefType>(v.getType());
  if (type.getRank() == 2)
    return v;
  if (!type.getLayout().isIdentity())
    return failure();
  ReassociationIndices leading;
  for (int64_t d = 0; d + 1 < type.getRank(); ++d)
    leading.push_back(d);
  llvm::SmallVector<ReassociationIndices> groups{leading, {type.getRank() - 1}};
  return b.create<memref::CollapseShapeOp>(loc, v, groups).getResult();
}

/// The body `out + in0 * in1` of a contraction.
bool isMulAddBody(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto mul = llvm::dyn_cast<arith::MulFOp>(&body.front());
  auto add =
      llvm::dyn_cast_or_null<arith::AddFOp>(mul ? mul->getNextNode() : nullptr);
  auto yield = llvm::dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!mul || !add || !yield || yield.getOperand(0) != add.getResult())
    return false;
  auto args = body.getArguments();
  bool mulOfInputs = (mul.getLhs() == args[0] && mul.getRhs() == args[1]) ||
                     (mul.getLhs() == args[1] && mul.getRhs() == args[0]);
  bool addsOutput = (add.getLhs() == args[2] && add.getRhs() == mul) ||
                    (add.getRhs() == args[2] && add.getLhs() == mul);
  return mulOfInputs && addsOutput;
}

AffineMap dimsMap(unsigned numDims, llvm::ArrayRef<unsigned> dims,
                  MLIRContext *ctx) {
  llvm::SmallVector<AffineExpr> exprs;
  for (unsigned d : dims)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(numDims, 0, exprs, ctx);
}

/// The batched contractions of convert-rnn-to-linalg (Matmul.cpp), as a
/// GEMM over collapsed operands.
FailureOr<Gemm> matchBatched(OpBuilder &b, linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics() || !isMulAddBody(op))
    return failure();
  Value lhs = op.getDpsInputOperand(0)->get();
  Value rhs = op.getDpsInputOperand(1)->get();
  Value out = op.getDpsInitOperand(0)->get();
  if (!isF32Memref(lhs) || !isF32Memref(rhs) || !isF32Memref(out))
    return failure();
  auto maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  unsigned numDims = op.getNumLoops();
  auto rank =
      static_cast<unsigned>(llvm::cast<MemRefType>(lhs.getType()).getRank());
  if (rank < 3 || numDims != rank + 1)
    return failure();
  auto iterators = op.getIteratorTypesArray();
  Location loc = op.getLoc();

  auto matches = [&](const rnnc::ContractionDims &d) {
    return maps[0] == dimsMap(numDims, d.lhs, ctx) &&
           maps[1] == dimsMap(numDims, d.rhs, ctx) &&
           maps[2] == dimsMap(numDims, d.out, ctx) &&
           llvm::count(iterators, utils::IteratorType::reduction) ==
               d.numReductions;
  };
  if (matches(rnnc::transposedLhsContraction(rank))) {
    FailureOr<Value> a = collapseLeading(b, loc, lhs);
    FailureOr<Value> bb = collapseLeading(b, loc, rhs);
    if (failed(a) || failed(bb))
      return failure();
    return Gemm{*a, *bb, out, /*transA=*/true, /*transB=*/false};
  }
  for (bool transB : {false, true}) {
    if (!matches(rnnc::batchedContraction(rank, transB)))
      continue;
    FailureOr<Value> a = collapseLeading(b, loc, lhs);
    FailureOr<Value> c = collapseLeading(b, loc, out);
    if (failed(a) || failed(c))
      return failure();
    return Gemm{*a, rhs, *c, /*transA=*/false, transB};
  }
  return failure();
}

FailureOr<Gemm> matchNamed(Operation *op) {
  auto linalgOp = llvm::dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics())
    return failure();
  Gemm gemm;
  if (llvm::isa<linalg::MatmulOp>(op)) {
  } else if (llvm::isa<linalg::MatmulTransposeAOp>(op)) {
    gemm.transA = true;
  } else if (llvm::isa<linalg::MatmulTransposeBOp>(op)) {
    gemm.transB = true;
  } else {
    return failure();
  }
  gemm.a = linalgOp.getDpsInputOperand(0)->get();
  gemm.b = linalgOp.getDpsInputOperand(1)->get();
  gemm.c = linalgOp.getDpsInitOperand(0)->get();
  if (!isF32Memref(gemm.a) || !isF32Memref(gemm.b) || !isF32Memref(gemm.c))
    return failure();
  return gemm;
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
      OpBuilder b(op);
      FailureOr<Gemm> gemm =
          llvm::isa<linalg::GenericOp>(op)
              ? matchBatched(b, llvm::cast<linalg::GenericOp>(op))
              : matchNamed(op);
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
