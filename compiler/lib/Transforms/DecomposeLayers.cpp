//===- DecomposeLayers.cpp - named layers to scans, or to single layers ---===//
//
// See the description of rnn-decompose-layers in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNBuilders.h"
#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include <array>

namespace rnnc {
#define GEN_PASS_DEF_DECOMPOSELAYERS
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// Builds the decomposition of one layer op.
class LayerExpander {
public:
  LayerExpander(OpBuilder &b, Location loc, CellKind cell, int64_t hidden,
                Type element, bool inputMajor)
      : b(b), loc(loc), cell(cell), hidden(hidden), element(element),
        inputMajor(inputMajor) {}

  /// The [B, N] type with `rows` ([B]'s static size or dynamic).
  RankedTensorType matrix(int64_t rows, int64_t cols) {
    return RankedTensorType::get({rows, cols}, element);
  }

  /// x [B, K] @ w^T ([N, K]) + bias [N]; x @ w ([K, N]) if input-major.
  Value affine(Value x, Value w, Value bias) {
    auto xType = llvm::cast<RankedTensorType>(x.getType());
    auto wType = llvm::cast<RankedTensorType>(w.getType());
    auto type =
        matrix(xType.getDimSize(0), wType.getDimSize(inputMajor ? 1 : 0));
    Value product = b.create<MatmulOp>(loc, type, x, w, false, !inputMajor);
    return b.create<AddOp>(loc, type, product, bias);
  }

  llvm::SmallVector<Value> gates(Value g, int64_t count) {
    auto type = llvm::cast<RankedTensorType>(g.getType());
    llvm::SmallVector<Type> types(count, matrix(type.getDimSize(0), hidden));
    llvm::SmallVector<int64_t> sizes(count, hidden);
    auto split = b.create<SplitOp>(loc, types, g, b.getI64IntegerAttr(1),
                                   b.getDenseI64ArrayAttr(sizes));
    return llvm::SmallVector<Value>(split.getResults());
  }

  template <typename OpTy> Value unary(Value x) {
    return b.create<OpTy>(loc, x.getType(), x);
  }
  template <typename OpTy> Value binary(Value x, Value y) {
    return b.create<OpTy>(loc, x.getType(), x, y);
  }

