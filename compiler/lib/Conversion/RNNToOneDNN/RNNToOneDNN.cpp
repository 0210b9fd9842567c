//===- RNNToOneDNN.cpp - named layers to oneDNN RNN primitive calls -------===//
//
// See the description of convert-rnn-to-onednn in Passes.td. The calls'
// signatures and the configuration word are declared in Runtime.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Conversion/Passes.h"

#include "RNN/IR/RNNOps.h"
#include "rnnc/runtime/Runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace rnnc {
#define GEN_PASS_DEF_CONVERTRNNTOONEDNN
#include "rnnc/Conversion/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

constexpr llvm::StringLiteral kForward = "rnnc_rt_layer_forward";
constexpr llvm::StringLiteral kBackward = "rnnc_rt_layer_backward";
constexpr llvm::StringLiteral kReadBy = "rnnc.read_by";

/// Ranks of the forward call's buffers: x, h0, c0, the four weights, y, h_n,
/// c_n. The backward call takes these, then the adjoints of y, h_n, c_n and
/// produces those of x, h0, c0 and the weights.
constexpr int64_t kForwardRanks[] = {3, 3, 3, 2, 2, 1, 1, 3, 3, 3};
constexpr int64_t kBackwardRanks[] = {3, 3, 3, 2, 2, 1, 1, 3, 3, 3,
                                      3, 3, 3, 3, 3, 3, 2, 2, 1, 1};

MemRefType dynamicBuffer(MLIRContext *ctx, int64_t rank) {
  return MemRefType::get(
      llvm::SmallVector<int64_t>(rank, ShapedType::kDynamic),
      Float32Type::get(ctx));
}

/// The configuration word of a layer or its gradient (Runtime.h): the cell
/// kind is the ABI's cell number (both come from CellKinds.def).
int64_t configOf(RecurrentLayerOpInterface layer, bool training) {
  int64_t config = static_cast<int64_t>(layer.getCellKind());
  if (layer.getDirection() == Direction::reverse)
    config |= RNNC_RT_LAYER_REVERSE;
  if (training)
    config |= RNNC_RT_LAYER_TRAINING;
  if (layer.isInputMajor())
    config |= RNNC_RT_LAYER_INPUT_MAJOR;
  return config;
}

/// Rewrites layer ops on tensors into runtime calls on buffers:
/// `bufferization.to_memref` of the operands, `memref.alloc` of the results
/// (wrapped back with `bufferization.to_tensor restrict`), and
/// one-shot bufferization takes it from there.
class LayerCalls {
public:
  explicit LayerCalls(ModuleOp module) : module(module) {}

  LogicalResult run() {
    llvm::SmallVector<RecurrentLayerOpInterface> layers, grads;
    module.walk([&](RecurrentLayerOpInterface layer) {
      (layer.isBackward() ? grads : layers).push_back(layer);
    });
    // Sites: one per forward layer op; a gradient shares its forward's site
    // (and with it the workspace of forward_training).
    llvm::DenseMap<Operation *, int64_t> sites;
    llvm::DenseSet<Operation *> training;
    for (RecurrentLayerOpInterface op : layers) {
      if (failed(checkSupported(op)))
        return failure();
      sites[op] = static_cast<int64_t>(sites.size());
    }
    llvm::SmallVector<std::pair<RecurrentLayerOpInterface, int64_t>> gradSites;
    for (RecurrentLayerOpInterface grad : grads) {
      Operation *forward = forwardOf(grad);
      if (!forward || !sites.count(forward))
        return grad->emitOpError()
               << "convert-rnn-to-onednn: the forward layer of this gradient "
                  "is not in the same function; the library's backward "
                  "primitive needs its workspace";
      training.insert(forward);
      gradSites.push_back({grad, sites[forward]});
    }
    for (auto [grad, site] : gradSites)
      lowerGrad(grad, site);
    for (RecurrentLayerOpInterface op : layers)
      lowerForward(op, sites[op], training.contains(op));
    return success();
  }

private:
  /// The forward layer op whose `output` the gradient reads.
  static Operation *forwardOf(RecurrentLayerOpInterface grad) {
    auto forward = grad.getOutput().getDefiningOp<RecurrentLayerOpInterface>();
    return forward && !forward.isBackward() ? forward.getOperation() : nullptr;
  }

