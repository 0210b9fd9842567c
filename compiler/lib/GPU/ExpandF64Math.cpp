//===- ExpandF64Math.cpp - f64 exp, log, tanh, rsqrt as arithmetic -------===//
//
// See the description of rnn-gpu-expand-f64-math in Passes.td. Each
// function reduces its argument with the float's bits (64-bit integers,
// which every device with f64 kernels has), then sums a short series:
//
//   exp(x)   = 2^k exp(r), k = round(x / ln 2), |r| <= ln 2 / 2, exp(r) by
//              its Taylor series to r^14 (truncation below 1e-17);
//   log(x)   = e ln 2 + 2 atanh(s), x = m 2^e with m in [sqrt(1/2),
//              sqrt(2)), s = (m - 1) / (m + 1), |s| <= 0.172, to s^23;
//   tanh(x)  = its Taylor series to x^15 for |x| < 1/8, else
//              sign(x) (1 - 2 / (exp(2|x|) + 1));
//   rsqrt(x) = 2^-j rsqrt(m), x = m 4^j with m in [1, 4): two Newton
//              steps from the f32 rsqrt of m (1e-7 -> 1e-14 -> rounding).
//
// Special values follow IEEE: exp underflows to 0 and overflows to inf,
// log(0) = -inf, log of a negative or NaN is NaN, log(inf) = inf,
// rsqrt(0) = inf, rsqrt(inf) = 0, rsqrt of a negative is NaN.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Passes.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace rnnc {
#define GEN_PASS_DEF_EXPANDF64MATH
#include "rnnc/GPU/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// f64 and i64 arithmetic at one location.
struct F64 {
  ImplicitLocOpBuilder &b;

  Value c(double value) {
    return b.create<arith::ConstantOp>(b.getF64FloatAttr(value));
  }
  Value i(int64_t value) {
    return b.create<arith::ConstantOp>(b.getI64IntegerAttr(value));
  }
  Value add(Value x, Value y) { return b.create<arith::AddFOp>(x, y); }
  Value sub(Value x, Value y) { return b.create<arith::SubFOp>(x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulFOp>(x, y); }
  Value div(Value x, Value y) { return b.create<arith::DivFOp>(x, y); }
  Value lt(Value x, Value y) {
    return b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT, x, y);
  }
  Value select(Value condition, Value x, Value y) {
    return b.create<arith::SelectOp>(condition, x, y);
  }
  Value bits(Value x) { return b.create<arith::BitcastOp>(b.getI64Type(), x); }
  Value real(Value bits) { return b.create<arith::BitcastOp>(b.getF64Type(), bits); }
  /// sum_k coefficients[k] x^k by Horner's rule.
  Value polynomial(Value x, llvm::ArrayRef<double> coefficients) {
    Value sum = c(coefficients.back());
    for (size_t k = coefficients.size() - 1; k-- > 0;)
      sum = add(mul(sum, x), c(coefficients[k]));
    return sum;
  }

  Value exp(Value x) {
    // Beyond these, exp is 0 or inf in f64 (the reduction would overflow
    // k's exponent field).
    Value low = c(-745.2), high = c(709.8);
    Value clamped = select(lt(x, low), low, select(lt(high, x), high, x));
    Value scaled = mul(clamped, c(1.0 / std::log(2.0)));
    Value half = select(lt(scaled, c(0)), c(-0.5), c(0.5));
    Value k = b.create<arith::FPToSIOp>(b.getI64Type(), add(scaled, half));
    Value kf = b.create<arith::SIToFPOp>(b.getF64Type(), k);
    // ln 2 in two parts: k * ln2Hi is exact for |k| < 2^11.
    Value r = sub(sub(clamped, mul(kf, c(6.93147180369123816490e-01))),
                  mul(kf, c(1.90821492927058770002e-10)));
    llvm::SmallVector<double> taylor{1.0};
    for (int n = 1; n <= 14; ++n)
      taylor.push_back(taylor.back() / n);
    Value series = polynomial(r, taylor);
    // 2^k as two factors 2^(k/2) and 2^(k - k/2): each stays a normal
    // number down to k = -1074 (exp's subnormal results).
    Value k1 = b.create<arith::DivSIOp>(k, i(2));
    Value k2 = b.create<arith::SubIOp>(k, k1);
    auto power = [&](Value e) {
      return real(b.create<arith::ShLIOp>(b.create<arith::AddIOp>(e, i(1023)),
                                          i(52)));
    };
    Value result = mul(mul(series, power(k1)), power(k2));
    result = select(lt(x, low), c(0), result);
    return select(lt(high, x), c(INFINITY), result);
  }

