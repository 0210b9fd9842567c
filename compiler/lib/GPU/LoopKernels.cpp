//===- LoopKernels.cpp - a host loop of row updates as one kernel ---------===//
//
// Embedding lookups and their scatter-add gradients (and one-hot products
// folded into lookups) lower to a loop over token positions whose body
// reads the token id, picks a table row by it and runs one elementwise op
// on whole rows (convert-rnn-to-linalg's Embedding.cpp). Launched as they
// are, that is one small launch per token. Such a loop becomes one kernel
// here: a thread per element of the row, each running the whole loop in
// order for its column. The result is the loop's, in the loop's order (a
// repeated token adds its rows in position order, as on the CPU), and
// threads never share an element: every view the loop writes through is a
// whole row of a buffer the loop owns (an allocation no other view it
// uses comes from), so element p of any row is thread p's alone.
//
// A loop that does not have this form is left alone (its ops become
// kernels one by one).
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "rnnc/device/KernelABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
namespace abi = rnnc::device::abi;

namespace rnnc::gpu {
namespace {

/// The loop, its row op and what the kernel takes from the host.
struct LoopLayout {
  scf::ForOp loop;
  linalg::GenericOp rowOp;
  /// The row op's iteration space (static).
  SmallVector<int64_t> row;
  /// Memrefs defined outside the loop and used in it: kernel buffers.
  SmallVector<Value> buffers;
  DenseMap<Value, unsigned> bufferIndex;
  SmallVector<int64_t> bufferParams; // each buffer's first word
  /// Scalars defined outside (not constants) and their first word.
  SmallVector<std::pair<Value, int64_t>> scalars;
  SmallVector<Value> constants;
  int64_t words = 0;
};

/// The allocation or argument `v` is a view of.
Value rootOf(Value v) {
  while (Operation *op = v.getDefiningOp()) {
    if (auto view = dyn_cast<ViewLikeOpInterface>(op))
      v = view.getViewSource();
    else if (auto cast = dyn_cast<memref::CastOp>(op))
      v = cast.getSource();
    else
      break;
  }
  return v;
}

/// Whether `view` is a whole row of its source: unit strides, leading
/// dimensions of size 1 (dropped), then `row` (the source's full trailing
/// dimensions, static) from offset 0.
bool isWholeRow(memref::SubViewOp view, ArrayRef<int64_t> row) {
  MemRefType source = view.getSourceType();
  int64_t rank = source.getRank(), kept = row.size();
  if (view.getType().getRank() != kept || rank < kept)
    return false;
  for (int64_t stride : view.getStaticStrides())
    if (stride != 1)
      return false;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = view.getStaticSizes()[d];
    if (d < rank - kept) {
      if (size != 1)
        return false;
      continue;
    }
    int64_t r = d - (rank - kept);
    if (view.getStaticOffsets()[d] != 0 || size != row[r] ||
        source.getDimSize(d) != row[r])
      return false;
  }
  return true;
}

bool isRowOp(linalg::GenericOp op) {
  if (op.getNumReductionLoops() != 0 || !op.hasPureBufferSemantics())
    return false;
  for (AffineMap map : op.getIndexingMapsArray())
    if (!map.isIdentity())
      return false;
  for (Operation &inner : op.getRegion().front().without_terminator())
    if (!isMemoryEffectFree(&inner) || inner.getNumRegions() ||
        isa<linalg::IndexOp>(inner))
      return false;
  return true;
}

/// The layout of `loop`, or failure when it is not a loop of row updates.
FailureOr<LoopLayout> matchLoop(scf::ForOp loop) {
  if (loop.getNumResults() != 0)
    return failure();
  LoopLayout layout;
  layout.loop = loop;
  bool other = false;
  loop.getBody()->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
      other |= layout.rowOp != nullptr || !isRowOp(generic);
      layout.rowOp = generic;
      return WalkResult::skip();
    }
    if (auto branch = dyn_cast<scf::IfOp>(op))
      other |= branch.getNumResults() != 0;
    else if (!isa<memref::LoadOp, memref::SubViewOp, scf::YieldOp>(op) &&
             !(isMemoryEffectFree(op) && op->getNumRegions() == 0 &&
               op->getDialect()->getNamespace() == "arith"))
      other = true;
    return WalkResult::advance();
  });
  if (other || !layout.rowOp)
    return failure();
  auto isInside = [&](Value v) {
    return loop->isAncestor(v.getParentRegion()->getParentOp());
  };

  // Every operand of the row op is a whole row of a buffer from outside.
  auto rowType = dyn_cast<MemRefType>(layout.rowOp->getOperand(0).getType());
  if (!rowType || !rowType.hasStaticShape())
    return failure();
  layout.row.assign(rowType.getShape().begin(), rowType.getShape().end());
  for (Value operand : layout.rowOp->getOperands()) {
    auto view = operand.getDefiningOp<memref::SubViewOp>();
    if (!view || !isInside(view) || isInside(view.getSource()) ||
        !isWholeRow(view, layout.row))
      return failure();
  }
  // What the loop writes: allocations of identity layout it reaches only
  // through the written view's source.
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(loop.getRegion(), captured);
  SmallVector<Value> written;
  for (Value init : layout.rowOp.getDpsInits()) {
    Value source = init.getDefiningOp<memref::SubViewOp>().getSource();
    if (!cast<MemRefType>(source.getType()).getLayout().isIdentity() ||
        !rootOf(source).getDefiningOp<memref::AllocOp>())
      return failure();
    written.push_back(source);
  }
  for (Value w : written)
    for (Value value : captured)
      if (isa<MemRefType>(value.getType()) && value != w &&
          rootOf(value) == rootOf(w))
        return failure();
  bool loadsWritten = false;
  loop.getBody()->walk([&](memref::LoadOp load) {
    loadsWritten |= llvm::is_contained(written, load.getMemRef()) ||
                    isInside(load.getMemRef());
  });
  if (loadsWritten)
    return failure();

  // The kernel's buffers and parameter words.
  layout.words = abi::kLoopFirstBuffer;
  for (Value value : captured) {
    if (matchPattern(value, m_Constant())) {
      layout.constants.push_back(value);
    } else if (auto type = dyn_cast<MemRefType>(value.getType())) {
      layout.bufferIndex[value] = layout.buffers.size();
      layout.buffers.push_back(value);
      layout.bufferParams.push_back(layout.words);
      layout.words += 1 + type.getRank();
    }
  }
  for (Value value : captured) {
    if (matchPattern(value, m_Constant()) || isa<MemRefType>(value.getType()))
      continue;
    if (!value.getType().isIntOrIndexOrFloat())
      return failure();
    layout.scalars.push_back({value, layout.words});
    layout.words += HostLaunch::wordsOf(value.getType());
  }
  return layout;
}

