//===- GemmKernels.cpp - the tiled GEMM kernel ----------------------------===//
//
// C[i, j] += sum_k A(i, k) B(k, j), for linalg.matmul and its transposed
// forms, and for the batched contractions of rnn.matmul over collapsed
// operands (rnnc/Codegen/BufferGemm.h, the matcher the CPU's oneDNN calls
// use too: the hoisted input projection, the read-out, the weight
// gradients summed over T x B are each one GEMM): the host passes A and B as (offset, stride along i or j, stride
// along k), so a transposed operand is the same kernel with its strides
// swapped. A workgroup of 16x16 threads owns a 64x64 tile of C; each
// thread keeps 4x4 sums in registers, for rows tr + 16 a and columns
// tc + 16 b of the tile (neighbouring threads touch neighbouring columns:
// the loads and stores of B and C coalesce). K is walked in slices of 16:
// the workgroup stages A's 64x16 and B's 16x64 slice in workgroup memory
// (zero outside the matrices, so edges need no other care), waits at a
// barrier, and every thread reads its 4 + 4 values per k from there.
// Up to kGemmRowsMaximum rows of C (a one-token step), the host launches a
// second kernel instead: a thread per output, summing over K.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "rnnc/device/KernelABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
namespace abi = rnnc::device::abi;

namespace rnnc::gpu {
namespace {

/// acc + x * y, the product and sum marked contractible: NVVM fuses them
/// into one FMA (without the mark its `.rn` operations stay apart, half
/// the GEMM's arithmetic rate); the SPIR-V lowering drops the mark.
Value multiplyAdd(OpBuilder &b, Location loc, Value acc, Value x, Value y) {
  auto contract = arith::FastMathFlagsAttr::get(b.getContext(),
                                                arith::FastMathFlags::contract);
  Value product = b.create<arith::MulFOp>(loc, x, y, contract);
  return b.create<arith::AddFOp>(loc, acc, product, contract);
}

void buildGemm(KernelContext &k, Type elementType) {
  OpBuilder &b = k.b;
  Location loc = k.loc;
  constexpr int64_t tile = abi::kGemmTile, slice = abi::kGemmSlice,
                    side = abi::kGemmThreads, per = abi::kGemmPerThread,
                    threads = side * side;
  auto workgroupMemory = MemRefType::get({slice * tile}, elementType,
                                         MemRefLayoutAttrInterface(),
                                         b.getI64IntegerAttr(3));
  Value aTile = b.create<memref::AllocOp>(loc, workgroupMemory);
  Value bTile = b.create<memref::AllocOp>(loc, workgroupMemory);
  Value m = k.param(abi::kGemmM), n = k.param(abi::kGemmN),
        kSize = k.param(abi::kGemmK);
  Value thread = k.threadId();
  Value row = k.b.create<arith::DivUIOp>(loc, thread, k.index(side));
  Value column = k.b.create<arith::RemUIOp>(loc, thread, k.index(side));
  Value rowBase = k.mul(b.create<mlir::gpu::BlockIdOp>(loc, mlir::gpu::Dimension::y),
                        k.index(tile));
  Value columnBase = k.mul(
      b.create<mlir::gpu::BlockIdOp>(loc, mlir::gpu::Dimension::x),
      k.index(tile));
  Value zero = b.create<arith::ConstantOp>(loc, b.getZeroAttr(elementType));

  // The element of A or B (buffer 0 or 1) at (outer, k), zero outside.
  auto guardedLoad = [&](unsigned buffer, Value outer, Value outerSize,
                         Value kIndex, int64_t offsetParam,
                         int64_t outerStrideParam, int64_t kStrideParam) {
    Value inside = b.create<arith::AndIOp>(loc, k.less(outer, outerSize),
                                           k.less(kIndex, kSize));
    auto load = b.create<scf::IfOp>(
        loc, inside,
        [&](OpBuilder &, Location) {
          Value at = k.address(k.param(offsetParam),
                               {k.param(outerStrideParam), k.param(kStrideParam)},
                               {outer, kIndex});
          Value v = b.create<memref::LoadOp>(loc, k.buffer(buffer), ValueRange{at});
          b.create<scf::YieldOp>(loc, v);
        },
        [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, zero); });
    return load.getResult(0);
  };