  /// One scan over `input` [T, B, I] for one layer and direction; returns
  /// the final states (h, c) and the stacked outputs [T, B, H].
  ScanOp scan(Value input, ValueRange inits, ValueRange weights,
              Direction direction) {
    auto inType = llvm::cast<RankedTensorType>(input.getType());
    int64_t steps = inType.getDimSize(0), batch = inType.getDimSize(1);
    auto state = matrix(batch, hidden);
    llvm::SmallVector<Type> types(inits.size(), state);
    types.push_back(RankedTensorType::get({steps, batch, hidden}, element));
    // (weight, bias) of a reset-before GRU's hidden r/z and n blocks.
    std::array<Value, 2> hiddenRZ, hiddenN;
    if (cell == CellKind::GRUResetBefore)
      std::tie(hiddenRZ, hiddenN) = splitHiddenWeights(weights[1], weights[3]);
    auto scan =
        b.create<ScanOp>(loc, types, ValueRange{input}, inits, direction);
    OpBuilder::InsertionGuard guard(b);
    Block *body = b.createBlock(&scan.getBody());
    Value x = body->addArgument(
        RankedTensorType::get({batch, inType.getDimSize(2)}, element), loc);
    Value h = body->addArgument(state, loc);
    Value c = inits.size() > 1 ? body->addArgument(state, loc) : Value();
    Value wih = weights[0], whh = weights[1], bih = weights[2],
          bhh = weights[3];
    llvm::SmallVector<Value> next;
    switch (cell) {
    case CellKind::Tanh:
    case CellKind::Relu: {
      Value pre = binary<AddOp>(affine(x, wih, bih), affine(h, whh, bhh));
      next.push_back(cell == CellKind::Relu ? unary<ReluOp>(pre)
                                            : unary<TanhOp>(pre));
      break;
    }
    case CellKind::LSTM: {
      auto g =
          gates(binary<AddOp>(affine(x, wih, bih), affine(h, whh, bhh)), 4);
      Value i = unary<SigmoidOp>(g[0]), f = unary<SigmoidOp>(g[1]);
      Value cand = unary<TanhOp>(g[2]), o = unary<SigmoidOp>(g[3]);
      Value cNext = binary<AddOp>(binary<MulOp>(f, c), binary<MulOp>(i, cand));
      next.push_back(binary<MulOp>(o, unary<TanhOp>(cNext)));
      next.push_back(cNext);
      break;
    }
    case CellKind::GRU: {
      auto gi = gates(affine(x, wih, bih), 3);
      auto gh = gates(affine(h, whh, bhh), 3);
      Value r = unary<SigmoidOp>(binary<AddOp>(gi[0], gh[0]));
      Value z = unary<SigmoidOp>(binary<AddOp>(gi[1], gh[1]));
      Value n = unary<TanhOp>(binary<AddOp>(gi[2], binary<MulOp>(r, gh[2])));
      next.push_back(binary<AddOp>(n, binary<MulOp>(z, binary<SubOp>(h, n))));
      break;
    }
    case CellKind::GRUResetBefore: {
      // r and z from h W_h{r,z}; n from (r * h) W_hn: two products with h.
      auto gi = gates(affine(x, wih, bih), 3);
      auto gh = gates(affine(h, hiddenRZ[0], hiddenRZ[1]), 2);
      Value r = unary<SigmoidOp>(binary<AddOp>(gi[0], gh[0]));
      Value z = unary<SigmoidOp>(binary<AddOp>(gi[1], gh[1]));
      Value hn = affine(binary<MulOp>(r, h), hiddenN[0], hiddenN[1]);
      Value n = unary<TanhOp>(binary<AddOp>(gi[2], hn));
      next.push_back(binary<AddOp>(n, binary<MulOp>(z, binary<SubOp>(h, n))));
      break;
    }
    }
    next.push_back(next.front()); // the per-step output is h
    b.create<YieldOp>(loc, next);
    return scan;
  }

private:
  /// `whh` and `bhh` of a reset-before GRU split, above the scan, into
  /// the r and z blocks and the n block, each as (weight, bias).
  std::pair<std::array<Value, 2>, std::array<Value, 2>>
  splitHiddenWeights(Value whh, Value bhh) {
    auto wType = llvm::cast<RankedTensorType>(whh.getType());
    int64_t axis = inputMajor ? 1 : 0;
    auto part = [&](int64_t gates) {
      llvm::SmallVector<int64_t> shape(wType.getShape());
      shape[axis] = gates * hidden;
      return RankedTensorType::get(shape, element);
    };
    auto w = b.create<SplitOp>(loc, TypeRange{part(2), part(1)}, whh,
                               b.getI64IntegerAttr(axis),
                               b.getDenseI64ArrayAttr({2 * hidden, hidden}));
    auto bias = b.create<SplitOp>(
        loc,
        TypeRange{RankedTensorType::get({2 * hidden}, element),
                  RankedTensorType::get({hidden}, element)},
        bhh, b.getI64IntegerAttr(0),
        b.getDenseI64ArrayAttr({2 * hidden, hidden}));
    return {{w.getResult(0), bias.getResult(0)},
            {w.getResult(1), bias.getResult(1)}};
  }

