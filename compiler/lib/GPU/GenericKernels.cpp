//===- GenericKernels.cpp - kernels for linalg.generic on buffers ---------===//
//
// A generic with only parallel loops: one thread per iteration point,
// which it finds by splitting its global number over the loop sizes. A
// generic with reduction loops: one thread per output point folding the
// reduced points in order; and, when the body is `combine(f(ins), out)`
// with an associative combine, a second kernel with one workgroup per
// output point whose threads stride over the reduced points, each folding
// its share with the body, and combine their partial results in workgroup
// memory. The host launches the second for long reductions.
//
// Both read the operands' elements at the indices the indexing maps give,
// bind the body's arguments, linalg.index and captured values (constants
// are cloned, scalars come as parameter words, captured buffers become
// further kernel buffers whose loads are addressed like operands), and
// clone the body.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "rnnc/device/KernelABI.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
namespace abi = rnnc::device::abi;

namespace rnnc::gpu {
namespace {

/// Where a generic's values come from inside its kernel.
struct GenericLayout {
  linalg::GenericOp op;
  /// Host memrefs in kernel-buffer order: the op's memref operands, then
  /// the memrefs its body captures.
  SmallVector<Value> buffers;
  /// The first parameter word of each buffer (its offset; strides follow).
  SmallVector<int64_t> bufferParams;
  /// Kernel buffer of each op operand that is a memref, -1 for scalars.
  SmallVector<int> operandBuffer;
  DenseMap<Value, unsigned> capturedBuffer;
  /// Captured or operand scalars and their first parameter word.
  SmallVector<std::pair<Value, int64_t>> scalars;
  SmallVector<Value> constants;
  int64_t loops = 0;
  int64_t words = 0;
};

/// Collects the layout, or fails on what a kernel cannot take.
FailureOr<GenericLayout> layoutOf(linalg::GenericOp op) {
  GenericLayout layout;
  layout.op = op;
  layout.loops = op.getNumLoops();
  layout.words = abi::kFirstLoopParam + layout.loops;
  // Buffers first (the op's memref operands, then captured memrefs), then
  // scalars (the op's scalar operands, then captured scalars): the order
  // the host writes their words in (outlineGeneric).
  auto addBuffer = [&](Value memref) {
    layout.buffers.push_back(memref);
    return int(layout.buffers.size() - 1);
  };
  SmallVector<Value> scalars;
  for (OpOperand &operand : op->getOpOperands()) {
    Value value = operand.get();
    if (isa<MemRefType>(value.getType())) {
      layout.operandBuffer.push_back(addBuffer(value));
    } else if (isa<TensorType>(value.getType())) {
      return op.emitError("a GPU kernel needs buffers: bufferize first");
    } else {
      layout.operandBuffer.push_back(-1);
      scalars.push_back(value);
    }
  }
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(op.getRegion(), captured);
  for (Value value : captured) {
    if (matchPattern(value, m_Constant()))
      layout.constants.push_back(value);
    else if (isa<MemRefType>(value.getType()))
      layout.capturedBuffer[value] = addBuffer(value);
    else
      scalars.push_back(value);
  }
  for (Value buffer : layout.buffers) {
    layout.bufferParams.push_back(layout.words);
    layout.words += 1 + cast<MemRefType>(buffer.getType()).getRank();
  }
  for (Value value : scalars) {
    Type type = value.getType();
    if (!type.isIntOrIndexOrFloat())
      return op.emitError("a GPU kernel cannot take a value of type ")
             << type;
    layout.scalars.push_back({value, layout.words});
    layout.words += HostLaunch::wordsOf(type);
  }
  // Loads from captured buffers are rewritten; other uses of them, and
  // loop indices or loads nested in regions, are not.
  WalkResult walk = op.getRegion().walk([&](Operation *inner) {
    bool nested = inner->getParentOp() != op.getOperation();
    if (nested && isa<linalg::IndexOp, memref::LoadOp>(inner)) {
      op.emitError("a GPU kernel cannot take a loop index or a load nested "
                   "in a region of a linalg body");
      return WalkResult::interrupt();
    }
    for (Value operand : inner->getOperands())
      if (layout.capturedBuffer.count(operand) && !isa<memref::LoadOp>(inner)) {
        inner->emitError("a GPU kernel can only load from a captured buffer");
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  return layout;
}

/// A kernel being generated for a generic.
class GenericKernel {
public:
  GenericKernel(KernelContext &k, const GenericLayout &layout)
      : k(k), layout(layout) {
    for (int64_t d = 0; d < layout.loops; ++d)
      sizes.push_back(k.param(abi::kFirstLoopParam + d));
    for (Value constant : layout.constants)
      k.b.clone(*constant.getDefiningOp(), boundOutside);
    for (auto [value, word] : layout.scalars)
      boundOutside.map(value, k.scalar(value.getType(), word));
  }

  /// The element of buffer `buffer` at `indices`.
  Value element(unsigned buffer, ArrayRef<Value> indices) {
    return k.b.create<memref::LoadOp>(k.loc, k.buffer(buffer),
                                      ValueRange{at(buffer, indices)});
  }
  void store(Value value, unsigned buffer, ArrayRef<Value> indices) {
    k.b.create<memref::StoreOp>(k.loc, value, k.buffer(buffer),
                                ValueRange{at(buffer, indices)});
  }

  /// The indices operand `operand` is read or written at, at loop indices
  /// `ivs`.
  SmallVector<Value> indicesOf(OpOperand &operand, ArrayRef<Value> ivs) {
    linalg::GenericOp op = layout.op;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    return *affine::expandAffineMap(k.b, k.loc, map, ivs);
  }

  /// The body at loop indices `ivs`. Output arguments take `outs` where
  /// given, else are loaded when the body reads them. Returns the yielded
  /// values; `mapping` keeps what the body's values became.
  SmallVector<Value> body(ArrayRef<Value> ivs, ValueRange outs,
                          IRMapping &mapping) {
    linalg::GenericOp op = layout.op;
    Block &block = op.getRegion().front();
    mapping = boundOutside;
    for (OpOperand &operand : op->getOpOperands()) {
      BlockArgument argument = op.getMatchingBlockArgument(&operand);
      unsigned n = operand.getOperandNumber();
      bool isOutput = n >= op.getNumDpsInputs();
      if (isOutput && !outs.empty()) {
        mapping.map(argument, outs[n - op.getNumDpsInputs()]);
        continue;
      }
      if (argument.use_empty())
        continue;
      int buffer = layout.operandBuffer[n];
      if (buffer < 0) {
        mapping.map(argument, mapping.lookup(operand.get()));
        continue;
      }
      mapping.map(argument, element(buffer, indicesOf(operand, ivs)));
    }
    for (Operation &inner : block.without_terminator()) {
      if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
        mapping.map(index.getResult(), ivs[index.getDim()]);
        continue;
      }
      if (auto load = dyn_cast<memref::LoadOp>(inner)) {
        auto captured = layout.capturedBuffer.find(load.getMemRef());
        if (captured != layout.capturedBuffer.end()) {
          SmallVector<Value> indices;
          for (Value i : load.getIndices())
            indices.push_back(mapping.lookup(i));
          mapping.map(load.getResult(), element(captured->second, indices));
          continue;
        }
      }
      k.b.clone(inner, mapping);
    }
    SmallVector<Value> yielded;
    for (Value value : block.getTerminator()->getOperands())
      yielded.push_back(mapping.lookupOrDefault(value));
    return yielded;
  }

  /// Stores `values` into the outputs at loop indices `ivs`.
  void storeOutputs(ValueRange values, ArrayRef<Value> ivs) {
    linalg::GenericOp op = layout.op;
    for (auto [value, init] : llvm::zip_equal(values, op.getDpsInitsMutable())) {
      int buffer = layout.operandBuffer[init.getOperandNumber()];
      store(value, buffer, indicesOf(init, ivs));
    }
  }

  /// The outputs' elements at loop indices `ivs`.
  SmallVector<Value> loadOutputs(ArrayRef<Value> ivs) {
    SmallVector<Value> values;
    linalg::GenericOp op = layout.op;
    for (OpOperand &init : op.getDpsInitsMutable())
      values.push_back(element(layout.operandBuffer[init.getOperandNumber()],
                               indicesOf(init, ivs)));
    return values;
  }

  KernelContext &k;
  const GenericLayout &layout;
  SmallVector<Value> sizes;
  IRMapping boundOutside;

private:
  Value at(unsigned buffer, ArrayRef<Value> indices) {
    int64_t first = layout.bufferParams[buffer];
    SmallVector<Value> strides;
    for (size_t d = 0; d < indices.size(); ++d)
      strides.push_back(k.param(first + 1 + d));
    return k.address(k.param(first), strides, indices);
  }
};

/// `combine(f(ins), out)` with an associative combine: the op and the
/// identity its partial results start from.
struct Combiner {
  Operation *op = nullptr;
  TypedAttr identity;
};

std::optional<Combiner> combinerOf(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1)
    return std::nullopt;
  BlockArgument out = op.getRegionOutputArgs()[0];
  if (!out.hasOneUse())
    return std::nullopt;
  Operation *combine = *out.getUsers().begin();
  Block &block = op.getRegion().front();
  if (combine->getBlock() != &block || combine->getNumOperands() != 2 ||
      block.getTerminator()->getOperand(0) != combine->getResult(0))
    return std::nullopt;
  Type type = out.getType();
  Builder b(op.getContext());
  if (auto floatType = dyn_cast<FloatType>(type)) {
    const llvm::fltSemantics &semantics = floatType.getFloatSemantics();
    if (isa<arith::AddFOp>(combine))
      return Combiner{combine, b.getFloatAttr(type, 0.0)};
    if (isa<arith::MulFOp>(combine))
      return Combiner{combine, b.getFloatAttr(type, 1.0)};
    if (isa<arith::MaximumFOp, arith::MaxNumFOp>(combine))
      return Combiner{combine,
                      b.getFloatAttr(type, APFloat::getInf(semantics, true))};
    if (isa<arith::MinimumFOp, arith::MinNumFOp>(combine))
      return Combiner{combine,
                      b.getFloatAttr(type, APFloat::getInf(semantics, false))};
  } else if (isa<IntegerType>(type) && isa<arith::AddIOp>(combine)) {
    return Combiner{combine, b.getIntegerAttr(type, 0)};
  }
  return std::nullopt;
}

/// Loop indices: `parallel` and `reduced` put back in loop order.
SmallVector<Value> mergeIndices(linalg::GenericOp op, ArrayRef<Value> parallel,
                                ArrayRef<Value> reduced) {
  SmallVector<Value> ivs;
  size_t p = 0, r = 0;
  for (utils::IteratorType type : op.getIteratorTypesArray())
    ivs.push_back(type == utils::IteratorType::parallel ? parallel[p++]
                                                        : reduced[r++]);
  return ivs;
}

void buildElementwise(KernelContext &k, const GenericLayout &layout) {
  GenericKernel kernel(k, layout);
  Value global = k.add(k.mul(k.workgroupNumber(), k.index(abi::kWorkgroupSize)),
                       k.threadId());
  auto inRange =
      k.b.create<scf::IfOp>(k.loc, k.less(global, k.param(abi::kPointsParam)),
                            /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(k.b);
  k.b.setInsertionPoint(inRange.thenBlock()->getTerminator());
  SmallVector<Value> ivs = k.delinearize(global, kernel.sizes);
  IRMapping mapping;
  kernel.storeOutputs(kernel.body(ivs, {}, mapping), ivs);
}

/// The loop sizes of `op` split into its parallel and its reduced loops.
void splitSizes(linalg::GenericOp op, ArrayRef<Value> sizes,
                SmallVectorImpl<Value> &parallel,
                SmallVectorImpl<Value> &reduced) {
  for (auto [type, size] : llvm::zip_equal(op.getIteratorTypesArray(), sizes))
    (type == utils::IteratorType::parallel ? parallel : reduced)
        .push_back(size);
}

/// The output point `point` of a reduction, inside the kernel: the branch
/// taken when it is one (the builder is left in it; the caller keeps an
/// InsertionGuard), its indices over the parallel loops, the loop indices
/// of its output (zero for the reduced loops) and the reduced loop sizes.
struct OutputPoint {
  SmallVector<Value> parallel, outputIvs, reducedSizes;
};

OutputPoint enterOutputPoint(KernelContext &k, GenericKernel &kernel,
                             Value point) {
  linalg::GenericOp op = kernel.layout.op;
  OutputPoint out;
  SmallVector<Value> parallelSizes;
  splitSizes(op, kernel.sizes, parallelSizes, out.reducedSizes);
  auto inRange = k.b.create<scf::IfOp>(
      k.loc, k.less(point, k.param(abi::kPointsParam)), false);
  k.b.setInsertionPoint(inRange.thenBlock()->getTerminator());
  out.parallel = k.delinearize(point, parallelSizes);
  SmallVector<Value> zeros(out.reducedSizes.size(), k.index(0));
  out.outputIvs = mergeIndices(op, out.parallel, zeros);
  return out;
}

/// One thread per output point, folding the reduced points in order: any
/// reduction, and short ones (where a workgroup per point would idle).
void buildOrderedReduction(KernelContext &k, const GenericLayout &layout) {
  OpBuilder &b = k.b;
  linalg::GenericOp op = layout.op;
  GenericKernel kernel(k, layout);
  Value point = k.add(k.mul(k.workgroupNumber(), k.index(abi::kWorkgroupSize)),
                      k.threadId());
  OpBuilder::InsertionGuard guard(b);
  auto [parallel, outputIvs, reducedSizes] =
      enterOutputPoint(k, kernel, point);
  SmallVector<Value> initial = kernel.loadOutputs(outputIvs);
  auto loop = b.create<scf::ForOp>(
      k.loc, k.index(0), k.param(abi::kReducedParam), k.index(1), initial,
      [&](OpBuilder &, Location, Value r, ValueRange accumulators) {
        SmallVector<Value> ivs =
            mergeIndices(op, parallel, k.delinearize(r, reducedSizes));
        IRMapping mapping;
        b.create<scf::YieldOp>(k.loc, kernel.body(ivs, accumulators, mapping));
      });
  kernel.storeOutputs(loop.getResults(), outputIvs);
}

/// One workgroup per output point: its threads stride over the reduced
/// points and combine their partial results in workgroup memory.
void buildTreeReduction(KernelContext &k, const GenericLayout &layout,
                        const Combiner &combiner) {
  OpBuilder &b = k.b;
  linalg::GenericOp op = layout.op;
  Type elementType = op.getRegionOutputArgs()[0].getType();
  Value partials = b.create<memref::AllocOp>(
      k.loc, MemRefType::get({abi::kWorkgroupSize}, elementType,
                             MemRefLayoutAttrInterface(),
                             b.getI64IntegerAttr(3)));
  GenericKernel kernel(k, layout);
  Value point = k.workgroupNumber();
  Value thread = k.threadId();
  // The same branch for the whole workgroup: barriers stay uniform.
  OpBuilder::InsertionGuard guard(b);
  auto [parallel, outputIvs, reducedSizes] =
      enterOutputPoint(k, kernel, point);

  Value identity = b.create<arith::ConstantOp>(k.loc, combiner.identity);
  auto loop = b.create<scf::ForOp>(
      k.loc, thread, k.param(abi::kReducedParam),
      k.index(abi::kWorkgroupSize), ValueRange{identity},
      [&](OpBuilder &, Location, Value r, ValueRange accumulator) {
        SmallVector<Value> ivs =
            mergeIndices(op, parallel, k.delinearize(r, reducedSizes));
        IRMapping mapping;
        b.create<scf::YieldOp>(k.loc, kernel.body(ivs, accumulator, mapping));
      });
  BlockArgument out = op.getRegionOutputArgs()[0];
  Operation *combine = combiner.op;
  Value fOperand = combine->getOperand(0) == out ? combine->getOperand(1)
                                                 : combine->getOperand(0);
  auto combined = [&](Value partial, Value accumulated) {
    IRMapping mapping;
    mapping.map(fOperand, partial);
    mapping.map(out, accumulated);
    return b.clone(*combine, mapping)->getResult(0);
  };
  b.create<memref::StoreOp>(k.loc, loop.getResult(0), partials,
                            ValueRange{thread});
  b.create<mlir::gpu::BarrierOp>(k.loc);
  for (int step = abi::kReductionSteps - 1; step >= 0; --step) {
    Value half = k.index(int64_t(1) << step);
    auto active = b.create<scf::IfOp>(k.loc, k.less(thread, half), false);
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPoint(active.thenBlock()->getTerminator());
      Value mine = b.create<memref::LoadOp>(k.loc, partials, ValueRange{thread});
      Value theirs = b.create<memref::LoadOp>(k.loc, partials,
                                              ValueRange{k.add(thread, half)});
      b.create<memref::StoreOp>(k.loc, combined(theirs, mine), partials,
                                ValueRange{thread});
    }
    b.create<mlir::gpu::BarrierOp>(k.loc);
  }
  auto first = b.create<scf::IfOp>(
      k.loc,
      b.create<arith::CmpIOp>(k.loc, arith::CmpIPredicate::eq, thread,
                              k.index(0)),
      false);
  b.setInsertionPoint(first.thenBlock()->getTerminator());
  Value total = b.create<memref::LoadOp>(k.loc, partials, ValueRange{k.index(0)});
  Value old = kernel.loadOutputs(outputIvs)[0];
  kernel.storeOutputs({combined(total, old)}, outputIvs);
}

} // namespace

LogicalResult outlineGeneric(linalg::GenericOp op, KernelSet &kernels) {
  FailureOr<GenericLayout> layout = layoutOf(op);
  if (failed(layout))
    return failure();
  bool reduces = op.getNumReductionLoops() > 0;
  std::optional<Combiner> combiner;
  if (reduces)
    combiner = combinerOf(op);

  SmallVector<Type> elementTypes;
  for (Value buffer : layout->buffers)
    elementTypes.push_back(cast<MemRefType>(buffer.getType()).getElementType());
  auto make = [&](StringRef kind,
                  llvm::function_ref<void(KernelContext &)> body) {
    return kernels.make(op.getLoc(), kind, elementTypes, abi::kWorkgroupSize,
                        body);
  };
  mlir::gpu::GPUFuncOp perPoint, tree;
  if (!reduces)
    perPoint = make("elementwise",
                    [&](KernelContext &k) { buildElementwise(k, *layout); });
  else
    perPoint = make("ordered_reduction", [&](KernelContext &k) {
      buildOrderedReduction(k, *layout);
    });
  if (combiner)
    tree = make("reduction", [&](KernelContext &k) {
      buildTreeReduction(k, *layout, *combiner);
    });

  // The launch, with the parameters in the order of the layout.
  Location loc = op.getLoc();
  OpBuilder b(op);
  HostLaunch host(b, loc);
  SmallVector<Value> sizes = loopSizes(b, op);
  SmallVector<Value> parallelSizes, reducedSizes;
  splitSizes(op, sizes, parallelSizes, reducedSizes);
  Value points = product(b, loc, parallelSizes);
  Value reduced = product(b, loc, reducedSizes);
  host.addParam(points);
  host.addParam(reduced);
  for (Value size : sizes)
    host.addParam(size);
  host.addBuffersAndScalars(layout->buffers, layout->scalars);
  assert(int64_t(host.params.size()) == layout->words);
  Value perPointGroups = ceilDiv(b, loc, points, abi::kWorkgroupSize);
  if (!tree) {
    host.launch(perPoint, perPointGroups, abi::kWorkgroupSize);
  } else {
    // Long reductions take a workgroup per point; short ones a thread.
    Value long_ = b.create<arith::CmpIOp>(
        loc, arith::CmpIPredicate::uge, reduced,
        b.create<arith::ConstantIndexOp>(loc, abi::kTreeReductionMinimum));
    auto choice = b.create<scf::IfOp>(loc, long_, /*withElseRegion=*/true);
    b.setInsertionPoint(choice.thenBlock()->getTerminator());
    host.launch(tree, points, abi::kWorkgroupSize);
    b.setInsertionPoint(choice.elseBlock()->getTerminator());
    host.launch(perPoint, perPointGroups, abi::kWorkgroupSize);
  }
  op->erase();
  return success();
}

} // namespace rnnc::gpu