  SmallVector<Value> initial(per * per, zero);
  auto slices = b.create<scf::ForOp>(
      loc, k.index(0), kSize, k.index(slice), initial,
      [&](OpBuilder &, Location, Value k0, ValueRange sums) {
        // Stage the slices, tile*slice/threads elements of each a thread:
        // consecutive threads read consecutive k of A (row-major A is
        // contiguous along k) and consecutive columns of B. Both are kept
        // k-major: element (k, outer) at k * tile + outer.
        for (int64_t e = 0; e < tile * slice / threads; ++e) {
          Value flat = k.add(thread, k.index(e * threads));
          Value aK = b.create<arith::RemUIOp>(loc, flat, k.index(slice));
          Value aRow = b.create<arith::DivUIOp>(loc, flat, k.index(slice));
          Value a = guardedLoad(0, k.add(rowBase, aRow), m, k.add(k0, aK),
                                abi::kGemmOffsetA, abi::kGemmStrideAI,
                                abi::kGemmStrideAK);
          b.create<memref::StoreOp>(
              loc, a, aTile, ValueRange{k.add(k.mul(aK, k.index(tile)), aRow)});
          Value bColumn = b.create<arith::RemUIOp>(loc, flat, k.index(tile));
          Value bK = b.create<arith::DivUIOp>(loc, flat, k.index(tile));
          Value bValue = guardedLoad(1, k.add(columnBase, bColumn), n,
                                     k.add(k0, bK), abi::kGemmOffsetB,
                                     abi::kGemmStrideBJ, abi::kGemmStrideBK);
          b.create<memref::StoreOp>(loc, bValue, bTile, ValueRange{flat});
        }
        b.create<mlir::gpu::BarrierOp>(loc);
        auto inner = b.create<scf::ForOp>(
            loc, k.index(0), k.index(slice), k.index(1), sums,
            [&](OpBuilder &, Location, Value kk, ValueRange partial) {
              Value base = k.mul(kk, k.index(tile));
              SmallVector<Value> as, bs;
              for (int64_t i = 0; i < per; ++i) {
                as.push_back(b.create<memref::LoadOp>(
                    loc, aTile,
                    ValueRange{k.add(base, k.add(row, k.index(i * side)))}));
                bs.push_back(b.create<memref::LoadOp>(
                    loc, bTile,
                    ValueRange{k.add(base, k.add(column, k.index(i * side)))}));
              }
              SmallVector<Value> next;
              for (int64_t i = 0; i < per; ++i)
                for (int64_t j = 0; j < per; ++j)
                  next.push_back(
                      multiplyAdd(b, loc, partial[i * per + j], as[i], bs[j]));
              b.create<scf::YieldOp>(loc, next);
            });
        b.create<mlir::gpu::BarrierOp>(loc);
        b.create<scf::YieldOp>(loc, inner.getResults());
      });