  OpBuilder &b;
  Location loc;
  CellKind cell;
  int64_t hidden;
  Type element;
  bool inputMajor;
};

/// `state` [B, H] as [1, B, H].
Value addLeadingUnit(OpBuilder &b, Location loc, Value state) {
  auto type = llvm::cast<RankedTensorType>(state.getType());
  llvm::SmallVector<int64_t> shape{1};
  shape.append(type.getShape().begin(), type.getShape().end());
  llvm::SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(b.create<tensor::DimOp>(loc, state, d));
  return b.create<BroadcastOp>(
      loc, RankedTensorType::get(shape, type.getElementType()), state, sizes);
}

/// One layer and direction of `op` as a single-layer, single-direction op
/// of the same kind (the library path); `inits` are [1, B, H].
Operation *singleLayer(OpBuilder &b, RecurrentLayerOpInterface op,
                       Value input, ValueRange inits, ValueRange weights,
                       Direction direction) {
  auto inType = llvm::cast<RankedTensorType>(input.getType());
  auto stateType = llvm::cast<RankedTensorType>(inits.front().getType());
  int64_t hidden = stateType.getDimSize(2);
  llvm::SmallVector<Type> types{RankedTensorType::get(
      {inType.getDimSize(0), inType.getDimSize(1), hidden},
      inType.getElementType())};
  types.append(inits.size(), stateType);
  LayerConfig config;
  config.direction = direction;
  config.hidden = op.getHiddenSize();
  config.inputMajor = op.isInputMajor();
  return createLayerOp(b, op.getLoc(), op.getCellKind(), config, input, inits,
                       weights, types);
}

/// `layerIndex` numbers the layer ops of the function, so that each
/// inter-layer dropout draws its own mask (seed = layerIndex * 1000 + l).
/// With `library`, each layer and direction stays a named single layer.
LogicalResult decompose(RecurrentLayerOpInterface op, int64_t layerIndex,
                        bool library) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  int64_t hidden = op.getHiddenSize(), layers = op.getNumLayers();
  Direction direction = op.getDirection();
  int64_t numDirections = op.getNumDirections();
  auto inType = llvm::cast<RankedTensorType>(op.getInput().getType());
  LayerExpander expand(b, loc, op.getCellKind(), hidden,
                       inType.getElementType(), op.isInputMajor());
  bool withCell = op.hasCellState();
  llvm::SmallVector<Value, 2> initialStates = op.getInitialStates();
  Value h0 = initialStates[0];
  Value c0 = withCell ? initialStates[1] : Value();
  auto weights = op.getWeights();

  auto stateAt = [&](Value states, int64_t index) -> Value {
    auto type = llvm::cast<RankedTensorType>(states.getType());
    return b.create<SelectOp>(
        loc,
        RankedTensorType::get(type.getShape().drop_front(),
                              type.getElementType()),
        states, b.getI64IntegerAttr(0), b.getI64IntegerAttr(index));
  };