  Value log(Value x) {
    // Subnormals are scaled into the normal range first.
    Value tiny = lt(x, c(0x1p-1022));
    Value normal = select(tiny, mul(x, c(0x1p54)), x);
    Value word = bits(normal);
    Value exponent = b.create<arith::SubIOp>(
        b.create<arith::AndIOp>(b.create<arith::ShRUIOp>(word, i(52)),
                                i(0x7ff)),
        i(1023));
    // The mantissa with the exponent of 1: m in [1, 2).
    Value m = real(b.create<arith::OrIOp>(
        b.create<arith::AndIOp>(word, i(0x000fffffffffffffll)),
        i(0x3ff0000000000000ll)));
    Value big = lt(c(M_SQRT2), m);
    m = select(big, mul(m, c(0.5)), m);
    Value e = b.create<arith::SIToFPOp>(b.getF64Type(), exponent);
    e = add(e, select(big, c(1), c(0)));
    e = sub(e, select(tiny, c(54), c(0)));
    Value s = div(sub(m, c(1)), add(m, c(1)));
    llvm::SmallVector<double> odd;
    for (int n = 1; n <= 23; n += 2)
      odd.push_back(2.0 / n);
    // 2 atanh(s) = s * sum 2 s^(2j) / (2j + 1).
    Value series = mul(s, polynomial(mul(s, s), odd));
    Value result = add(mul(e, c(M_LN2)), series);
    Value zero = c(0);
    Value isZero = b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, x, zero);
    Value notPositive =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::ULT, x, zero); // or NaN
    Value infinite = b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, x,
                                             c(INFINITY));
    result = select(infinite, c(INFINITY), result);
    result = select(notPositive, c(NAN), result);
    return select(isZero, c(-INFINITY), result);
  }

  Value tanh(Value x) {
    Value magnitude = b.create<arith::SelectOp>(lt(x, c(0)),
                                                b.create<arith::NegFOp>(x), x);
    // Near 0: x (1 - x^2/3 + 2x^4/15 - ...), the series in x^2.
    Value small = mul(x, polynomial(mul(x, x), {1.0, -1.0 / 3, 2.0 / 15,
                                                -17.0 / 315, 62.0 / 2835,
                                                -1382.0 / 155925,
                                                21844.0 / 6081075,
                                                -929569.0 / 638512875}));
    // Elsewhere: 1 - 2 / (exp(2|x|) + 1), with x's sign (exp saturates to
    // inf for large |x|, giving 1).
    Value large = sub(c(1), div(c(2), add(exp(mul(c(2), magnitude)), c(1))));
    large = select(lt(x, c(0)), b.create<arith::NegFOp>(large), large);
    return select(lt(magnitude, c(0.125)), small, large);
  }

  Value rsqrt(Value x) {
    // x = m 4^j with m in [1, 4) (subnormals scaled by 2^54 first), so
    // that m fits f32: rsqrt(x) = rsqrt(m) 2^-j.
    Value tiny = lt(x, c(0x1p-1022));
    Value word = bits(select(tiny, mul(x, c(0x1p54)), x));
    Value exponent = b.create<arith::SubIOp>(
        b.create<arith::AndIOp>(b.create<arith::ShRUIOp>(word, i(52)),
                                i(0x7ff)),
        i(1023));
    Value j = b.create<arith::ShRSIOp>(exponent, i(1));
    Value m = real(b.create<arith::SubIOp>(
        word, b.create<arith::ShLIOp>(b.create<arith::AddIOp>(j, j), i(52))));
    Value narrow = b.create<arith::TruncFOp>(b.getF32Type(), m);
    Value estimate = b.create<math::RsqrtOp>(narrow).getResult();
    Value y = b.create<arith::ExtFOp>(b.getF64Type(), estimate);
    for (int step = 0; step < 2; ++step) // y (3 - m y^2) / 2
      y = mul(y, sub(c(1.5), mul(mul(c(0.5), m), mul(y, y))));
    Value scale = real(b.create<arith::ShLIOp>(
        b.create<arith::SubIOp>(i(1023), j), i(52))); // 2^-j
    Value result = mul(mul(y, scale), select(tiny, c(0x1p27), c(1)));
    Value zero = c(0);
    result = select(b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, x,
                                            c(INFINITY)),
                    zero, result);
    result = select(b.create<arith::CmpFOp>(arith::CmpFPredicate::ULT, x,
                                            zero),
                    c(NAN), result);
    return select(b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, x, zero),
                  c(INFINITY), result);
  }
};

template <typename MathOp>
struct ExpandF64 : OpRewritePattern<MathOp> {
  using Expansion = Value (F64::*)(Value);
  ExpandF64(MLIRContext *context, Expansion expansion)
      : OpRewritePattern<MathOp>(context), expansion(expansion) {}

  LogicalResult matchAndRewrite(MathOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getType().isF64())
      return failure();
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    F64 f{b};
    rewriter.replaceOp(op, (f.*expansion)(op.getOperand()));
    return success();
  }

  Expansion expansion;
};

struct ExpandF64Math : rnnc::impl::ExpandF64MathBase<ExpandF64Math> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ExpandF64<math::ExpOp>>(context, &F64::exp);
    patterns.add<ExpandF64<math::LogOp>>(context, &F64::log);
    patterns.add<ExpandF64<math::TanhOp>>(context, &F64::tanh);
    patterns.add<ExpandF64<math::RsqrtOp>>(context, &F64::rsqrt);
    FrozenRewritePatternSet frozen(std::move(patterns));
    for (auto kernels : getOperation().getOps<mlir::gpu::GPUModuleOp>())
      if (failed(applyPatternsAndFoldGreedily(kernels, frozen)))
        return signalPassFailure();
  }
};

} // namespace