  for (int64_t i = 0; i < per; ++i)
    for (int64_t j = 0; j < per; ++j) {
      Value r = k.add(rowBase, k.add(row, k.index(i * side)));
      Value c = k.add(columnBase, k.add(column, k.index(j * side)));
      Value inside = b.create<arith::AndIOp>(loc, k.less(r, m), k.less(c, n));
      auto store = b.create<scf::IfOp>(loc, inside, false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(store.thenBlock()->getTerminator());
      Value at = k.address(k.param(abi::kGemmOffsetC),
                           {k.param(abi::kGemmStrideCI),
                            k.param(abi::kGemmStrideCJ)},
                           {r, c});
      Value old = b.create<memref::LoadOp>(loc, k.buffer(2), ValueRange{at});
      Value sum = b.create<arith::AddFOp>(loc, old,
                                          slices.getResult(i * per + j));
      b.create<memref::StoreOp>(loc, sum, k.buffer(2), ValueRange{at});
    }
}

/// A few rows of C (generation's one-token step, a decoder's batch): one
/// thread per output (i, j), 256 along j, the rows along y, each summing
/// over K itself. Threads of a workgroup share A's row (a broadcast) and
/// read neighbouring columns of B, where the tile would waste all but a
/// few of its 64 rows.
void buildGemmRows(KernelContext &k, Type elementType) {
  OpBuilder &b = k.b;
  Location loc = k.loc;
  Value m = k.param(abi::kGemmM), n = k.param(abi::kGemmN),
        kSize = k.param(abi::kGemmK);
  Value row = b.create<mlir::gpu::BlockIdOp>(loc, mlir::gpu::Dimension::y);
  Value column =
      k.add(k.mul(b.create<mlir::gpu::BlockIdOp>(loc, mlir::gpu::Dimension::x),
                  k.index(abi::kWorkgroupSize)),
            k.threadId());
  Value inside = b.create<arith::AndIOp>(loc, k.less(row, m), k.less(column, n));
  auto guard = b.create<scf::IfOp>(loc, inside, false);
  OpBuilder::InsertionGuard insertion(b);
  b.setInsertionPoint(guard.thenBlock()->getTerminator());
  Value zero = b.create<arith::ConstantOp>(loc, b.getZeroAttr(elementType));
  auto sum = b.create<scf::ForOp>(
      loc, k.index(0), kSize, k.index(1), ValueRange{zero},
      [&](OpBuilder &, Location, Value kk, ValueRange partial) {
        Value a = b.create<memref::LoadOp>(
            loc, k.buffer(0),
            ValueRange{k.address(k.param(abi::kGemmOffsetA),
                                 {k.param(abi::kGemmStrideAI),
                                  k.param(abi::kGemmStrideAK)},
                                 {row, kk})});
        Value bValue = b.create<memref::LoadOp>(
            loc, k.buffer(1),
            ValueRange{k.address(k.param(abi::kGemmOffsetB),
                                 {k.param(abi::kGemmStrideBK),
                                  k.param(abi::kGemmStrideBJ)},
                                 {kk, column})});
        b.create<scf::YieldOp>(
            loc, ValueRange{multiplyAdd(b, loc, partial[0], a, bValue)});
      });
  Value at = k.address(k.param(abi::kGemmOffsetC),
                       {k.param(abi::kGemmStrideCI), k.param(abi::kGemmStrideCJ)},
                       {row, column});
  Value old = b.create<memref::LoadOp>(loc, k.buffer(2), ValueRange{at});
  b.create<memref::StoreOp>(
      loc, b.create<arith::AddFOp>(loc, old, sum.getResult(0)), k.buffer(2),
      ValueRange{at});
}

} // namespace

bool isGemm(linalg::LinalgOp op) {
  return isa<linalg::MatmulOp, linalg::MatmulTransposeAOp,
             linalg::MatmulTransposeBOp>(op.getOperation());
}

LogicalResult outlineGemm(linalg::LinalgOp op, KernelSet &kernels) {
  for (Value operand : op->getOperands())
    if (!isa<MemRefType>(operand.getType()))
      return op.emitError("a GPU kernel needs buffers: bufferize first");
  FailureOr<codegen::BufferGemm> gemm = codegen::matchNamedGemm(op);
  if (failed(gemm))
    return op.emitError("the GPU GEMM kernel takes one float type, not ")
           << cast<MemRefType>(op->getOperand(0).getType()).getElementType();
  launchGemm(op, *gemm, kernels);
  return success();
}

bool outlineBatchedGemm(linalg::GenericOp op, KernelSet &kernels) {
  OpBuilder b(op);
  FailureOr<codegen::BufferGemm> gemm = codegen::matchBatchedGemm(b, op);
  if (failed(gemm))
    return false;
  launchGemm(op, *gemm, kernels);
  return true;
}

void launchGemm(Operation *op, const codegen::BufferGemm &gemm,
                KernelSet &kernels) {
  Value a = gemm.a, bMatrix = gemm.b, c = gemm.c;
  bool transposeA = gemm.transA, transposeB = gemm.transB;
  Type elementType = cast<MemRefType>(c.getType()).getElementType();
  SmallVector<Type> types(3, elementType);
  mlir::gpu::GPUFuncOp tiled = kernels.make(
      op->getLoc(), abi::kGemmKernel, types,
      abi::kGemmThreads * abi::kGemmThreads,
      [&](KernelContext &k) { buildGemm(k, elementType); });
  mlir::gpu::GPUFuncOp rows = kernels.make(
      op->getLoc(), abi::kGemmRowsKernel, types, abi::kWorkgroupSize,
      [&](KernelContext &k) { buildGemmRows(k, elementType); });

  OpBuilder b(op);
  Location loc = op->getLoc();
  HostLaunch host(b, loc);
  auto dim = [&](Value matrix, int64_t d) -> Value {
    return b.create<memref::DimOp>(loc, matrix, d);
  };
  Value m = dim(c, 0), n = dim(c, 1);
  Value kSize = transposeA ? dim(a, 0) : dim(a, 1);
  host.addParam(m);
  host.addParam(n);
  host.addParam(kSize);
  // A as (offset, stride along i, stride along k), B as (offset, stride
  // along k, stride along j): a transposed operand swaps its two strides.
  auto addMatrix = [&](Value matrix, bool transposed) {
    host.addOperand(matrix);
    if (transposed)
      std::swap(host.params[host.params.size() - 1],
                host.params[host.params.size() - 2]);
  };
  addMatrix(a, transposeA);
  addMatrix(bMatrix, transposeB);
  addMatrix(c, false);
  assert(int64_t(host.params.size()) == abi::kGemmParams);
  // A few rows take a thread per output; more, the tiles.
  Value few = b.create<arith::CmpIOp>(
      loc, arith::CmpIPredicate::ule, m,
      b.create<arith::ConstantIndexOp>(loc, abi::kGemmRowsMaximum));
  auto choice = b.create<scf::IfOp>(loc, few, /*withElseRegion=*/true);
  b.setInsertionPoint(choice.thenBlock()->getTerminator());
  host.launch2D(rows, ceilDiv(b, loc, n, abi::kWorkgroupSize), m,
                abi::kWorkgroupSize, 1);
  b.setInsertionPoint(choice.elseBlock()->getTerminator());
  host.launch2D(tiled, ceilDiv(b, loc, n, abi::kGemmTile),
                ceilDiv(b, loc, m, abi::kGemmTile),
                abi::kGemmThreads * abi::kGemmThreads, 1);
  op->erase();
}

} // namespace rnnc::gpu