/// The kernel: thread p runs the loop for element p of every row.
class LoopKernel {
public:
  LoopKernel(KernelContext &k, const LoopLayout &layout)
      : k(k), layout(layout) {}

  void build() {
    for (Value constant : layout.constants)
      k.b.clone(*constant.getDefiningOp(), mapping);
    for (auto [value, word] : layout.scalars)
      mapping.map(value, k.scalar(value.getType(), word));
    Value global =
        k.add(k.mul(k.workgroupNumber(), k.index(abi::kWorkgroupSize)),
              k.threadId());
    auto inRange = k.b.create<scf::IfOp>(
        k.loc, k.less(global, k.param(abi::kLoopPoints)), false);
    OpBuilder::InsertionGuard guard(k.b);
    k.b.setInsertionPoint(inRange.thenBlock()->getTerminator());
    SmallVector<Value> rowSizes;
    for (int64_t size : layout.row)
      rowSizes.push_back(k.index(size));
    element = k.delinearize(global, rowSizes);
    auto loop = k.b.create<scf::ForOp>(k.loc, k.param(abi::kLoopLower),
                                       k.param(abi::kLoopUpper),
                                       k.param(abi::kLoopStep));
    scf::ForOp hostLoop = layout.loop;
    mapping.map(hostLoop.getInductionVar(), loop.getInductionVar());
    k.b.setInsertionPoint(loop.getBody()->getTerminator());
    emit(*hostLoop.getBody());
  }

private:
  /// A buffer's offset and its strides, as parameter words.
  Value offsetOf(unsigned buffer) {
    return k.param(layout.bufferParams[buffer]);
  }
  Value strideOf(unsigned buffer, int64_t d) {
    return k.param(layout.bufferParams[buffer] + 1 + d);
  }
  Value lookup(OpFoldResult value) {
    if (auto attr = dyn_cast<Attribute>(value))
      return k.index(cast<IntegerAttr>(attr).getInt());
    return mapping.lookup(cast<Value>(value));
  }

  /// A row view: its buffer, the address of its first element and the
  /// strides of its dimensions.
  struct Row {
    unsigned buffer;
    Value base;
    SmallVector<Value> strides;
  };