  LogicalResult checkSupported(RecurrentLayerOpInterface op) {
    auto type = llvm::cast<RankedTensorType>(op.getInput().getType());
    if (op.getNumLayers() == 1 && op.getNumDirections() == 1 &&
        type.getElementType().isF32())
      return success();
    return op->emitOpError()
           << "convert-rnn-to-onednn takes f32 single-layer, single-direction "
              "layers; run rnn-decompose-layers{library=true} first";
  }

  func::FuncOp declare(StringRef name, llvm::ArrayRef<int64_t> ranks) {
    if (auto existing = module.lookupSymbol<func::FuncOp>(name))
      return existing;
    OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
    llvm::SmallVector<Type> inputs(2, b.getI64Type());
    for (int64_t rank : ranks)
      inputs.push_back(dynamicBuffer(b.getContext(), rank));
    auto callee = b.create<func::FuncOp>(module.getLoc(), name,
                                         b.getFunctionType(inputs, {}));
    callee.setPrivate();
    callee->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    b.getUnitAttr());
    return callee;
  }

  /// `tensor` as a read-only buffer of the call's dynamic type. `readBy`
  /// names the call (callee@site) on the `to_memref`: CSE must not merge
  /// the forward's and the backward's `to_memref` of one tensor, or the
  /// in-place analysis would see the tensor's last read at the forward call
  /// and let a later op overwrite the buffer that the backward still reads.
  static Value buffer(OpBuilder &b, Location loc, Value tensor,
                      StringAttr readBy) {
    auto type = llvm::cast<RankedTensorType>(tensor.getType());
    auto memref = MemRefType::get(type.getShape(), type.getElementType());
    auto toMemref = b.create<bufferization::ToMemrefOp>(loc, memref, tensor,
                                                        /*read_only=*/true);
    toMemref->setAttr(kReadBy, readBy);
    Value m = toMemref;
    return b.create<memref::CastOp>(
        loc, dynamicBuffer(b.getContext(), type.getRank()), m);
  }

  static StringAttr readByAttr(OpBuilder &b, StringRef callee, int64_t site) {
    return b.getStringAttr(callee + "@" + std::to_string(site));
  }

  /// A new buffer of `type`; dynamic sizes from `like` (same rank).
  static Value allocLike(OpBuilder &b, Location loc, RankedTensorType type,
                         Value like) {
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        sizes.push_back(b.create<tensor::DimOp>(loc, like, d));
    return b.create<memref::AllocOp>(
        loc, MemRefType::get(type.getShape(), type.getElementType()), sizes);
  }

  /// Not writable: a later read of this buffer by another call goes
  /// through `to_memref(to_tensor(buffer))`, which canonicalization folds
  /// away, out of the sight of the in-place analysis. A read-only buffer
  /// can never be overwritten in place under such a read.
  static Value asTensor(OpBuilder &b, Location loc, Value alloc) {
    return b.create<bufferization::ToTensorOp>(loc, alloc, /*restrict=*/true,
                                               /*writable=*/false);
  }

  static Value asArgument(OpBuilder &b, Location loc, Value alloc) {
    auto type = llvm::cast<MemRefType>(alloc.getType());
    return b.create<memref::CastOp>(
        loc, dynamicBuffer(b.getContext(), type.getRank()), alloc);
  }

  /// The call's leading operands: site, configuration, then the forward
  /// operands with the states padded to (h0, c0) (h0 twice without a cell).
  llvm::SmallVector<Value> forwardOperands(OpBuilder &b,
                                           RecurrentLayerOpInterface op,
                                           int64_t site, int64_t config,
                                           StringAttr readBy) {
    Location loc = op.getLoc();
    llvm::SmallVector<Value> args{
        b.create<arith::ConstantIntOp>(loc, site, 64),
        b.create<arith::ConstantIntOp>(loc, config, 64)};
    args.push_back(buffer(b, loc, op.getInput(), readBy));
    for (Value state : padToTwo(op.getInitialStates()))
      args.push_back(buffer(b, loc, state, readBy));
    for (LayerWeight weight : {LayerWeight::WeightIH, LayerWeight::WeightHH,
                               LayerWeight::BiasIH, LayerWeight::BiasHH})
      args.push_back(buffer(b, loc, op.getWeight(0, 0, weight), readBy));
    return args;
  }

  /// (h, c) states, or (h, h) without a cell: the runtime's calls always
  /// take two state slots.
  static llvm::SmallVector<Value, 2> padToTwo(llvm::ArrayRef<Value> states) {
    llvm::SmallVector<Value, 2> padded(states.begin(), states.end());
    if (padded.size() == 1)
      padded.push_back(padded.front());
    return padded;
  }

  /// Allocates one buffer per type (sizes like `likes`) and appends them
  /// to `args`; returns the buffers.
  llvm::SmallVector<Value> outputs(OpBuilder &b, Location loc,
                                   llvm::ArrayRef<RankedTensorType> types,
                                   llvm::ArrayRef<Value> likes,
                                   llvm::SmallVectorImpl<Value> &args) {
    llvm::SmallVector<Value> allocs;
    for (auto [type, like] : llvm::zip(types, likes))
      allocs.push_back(allocLike(b, loc, type, like));
    for (Value alloc : allocs)
      args.push_back(asArgument(b, loc, alloc));
    return allocs;
  }

  /// Calls `callee` and replaces `op`'s results by the written buffers.
  void callAndReplace(OpBuilder &b, Operation *op, func::FuncOp callee,
                      llvm::ArrayRef<Value> args,
                      llvm::ArrayRef<Value> allocs) {
    Location loc = op->getLoc();
    b.create<func::CallOp>(loc, callee, ValueRange(args));
    llvm::SmallVector<Value> results;
    for (Value alloc : allocs)
      results.push_back(asTensor(b, loc, alloc));
    op->replaceAllUsesWith(results);
    op->erase();
  }

  void lowerForward(RecurrentLayerOpInterface op, int64_t site,
                    bool training) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    auto args = forwardOperands(b, op, site, configOf(op, training),
                                readByAttr(b, kForward, site));
    Value h0 = op.getInitialStates().front();
    llvm::SmallVector<RankedTensorType> types;
    llvm::SmallVector<Value> likes{op.getInput(), h0, h0};
    for (Type t : op->getResultTypes())
      types.push_back(llvm::cast<RankedTensorType>(t));
    auto allocs = outputs(b, loc, types, likes, args);
    if (!op.hasCellState())
      args.push_back(args.back()); // c_n slot: h_n again
    callAndReplace(b, op, declare(kForward, kForwardRanks), args, allocs);
  }

  void lowerGrad(RecurrentLayerOpInterface grad, int64_t site) {
    OpBuilder b(grad);
    Location loc = grad.getLoc();
    StringAttr readBy = readByAttr(b, kBackward, site);
    auto args = forwardOperands(b, grad, site, configOf(grad, true), readBy);
    // Forward results, then their adjoints, each as (y, h_n, c_n), the
    // c_n slot repeating h_n without a cell.
    llvm::SmallVector<Value, 3> results{grad.getOutput()},
        adjoints = grad.getResultAdjoints();
    for (Value state : padToTwo(grad.getFinalStates()))
      results.push_back(state);
    if (adjoints.size() == 2)
      adjoints.push_back(adjoints.back());
    for (Value v : llvm::concat<Value>(results, adjoints))
      args.push_back(buffer(b, loc, v, readBy));
    // Results: the adjoints of the forward operands (input, states,
    // weights), each sized like its operand.
    llvm::SmallVector<Value> likes{grad.getInput()};
    llvm::append_range(likes, grad.getInitialStates());
    llvm::append_range(likes, grad.getWeights());
    llvm::SmallVector<RankedTensorType> types;
    for (Type t : grad->getResultTypes())
      types.push_back(llvm::cast<RankedTensorType>(t));
    // Results: d_x, d_h0, [d_c0], 4 weight adjoints. Without a cell, the
    // d_c0 slot repeats d_h0's buffer.
    llvm::SmallVector<Value> resultArgs;
    auto allocs = outputs(b, loc, types, likes, resultArgs);
    args.append(resultArgs.begin(), resultArgs.begin() + 2);
    if (!grad.hasCellState())
      args.push_back(resultArgs[1]);
    args.append(resultArgs.begin() + 2, resultArgs.end());
    callAndReplace(b, grad, declare(kBackward, kBackwardRanks), args, allocs);
  }

  ModuleOp module;
};

struct ConvertRNNToOneDNNPass
    : rnnc::impl::ConvertRNNToOneDNNBase<ConvertRNNToOneDNNPass> {
  void runOnOperation() override {
    if (failed(LayerCalls(getOperation()).run()))
      signalPassFailure();
  }
};

} // namespace
