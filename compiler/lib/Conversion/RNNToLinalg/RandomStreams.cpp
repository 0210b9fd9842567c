//===- RandomStreams.cpp - counter-based random numbers in generated code -===//
//
// Randomized truncation masks and dropout masks are drawn from a hash of
// (seed, training step, position) rather than from a stateful generator:
// a mask can be recomputed anywhere (dropout's adjoint reproduces its
// forward mask) and runs reproduce. The training step is a counter the
// runtime owns (`rnnc_rt_training_step`, Runtime.h), declared here as an
// external global and advanced once at the entry of every function that
// draws (one train_step call = one step). The runtime saves it with the
// training state (a resumed run draws the masks it would have drawn) and
// holds it still for gradcheck (one fixed dropout mask); the f32 build and
// its f64 twin share it.
//
//===----------------------------------------------------------------------===//

#include "Internals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

namespace {
constexpr llvm::StringLiteral kCounter = "rnnc_rt_training_step";
constexpr llvm::StringLiteral kCounterRead = "rnnc.training_step";
constexpr llvm::StringLiteral kOffset = "rnnc_rt_batch_offset";
constexpr llvm::StringLiteral kOffsetRead = "rnnc.batch_offset";
} // namespace

Value rnnc::rnn_to_linalg::mix64(OpBuilder &b, Location loc, Value z) {
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

/// The value `marker` marks at the entry of `op`'s function, if any: what
/// an earlier call read there.
static Value markedAtEntry(Operation *op, llvm::StringRef marker) {
  Block &entry = op->getParentOfType<func::FuncOp>().getBody().front();
  for (Operation &candidate : entry)
    if (candidate.hasAttr(marker))
      return candidate.getResult(0);
  return Value();
}

/// Declares the runtime's i64 global `name` in `op`'s module (external: no
/// initial value) and loads it at the entry of `op`'s function. Returns
/// the load; the rewriter's insertion point is right after it.
static memref::LoadOp loadRuntimeGlobal(PatternRewriter &rewriter,
                                        Operation *op, llvm::StringRef name) {
  auto func = op->getParentOfType<func::FuncOp>();
  auto module = op->getParentOfType<ModuleOp>();
  Location loc = func.getLoc();
  auto type = MemRefType::get({}, rewriter.getI64Type());
  if (!module.lookupSymbol(name)) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    rewriter.create<memref::GlobalOp>(loc, name,
                                      /*sym_visibility=*/StringAttr(), type,
                                      /*initial_value=*/Attribute(),
                                      /*constant=*/false,
                                      /*alignment=*/IntegerAttr());
  }
  rewriter.setInsertionPointToStart(&func.getBody().front());
  Value global = rewriter.create<memref::GetGlobalOp>(loc, type, name);
  return rewriter.create<memref::LoadOp>(loc, global);
}

Value rnnc::rnn_to_linalg::trainingStep(PatternRewriter &rewriter,
                                        Operation *op) {
  // Already advanced in this function: reuse the value read then.
  if (Value step = markedAtEntry(op, kCounterRead))
    return step;
  OpBuilder::InsertionGuard guard(rewriter);
  memref::LoadOp step = loadRuntimeGlobal(rewriter, op, kCounter);
  step->setAttr(kCounterRead, rewriter.getUnitAttr());
  Location loc = step.getLoc();
  Value one = rewriter.create<arith::ConstantIntOp>(loc, 1, 64);
  rewriter.create<memref::StoreOp>(
      loc, rewriter.create<arith::AddIOp>(loc, step, one), step.getMemRef());
  return step;
}

Value rnnc::rnn_to_linalg::batchOffset(PatternRewriter &rewriter,
                                       Operation *op) {
  if (Value offset = markedAtEntry(op, kOffsetRead))
    return offset;
  OpBuilder::InsertionGuard guard(rewriter);
  memref::LoadOp offset = loadRuntimeGlobal(rewriter, op, kOffset);
  Value index = rewriter.create<arith::IndexCastOp>(
      offset.getLoc(), rewriter.getIndexType(), offset);
  index.getDefiningOp()->setAttr(kOffsetRead, rewriter.getUnitAttr());
  return index;
}

Value rnnc::rnn_to_linalg::uniformDraw(OpBuilder &b, Location loc,
                                       Value seedAndStep, ValueRange position) {
  Value h = seedAndStep;
  for (Value index : position) {
    Value i = b.create<arith::IndexCastOp>(loc, b.getI64Type(), index);
    h = mix64(b, loc, b.create<arith::XOrIOp>(loc, h, i));
  }
  Value bits = b.create<arith::ShRUIOp>(
      loc, h, b.create<arith::ConstantIntOp>(loc, 11, 64));
  return b.create<arith::MulFOp>(
      loc, b.create<arith::UIToFPOp>(loc, b.getF64Type(), bits),
      b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0x1.0p-53)));
}

Value rnnc::rnn_to_linalg::seededStep(OpBuilder &b, Location loc, int64_t seed,
                                      Value step) {
  Value s = b.create<arith::ConstantIntOp>(loc, seed, 64);
  return mix64(b, loc, b.create<arith::XOrIOp>(loc, s, step));
}