  void emit(Block &block) {
    for (Operation &op : block.without_terminator()) {
      if (auto load = dyn_cast<memref::LoadOp>(op)) {
        unsigned buffer = layout.bufferIndex.lookup(load.getMemRef());
        SmallVector<Value> indices, strides;
        for (auto [d, i] : llvm::enumerate(load.getIndices())) {
          indices.push_back(mapping.lookup(i));
          strides.push_back(strideOf(buffer, d));
        }
        Value at = k.address(offsetOf(buffer), strides, indices);
        mapping.map(load.getResult(),
                    k.b.create<memref::LoadOp>(k.loc, k.buffer(buffer),
                                               ValueRange{at}));
      } else if (auto view = dyn_cast<memref::SubViewOp>(op)) {
        unsigned buffer = layout.bufferIndex.lookup(view.getSource());
        int64_t rank = view.getSourceType().getRank();
        int64_t kept = layout.row.size();
        SmallVector<Value> offsets, strides;
        for (int64_t d = 0; d < rank; ++d) {
          offsets.push_back(lookup(view.getMixedOffsets()[d]));
          strides.push_back(strideOf(buffer, d));
        }
        Row row{buffer, k.address(offsetOf(buffer), strides, offsets),
                SmallVector<Value>(strides.end() - kept, strides.end())};
        rows.try_emplace(view.getResult(), row);
      } else if (auto branch = dyn_cast<scf::IfOp>(op)) {
        auto copy = k.b.create<scf::IfOp>(
            k.loc, mapping.lookup(branch.getCondition()), false);
        OpBuilder::InsertionGuard guard(k.b);
        k.b.setInsertionPoint(copy.thenBlock()->getTerminator());
        emit(*branch.thenBlock());
      } else if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
        emitRowOp(generic);
      } else {
        k.b.clone(op, mapping);
      }
    }
  }

  /// This thread's element of the row op.
  void emitRowOp(linalg::GenericOp op) {
    Block &body = op.getRegion().front();
    auto at = [&](Value operand) {
      const Row &row = rows.find(operand)->second;
      return std::make_pair(row.buffer,
                            k.address(row.base, row.strides, element));
    };
    for (OpOperand &operand : op->getOpOperands()) {
      BlockArgument argument = op.getMatchingBlockArgument(&operand);
      if (argument.use_empty())
        continue;
      auto [buffer, address] = at(operand.get());
      mapping.map(argument, k.b.create<memref::LoadOp>(
                                k.loc, k.buffer(buffer), ValueRange{address}));
    }
    for (Operation &inner : body.without_terminator())
      k.b.clone(inner, mapping);
    for (auto [value, init] :
         llvm::zip_equal(body.getTerminator()->getOperands(), op.getDpsInits())) {
      auto [buffer, address] = at(init);
      k.b.create<memref::StoreOp>(k.loc, mapping.lookupOrDefault(value),
                                  k.buffer(buffer), ValueRange{address});
    }
  }

  KernelContext &k;
  const LoopLayout &layout;
  IRMapping mapping;
  SmallVector<Value> element;
  DenseMap<Value, Row> rows;
};

} // namespace

bool outlineLoop(scf::ForOp loop, KernelSet &kernels) {
  FailureOr<LoopLayout> layout = matchLoop(loop);
  if (failed(layout))
    return false;
  SmallVector<Type> elementTypes;
  for (Value buffer : layout->buffers)
    elementTypes.push_back(cast<MemRefType>(buffer.getType()).getElementType());
  mlir::gpu::GPUFuncOp kernel = kernels.make(
      loop.getLoc(), "row_loop", elementTypes, abi::kWorkgroupSize,
      [&](KernelContext &k) { LoopKernel(k, *layout).build(); });

  OpBuilder b(loop);
  Location loc = loop.getLoc();
  HostLaunch host(b, loc);
  int64_t points = 1;
  for (int64_t size : layout->row)
    points *= size;
  host.addParam(host.index(points));
  host.addParam(loop.getLowerBound());
  host.addParam(loop.getUpperBound());
  host.addParam(loop.getStep());
  host.addBuffersAndScalars(layout->buffers, layout->scalars);
  assert(int64_t(host.params.size()) == layout->words);
  host.launch(kernel,
              host.index((points + abi::kWorkgroupSize - 1) /
                         abi::kWorkgroupSize),
              abi::kWorkgroupSize);
  loop->erase();
  return true;
}

} // namespace rnnc::gpu