  Value input = op.getInput();
  llvm::SmallVector<Value> finalH, finalC;
  for (int64_t l = 0; l < layers; ++l) {
    if (l > 0 && op.getDropoutRate() > 0)
      input = b.create<DropoutOp>(loc, input.getType(), input,
                                  b.getF64FloatAttr(op.getDropoutRate()),
                                  b.getI64IntegerAttr(layerIndex * 1000 + l));
    llvm::SmallVector<Value> outputs;
    for (int64_t d = 0; d < numDirections; ++d) {
      int64_t index = l * numDirections + d;
      llvm::SmallVector<Value> inits{stateAt(h0, index)};
      if (withCell)
        inits.push_back(stateAt(c0, index));
      Direction scanDirection = (d == 1 || direction == Direction::reverse)
                                    ? Direction::reverse
                                    : Direction::forward;
      if (library) {
        llvm::SmallVector<Value> stacked;
        for (Value init : inits)
          stacked.push_back(addLeadingUnit(b, loc, init));
        Operation *layer = singleLayer(b, op, input, stacked,
                                       weights.slice(kWeightsPerLayerDirection * index,
                                                     kWeightsPerLayerDirection),
                                       scanDirection);
        outputs.push_back(layer->getResult(0));
        finalH.push_back(layer->getResult(1));
        if (withCell)
          finalC.push_back(layer->getResult(2));
        continue;
      }
      ScanOp scan =
          expand.scan(input, inits, weights.slice(kWeightsPerLayerDirection * index,
                                                     kWeightsPerLayerDirection), scanDirection);
      finalH.push_back(addLeadingUnit(b, loc, scan.getResult(0)));
      if (withCell)
        finalC.push_back(addLeadingUnit(b, loc, scan.getResult(1)));
      outputs.push_back(scan.getStackedOutputs()[0]);
    }
    if (outputs.size() == 1) {
      input = outputs.front();
    } else {
      auto type = llvm::cast<RankedTensorType>(outputs[0].getType());
      input = b.create<ConcatOp>(
          loc,
          RankedTensorType::get(
              {type.getDimSize(0), type.getDimSize(1), numDirections * hidden},
              type.getElementType()),
          outputs, b.getI64IntegerAttr(2));
    }
  }
  auto stack = [&](llvm::ArrayRef<Value> states, Type type) -> Value {
    if (states.size() == 1)
      return states.front();
    return b.create<ConcatOp>(loc, type, states, b.getI64IntegerAttr(0));
  };
  llvm::SmallVector<Value, 2> finalStates = op.getFinalStates();
  llvm::SmallVector<Value> results{input,
                                   stack(finalH, finalStates[0].getType())};
  if (withCell)
    results.push_back(stack(finalC, finalStates[1].getType()));
  // Static shapes may be more precise than the layer's declared types.
  for (auto [result, value] : llvm::zip(op->getResults(), results))
    if (value.getType() != result.getType())
      return op.emitOpError() << "decomposes to " << value.getType()
                              << " where it declares " << result.getType();
  op->replaceAllUsesWith(results);
  op->erase();
  return success();
}

/// Whether the model around `op` trains with full BPTT (the only scheme
/// the library's backward primitives compute).
bool trainsWithFullBPTT(Operation *op) {
  auto model = op->getParentOfType<ModelOp>();
  auto train =
      model ? model->getAttrOfType<DictionaryAttr>("train") : DictionaryAttr();
  auto bptt = train ? train.getAs<StringAttr>("bptt") : StringAttr();
  return !bptt || bptt.getValue() == "full";
}

/// Whether `op` is in the single-step function (rnn-derive-step), whose
/// one step is better served by generated code than by a primitive call.
bool inStepFunction(Operation *op) {
  auto func = op->getParentOfType<func::FuncOp>();
  return func && func->hasAttr("rnn.step");
}

/// Whether `op` can stay a named layer for the library path.
bool keepsForLibrary(RecurrentLayerOpInterface op) {
  auto type = llvm::cast<RankedTensorType>(op.getInput().getType());
  return type.getElementType().isF32() && trainsWithFullBPTT(op) &&
         !inStepFunction(op);
}

/// A single-layer, single-direction layer needs no splitting.
bool isSingleLayer(RecurrentLayerOpInterface op) {
  return op.getNumLayers() == 1 && op.getNumDirections() == 1;
}

struct DecomposeLayersPass
    : rnnc::impl::DecomposeLayersBase<DecomposeLayersPass> {
  using DecomposeLayersBase::DecomposeLayersBase;

  void runOnOperation() override {
    llvm::SmallVector<RecurrentLayerOpInterface> layers;
    getOperation()->walk([&](RecurrentLayerOpInterface layer) {
      if (!layer.isBackward())
        layers.push_back(layer);
    });
    for (auto [index, layer] : llvm::enumerate(layers)) {
      bool keep = library && keepsForLibrary(layer);
      if (keep && isSingleLayer(layer))
        continue;
      if (failed(decompose(layer, static_cast<int64_t>(index), keep)))
        return signalPassFailure();
    }
  }
};

} // namespace
