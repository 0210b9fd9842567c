//===- DecomposeLayers.cpp - named layers to scans, or to single layers ---===//
//
// See the description of rnn-decompose-layers in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNBuilders.h"
#include "RNN/IR/RNNCellEquations.h"
#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

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

  /// `g` [B, count * H] split into `count` gates [B, H] (itself if 1).
  llvm::SmallVector<Value> gates(Value g, int64_t count) {
    if (count == 1)
      return {g};
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

  /// One scan over `input` [T, B, I] for one layer and direction, its body
  /// built from the cell's equations (RNNCellEquations.h); returns the
  /// final states (h, c) and the stacked outputs [T, B, H].
  ScanOp scan(Value input, ValueRange inits, ValueRange weights,
              Direction direction) {
    const CellEquations &equations = cellEquations(cell);
    auto inType = llvm::cast<RankedTensorType>(input.getType());
    int64_t steps = inType.getDimSize(0), batch = inType.getDimSize(1);
    auto state = matrix(batch, hidden);
    llvm::SmallVector<Type> types(inits.size(), state);
    types.push_back(RankedTensorType::get({steps, batch, hidden}, element));
    llvm::SmallVector<HiddenGroup> groups =
        hiddenGroups(equations, weights[1], weights[3]);
    auto scan =
        b.create<ScanOp>(loc, types, ValueRange{input}, inits, direction);
    OpBuilder::InsertionGuard guard(b);
    Block *body = b.createBlock(&scan.getBody());
    Value x = body->addArgument(
        RankedTensorType::get({batch, inType.getDimSize(2)}, element), loc);
    StepBuilder step{*this, equations, {}, {}, {}, {}, {}, {}};
    for (size_t s = 0; s < inits.size(); ++s)
      step.states.push_back(body->addArgument(state, loc));
    Value h = step.states.front();
    if (equations.gatesFuse()) {
      // One sum x @ W_ih + b_ih + h @ W_hh + b_hh for every gate.
      step.gates = gates(binary<AddOp>(affine(x, weights[0], weights[2]),
                                       affine(h, weights[1], weights[3])),
                         equations.gates);
    } else {
      step.inputParts =
          gates(affine(x, weights[0], weights[2]), equations.gates);
      step.hiddenParts.resize(equations.gates);
      for (const HiddenGroup &group : groups)
        if (equations.hiddenOperand(group.first) < 0) {
          auto parts = gates(affine(h, group.weight, group.bias), group.size);
          llvm::copy(parts, step.hiddenParts.begin() + group.first);
        }
      step.groups = groups;
    }
    for (int let : equations.lets)
      step.lets.push_back(step.emit(let));
    llvm::SmallVector<Value> next;
    for (int value : equations.next)
      next.push_back(step.emit(value));
    next.push_back(next.front()); // the per-step output is h
    b.create<YieldOp>(loc, next);
    return scan;
  }

private:
  /// Consecutive gates whose hidden products share an operand, with their
  /// rows of W_hh and b_hh.
  struct HiddenGroup {
    int64_t first, size;
    Value weight, bias;
  };

  /// Builds one step's values from the equations.
  struct StepBuilder {
    LayerExpander &expander;
    const CellEquations &equations;
    llvm::SmallVector<Value> states, lets;
    /// Gate pre-activations (fused cells) or their two parts.
    llvm::SmallVector<Value> gates, inputParts, hiddenParts;
    llvm::SmallVector<HiddenGroup> groups;

    /// o @ W_h[k] + b_h[k]; a gate whose operand o is not h has a group
    /// of its own, built where the equations use it.
    Value hiddenPart(int64_t gate) {
      if (hiddenParts[gate])
        return hiddenParts[gate];
      const HiddenGroup &group = *llvm::find_if(
          groups, [&](const HiddenGroup &g) { return g.first == gate; });
      return expander.affine(emit(equations.hiddenOperand(gate)),
                             group.weight, group.bias);
    }

    Value emit(int id) {
      const CellTerm &term = equations.node(id);
      auto operand = [&](unsigned i) { return emit(term.operands[i]); };
      switch (term.kind) {
      case CellTerm::Kind::Gate:
        if (!gates.empty())
          return gates[term.index];
        return expander.binary<AddOp>(inputParts[term.index],
                                      hiddenPart(term.index));
      case CellTerm::Kind::InputPart:
        return inputParts[term.index];
      case CellTerm::Kind::HiddenPart:
        return hiddenPart(term.index);
      case CellTerm::Kind::State:
        return states[term.index];
      case CellTerm::Kind::Ref:
        return lets[term.index];
      case CellTerm::Kind::AnyOf:
        return operand(0);
      case CellTerm::Kind::Sigmoid:
        return expander.unary<SigmoidOp>(operand(0));
      case CellTerm::Kind::Tanh:
        return expander.unary<TanhOp>(operand(0));
      case CellTerm::Kind::Relu:
        return expander.unary<ReluOp>(operand(0));
      case CellTerm::Kind::Add:
        return expander.binary<AddOp>(operand(0), operand(1));
      case CellTerm::Kind::Sub:
        return expander.binary<SubOp>(operand(0), operand(1));
      case CellTerm::Kind::Mul:
        return expander.binary<MulOp>(operand(0), operand(1));
      case CellTerm::Kind::One:
        break; // only in forms that are recognised, never built
      }
      llvm_unreachable("the first form of a cell's equations has no One");
    }
  };

  /// The hidden groups of `equations`: runs of gates multiplying h, and
  /// each gate multiplying another operand alone. With more than one
  /// group, `whh` and `bhh` are split above the scan into their rows.
  llvm::SmallVector<HiddenGroup> hiddenGroups(const CellEquations &equations,
                                              Value whh, Value bhh) {
    llvm::SmallVector<HiddenGroup> groups;
    for (int64_t k = 0; k < equations.gates; ++k) {
      bool ofH = equations.hiddenOperand(k) < 0;
      if (ofH && !groups.empty() &&
          equations.hiddenOperand(groups.back().first) < 0)
        ++groups.back().size;
      else
        groups.push_back({k, 1, whh, bhh});
    }
    if (groups.size() == 1)
      return groups;
    auto wType = llvm::cast<RankedTensorType>(whh.getType());
    int64_t axis = inputMajor ? 1 : 0;
    llvm::SmallVector<Type> wTypes, bTypes;
    llvm::SmallVector<int64_t> rows;
    for (const HiddenGroup &group : groups) {
      llvm::SmallVector<int64_t> shape(wType.getShape());
      shape[axis] = group.size * hidden;
      wTypes.push_back(RankedTensorType::get(shape, element));
      bTypes.push_back(RankedTensorType::get({group.size * hidden}, element));
      rows.push_back(group.size * hidden);
    }
    auto w = b.create<SplitOp>(loc, wTypes, whh, b.getI64IntegerAttr(axis),
                               b.getDenseI64ArrayAttr(rows));
    auto bias = b.create<SplitOp>(loc, bTypes, bhh, b.getI64IntegerAttr(0),
                                  b.getDenseI64ArrayAttr(rows));
    for (auto [index, group] : llvm::enumerate(groups)) {
      group.weight = w.getResult(index);
      group.bias = bias.getResult(index);
    }
    return groups;
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
                                  b.getI64IntegerAttr(layerIndex * 1000 + l),
                                  /*batch_dim=*/b.getI64IntegerAttr(1));
    llvm::SmallVector<Value> outputs;
    for (int64_t d = 0; d < numDirections; ++d) {
      int64_t index = l * numDirections + d;
      llvm::SmallVector<Value> inits{stateAt(h0, index)};
      if (withCell)
        inits.push_back(stateAt(c0, index));
      Direction scanDirection = (d == 1 || direction == Direction::reverse)
                                    ? Direction::reverse
                                    : Direction::forward;
      ValueRange layerWeights = weights.slice(
          weightIndex(l, d, numDirections, LayerWeight::WeightIH),
          kWeightsPerLayerDirection);
      if (library) {
        llvm::SmallVector<Value> stacked;
        for (Value init : inits)
          stacked.push_back(addLeadingUnit(b, loc, init));
        Operation *layer = singleLayer(b, op, input, stacked, layerWeights,
                                       scanDirection);
        outputs.push_back(layer->getResult(0));
        finalH.push_back(layer->getResult(1));
        if (withCell)
          finalC.push_back(layer->getResult(2));
        continue;
      }
      ScanOp scan = expand.scan(input, inits, layerWeights, scanDirection);
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
