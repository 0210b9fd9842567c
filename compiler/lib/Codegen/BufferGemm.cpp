//===- BufferGemm.cpp - GEMMs among linalg ops on buffers -----------------===//
//
// See rnnc/Codegen/BufferGemm.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Codegen/BufferGemm.h"

#include "rnnc/Conversion/BatchedMatmul.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

namespace rnnc::codegen {

namespace {
/// Whether `values` are memrefs of one float element type.
bool areFloatMemrefs(llvm::ArrayRef<Value> values) {
  Type element;
  for (Value v : values) {
    auto type = llvm::dyn_cast<MemRefType>(v.getType());
    if (!type || !llvm::isa<FloatType>(type.getElementType()) ||
        (element && type.getElementType() != element))
      return false;
    element = type.getElementType();
  }
  return true;
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
} // namespace

FailureOr<BufferGemm> matchNamedGemm(Operation *op) {
  auto linalgOp = llvm::dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics())
    return failure();
  BufferGemm gemm;
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
  if (!areFloatMemrefs({gemm.a, gemm.b, gemm.c}))
    return failure();
  return gemm;
}

FailureOr<BufferGemm> matchBatchedGemm(OpBuilder &b, linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureBufferSemantics() || !isMulAddBody(op))
    return failure();
  Value lhs = op.getDpsInputOperand(0)->get();
  Value rhs = op.getDpsInputOperand(1)->get();
  Value out = op.getDpsInitOperand(0)->get();
  if (!areFloatMemrefs({lhs, rhs, out}))
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
  auto identity = [](Value v) {
    return llvm::cast<MemRefType>(v.getType()).getLayout().isIdentity();
  };
  if (matches(rnnc::transposedLhsContraction(rank))) {
    if (!identity(lhs) || !identity(rhs))
      return failure();
    return BufferGemm{*collapseLeading(b, loc, lhs),
                      *collapseLeading(b, loc, rhs), out, /*transA=*/true,
                      /*transB=*/false};
  }
  for (bool transB : {false, true}) {
    if (!matches(rnnc::batchedContraction(rank, transB)))
      continue;
    if (!identity(lhs) || !identity(out))
      return failure();
    return BufferGemm{*collapseLeading(b, loc, lhs), rhs,
                      *collapseLeading(b, loc, out), /*transA=*/false, transB};
  }
  return failure();
}

} // namespace rnnc::codegen
