//===- Truncation.cpp - rnn.truncation_mask to generated code
//--------------===//
//
// The per-step multipliers of truncated BPTT as one linalg.generic over t:
//   truncated(k):        m[t] = (t mod k == 0) ? 0 : 1
//   randomized(pi):      m[t] = (u(seed, n, t) < pi) ? 1/pi : 0
// where u is a uniform draw in [0, 1) from a counter-based generator
// (SplitMix64 of seed, t and n), and n counts the evaluations of this mask
// in the process (a private global incremented per call), so each
// training step draws fresh multipliers and the draws are reproducible.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::rnn_to_linalg;

namespace {

/// SplitMix64's finaliser on i64 values.
Value mix64(OpBuilder &b, Location loc, Value z) {
  auto constant = [&](uint64_t v) {
    return b.create<arith::ConstantIntOp>(loc, static_cast<int64_t>(v), 64);
  };
  auto xorShift = [&](Value x, int64_t s) {
    return b.create<arith::XOrIOp>(
        loc, x, b.create<arith::ShRUIOp>(loc, x, constant(s)));
  };
  z = b.create<arith::MulIOp>(loc, xorShift(z, 30),
                              constant(0xbf58476d1ce4e5b9ULL));
  z = b.create<arith::MulIOp>(loc, xorShift(z, 27),
                              constant(0x94d049bb133111ebULL));
  return xorShift(z, 31);
}

/// The process-wide evaluation counter of randomized masks: a private
/// memref.global in the enclosing module, read and incremented.
Value nextCounter(PatternRewriter &rewriter, Location loc, Operation *op) {
  auto module = op->getParentOfType<ModuleOp>();
  constexpr llvm::StringLiteral name = "rnnc_truncation_counter";
  auto type = MemRefType::get({}, rewriter.getI64Type());
  if (!module.lookupSymbol(name)) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    rewriter.create<memref::GlobalOp>(
        loc, name, rewriter.getStringAttr("private"), type,
        DenseElementsAttr::get(RankedTensorType::get({}, rewriter.getI64Type()),
                               rewriter.getI64IntegerAttr(0)),
        /*constant=*/false, /*alignment=*/nullptr);
  }
  Value global = rewriter.create<memref::GetGlobalOp>(loc, type, name);
  Value n = rewriter.create<memref::LoadOp>(loc, global);
  Value one = rewriter.create<arith::ConstantIntOp>(loc, 1, 64);
  rewriter.create<memref::StoreOp>(
      loc, rewriter.create<arith::AddIOp>(loc, n, one), global);
  return n;
}

struct TruncationMaskLowering : OpRewritePattern<TruncationMaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TruncationMaskOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type element = type.getElementType();
    bool randomized = op.getKind() == Truncation::randomized;
    Value counter = randomized ? nextCounter(rewriter, loc, op) : Value();
    int64_t steps = op.getSteps().value_or(1);
    double probability =
        op.getProbability().value_or(llvm::APFloat(1.0)).convertToDouble();
    auto seed = static_cast<int64_t>(op.getSeed());
    auto floatConst = [&](OpBuilder &b, double v) -> Value {
      return b.create<arith::ConstantOp>(loc, b.getFloatAttr(element, v));
    };

    Value mask = generic(
        rewriter, loc, type, op.getDynamicSizes(), ValueRange{}, {},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          Value t = b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, 0));
          Value zero = floatConst(b, 0.0);
          if (!randomized) {
            Value k = b.create<arith::ConstantIntOp>(l, steps, 64);
            Value atCut = b.create<arith::CmpIOp>(
                l, arith::CmpIPredicate::eq, b.create<arith::RemUIOp>(l, t, k),
                b.create<arith::ConstantIntOp>(l, 0, 64));
            return b.create<arith::SelectOp>(l, atCut, zero,
                                             floatConst(b, 1.0));
          }
          // u = (mix(mix(seed ^ n) ^ t) >> 11) * 2^-53
          Value s = b.create<arith::ConstantIntOp>(l, seed, 64);
          Value h = mix64(b, l, b.create<arith::XOrIOp>(l, s, counter));
          h = mix64(b, l, b.create<arith::XOrIOp>(l, h, t));
          Value bits = b.create<arith::ShRUIOp>(
              l, h, b.create<arith::ConstantIntOp>(l, 11, 64));
          Value u = b.create<arith::MulFOp>(
              l, b.create<arith::UIToFPOp>(l, b.getF64Type(), bits),
              b.create<arith::ConstantOp>(l, b.getF64FloatAttr(0x1.0p-53)));
          Value keep = b.create<arith::CmpFOp>(
              l, arith::CmpFPredicate::OLT, u,
              b.create<arith::ConstantOp>(l, b.getF64FloatAttr(probability)));
          return b.create<arith::SelectOp>(
              l, keep, floatConst(b, 1.0 / probability), zero);
        });
    rewriter.replaceOp(op, mask);
    return success();
  }
};

} // namespace

void rnnc::rnn_to_linalg::populateTruncationPatterns(
    RewritePatternSet &patterns) {
  patterns.add<TruncationMaskLowering>(patterns.getContext());
}
