//===- RecognizeCells.cpp - user-written cells to named layers -------------===//
//
// See the description of rnn-recognize-cells in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNBuilders.h"
#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace rnnc {
#define GEN_PASS_DEF_RECOGNIZECELLS
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// `x @ W_x + h @ W_h [+ b [+ b']]`, the pre-activation of a gate.
struct AffineSum {
  Value inputWeight, hiddenWeight;
  llvm::SmallVector<Value, 2> biases;
  bool inputMajor = true;
};

/// The parts of `act(x @ W_x + h @ W_h + biases)` found in a scan body.
struct VanillaCell {
  Activation activation = Activation::tanh;
  AffineSum sum;
};

/// The terms of a sum written with rnn.add inside the body.
void collectTerms(Value v, Region &body, llvm::SmallVectorImpl<Value> &terms) {
  auto add = v.getDefiningOp<AddOp>();
  if (add && body.isAncestor(add->getParentRegion())) {
    collectTerms(add.getLhs(), body, terms);
    collectTerms(add.getRhs(), body, terms);
    return;
  }
  terms.push_back(v);
}

bool definedOutside(Value v, Region &body) {
  return !body.isAncestor(v.getParentRegion());
}

/// `term` = `operand @ W` (or `@ W^T`) with W defined above the scan.
Value weightOf(Value term, Value operand, Region &body, bool &inputMajor) {
  auto matmul = term.getDefiningOp<MatmulOp>();
  if (!matmul || matmul.getTransposeLhs() || matmul.getLhs() != operand ||
      !definedOutside(matmul.getRhs(), body))
    return Value();
  inputMajor = !matmul.getTransposeRhs();
  return matmul.getRhs();
}

/// Whether `term` is a [hidden] vector from above the scan.
bool isBias(Value term, int64_t hidden, Region &body) {
  auto type = llvm::dyn_cast<RankedTensorType>(term.getType());
  return definedOutside(term, body) && type && type.getRank() == 1 &&
         type.getDimSize(0) == hidden;
}

/// Parses `sum` as one product with `x`, one with `h` (weights from above
/// the scan, one layout) and at most two [hidden] biases from above.
std::optional<AffineSum> matchAffineSum(Value sum, Value x, Value h,
                                        int64_t hidden, Region &body) {
  llvm::SmallVector<Value> terms;
  collectTerms(sum, body, terms);
  AffineSum result;
  std::optional<bool> layout;
  for (Value term : terms) {
    bool inputMajor = true;
    if (Value w = weightOf(term, x, body, inputMajor);
        w && !result.inputWeight) {
      result.inputWeight = w;
    } else if (Value w = weightOf(term, h, body, inputMajor);
               w && !result.hiddenWeight) {
      result.hiddenWeight = w;
    } else {
      if (!isBias(term, hidden, body) || result.biases.size() == 2)
        return std::nullopt;
      result.biases.push_back(term);
      continue;
    }
    if (layout && *layout != inputMajor)
      return std::nullopt; // one layout for both matrices
    layout = inputMajor;
  }
  if (!result.inputWeight || !result.hiddenWeight)
    return std::nullopt;
  result.inputMajor = *layout;
  return result;
}

/// `v` = `a * b` inside the body: its operands.
std::optional<std::pair<Value, Value>> product(Value v) {
  auto mul = v.getDefiningOp<MulOp>();
  if (!mul)
    return std::nullopt;
  return std::make_pair(mul.getLhs(), mul.getRhs());
}

/// The pre-activation of `gate` = act(pre) with act = OpTy.
template <typename OpTy> Value preActivation(Value gate) {
  auto op = gate.getDefiningOp<OpTy>();
  return op ? op.getInput() : Value();
}

/// Whether `scan` has one sequence, `states` states and one stacked
/// output: the shape of every cell the pass recognises.
bool isSingleOutputScan(ScanOp scan, size_t states) {
  return scan.getSequences().size() == 1 &&
         scan.getInits().size() == states &&
         scan.getStackedOutputs().size() == 1;
}

/// The hidden size of state `h` [B, H], if static (a layer needs it).
std::optional<int64_t> staticHidden(Value h) {
  int64_t hidden = llvm::cast<RankedTensorType>(h.getType()).getDimSize(1);
  if (ShapedType::isDynamic(hidden))
    return std::nullopt;
  return hidden;
}

/// The next state h' of a scan with one sequence and one state that
/// yields h' as its state and as its only per-step output (null if not).
Value singleStateNext(ScanOp scan) {
  if (!isSingleOutputScan(scan, 1))
    return Value();
  auto yield = llvm::cast<YieldOp>(scan.getBodyBlock().getTerminator());
  Value next = yield.getValues()[0];
  return yield.getValues()[1] == next ? next : Value();
}

/// Matches a scan whose body is exactly an Elman cell: one sequence, one
/// state, `h' = tanh|relu(x @ W_x + h @ W_h [+ b [+ b']])` in any order of
/// the sum, yielding h' as state and as the only per-step output.
std::optional<VanillaCell> matchVanilla(ScanOp scan) {
  Value next = singleStateNext(scan);
  if (!next)
    return std::nullopt;
  Region &body = scan.getBody();
  Block &block = scan.getBodyBlock();
  VanillaCell cell;
  Value sum = preActivation<TanhOp>(next);
  if (!sum) {
    sum = preActivation<ReluOp>(next);
    cell.activation = Activation::relu;
  }
  Value x = block.getArgument(0), h = block.getArgument(1);
  std::optional<int64_t> hidden = staticHidden(h);
  if (!sum || !hidden)
    return std::nullopt;
  std::optional<AffineSum> parsed = matchAffineSum(sum, x, h, *hidden, body);
  if (!parsed)
    return std::nullopt;
  cell.sum = *parsed;
  return cell;
}

/// An LSTM written from its equations (d2l 10.1), gates in any order:
///   i, f, o = sigmoid(x @ W_x* + h @ W_h* + b*),  g = tanh(...),
///   c' = f * c + i * g,  h' = o * tanh(c'),
/// states (h, c) in either order, h' the only per-step output.
struct LSTMCell {
  AffineSum gates[4]; // PyTorch's order: i, f, g, o
  unsigned hState = 0, cState = 1;
};

std::optional<LSTMCell> matchLSTM(ScanOp scan) {
  if (!isSingleOutputScan(scan, 2))
    return std::nullopt;
  Region &body = scan.getBody();
  Block &block = scan.getBodyBlock();
  auto yield = llvm::cast<YieldOp>(block.getTerminator());
  LSTMCell cell;
  Value out = yield.getValues()[2];
  if (yield.getValues()[1] == out) {
    cell.hState = 1;
    cell.cState = 0;
  } else if (yield.getValues()[0] != out) {
    return std::nullopt;
  }
  Value x = block.getArgument(0);
  Value h = block.getArgument(1 + cell.hState);
  Value c = block.getArgument(1 + cell.cState);
  Value cNext = yield.getValues()[cell.cState];
  std::optional<int64_t> hidden = staticHidden(h);
  if (!hidden)
    return std::nullopt;

  // h' = o * tanh(c')
  auto hProduct = product(out);
  if (!hProduct)
    return std::nullopt;
  auto [o, tanhC] = *hProduct;
  if (preActivation<TanhOp>(o) == cNext)
    std::swap(o, tanhC);
  if (preActivation<TanhOp>(tanhC) != cNext)
    return std::nullopt;
  // c' = f * c + i * g
  auto add = cNext.getDefiningOp<AddOp>();
  if (!add)
    return std::nullopt;
  auto first = product(add.getLhs()), second = product(add.getRhs());
  if (!first || !second)
    return std::nullopt;
  auto isC = [&](std::pair<Value, Value> p) {
    return p.first == c || p.second == c;
  };
  if (!isC(*first))
    std::swap(first, second);
  if (!isC(*first) || isC(*second))
    return std::nullopt;
  Value f = first->first == c ? first->second : first->first;
  auto [i, g] = *second;
  if (preActivation<TanhOp>(i))
    std::swap(i, g);
  Value pre[4] = {preActivation<SigmoidOp>(i), preActivation<SigmoidOp>(f),
                  preActivation<TanhOp>(g), preActivation<SigmoidOp>(o)};
  for (int k = 0; k < 4; ++k) {
    if (!pre[k])
      return std::nullopt;
    std::optional<AffineSum> sum = matchAffineSum(pre[k], x, h, *hidden, body);
    if (!sum || sum->inputMajor != (k == 0 ? sum->inputMajor
                                           : cell.gates[0].inputMajor))
      return std::nullopt;
    cell.gates[k] = *sum;
  }
  return cell;
}

/// A GRU written from its equations:
///   z = sigmoid(x @ W_xz + h @ W_hz + b_z),
///   r = sigmoid(x @ W_xr + h @ W_hr + b_r),
///   n = tanh(x @ W_xh + (r * h) @ W_hh + b_h)          (reset before:
///       d2l 10.2, Cho et al.; oneDNN's plain GRU), or
///   n = tanh(x @ W_in + b_in + r * (h @ W_hn + b_hn))  (PyTorch's),
///   h' = z * h + (1 - z) * n, or n + z * (h - n),
/// sums and products in any order, h' the only per-step output.
struct GRUCell {
  AffineSum gates[3]; // PyTorch's order: r, z, n
  bool resetBefore = false;
};

/// One `operand @ W` (W from above the scan) and at most one bias.
struct OneProduct {
  Value weight, bias;
  bool inputMajor = true;
};

std::optional<OneProduct> matchOneProduct(llvm::ArrayRef<Value> terms,
                                          Value operand, int64_t hidden,
                                          Region &body) {
  OneProduct result;
  for (Value term : terms) {
    bool inputMajor = true;
    if (Value w = weightOf(term, operand, body, inputMajor);
        w && !result.weight) {
      result.weight = w;
      result.inputMajor = inputMajor;
    } else if (!result.bias && isBias(term, hidden, body)) {
      result.bias = term;
    } else {
      return std::nullopt;
    }
  }
  if (!result.weight)
    return std::nullopt;
  return result;
}

/// PyTorch's n gate among the terms of its pre-activation:
/// `x @ W_in [+ b_in] + r * (h @ W_hn [+ b_hn])`. Returns r and the gate,
/// whose second bias (inside the reset) is b_hn; a null first bias stands
/// for zeros.
std::optional<std::pair<Value, AffineSum>>
matchResetAfter(llvm::ArrayRef<Value> terms, Value x, Value h, int64_t hidden,
                Region &body) {
  for (auto [i, term] : llvm::enumerate(terms)) {
    auto factors = product(term);
    if (!factors)
      continue;
    for (auto [r, inner] :
         {*factors, std::make_pair(factors->second, factors->first)}) {
      llvm::SmallVector<Value> innerTerms;
      collectTerms(inner, body, innerTerms);
      auto hiddenPart = matchOneProduct(innerTerms, h, hidden, body);
      llvm::SmallVector<Value> rest(terms);
      rest.erase(rest.begin() + i);
      auto inputPart = matchOneProduct(rest, x, hidden, body);
      if (!hiddenPart || !inputPart ||
          hiddenPart->inputMajor != inputPart->inputMajor)
        continue;
      AffineSum gate;
      gate.inputWeight = inputPart->weight;
      gate.hiddenWeight = hiddenPart->weight;
      gate.inputMajor = inputPart->inputMajor;
      if (hiddenPart->bias)
        gate.biases = {inputPart->bias, hiddenPart->bias};
      else if (inputPart->bias)
        gate.biases = {inputPart->bias};
      return std::make_pair(r, gate);
    }
  }
  return std::nullopt;
}

/// `v` = `1 - a`: a.
Value oneMinus(Value v) {
  auto sub = v.getDefiningOp<SubOp>();
  auto one = sub ? sub.getLhs().getDefiningOp<FillOp>() : FillOp();
  if (!one || one.getValue().convertToDouble() != 1.0)
    return Value();
  return sub.getRhs();
}

/// The other operand of product `p` when one of them is `v`.
Value otherFactor(std::pair<Value, Value> p, Value v) {
  if (p.first == v)
    return p.second;
  return p.second == v ? p.first : Value();
}

/// `next` = z * h + (1 - z) * n, or n + z * (h - n): (z, n).
std::optional<std::pair<Value, Value>> matchInterpolation(Value next,
                                                          Value h) {
  auto add = next.getDefiningOp<AddOp>();
  if (!add)
    return std::nullopt;
  for (auto [a, b] : {std::make_pair(add.getLhs(), add.getRhs()),
                      std::make_pair(add.getRhs(), add.getLhs())}) {
    auto pa = product(a), pb = product(b);
    if (Value z = pa ? otherFactor(*pa, h) : Value(); z && pb) {
      if (oneMinus(pb->first) == z)
        return std::make_pair(z, pb->second);
      if (oneMinus(pb->second) == z)
        return std::make_pair(z, pb->first);
    }
    if (!pb)
      continue;
    for (auto [z, diff] : {*pb, std::make_pair(pb->second, pb->first)}) {
      auto sub = diff.getDefiningOp<SubOp>();
      if (sub && sub.getLhs() == h && sub.getRhs() == a)
        return std::make_pair(z, a);
    }
  }
  return std::nullopt;
}

std::optional<GRUCell> matchGRU(ScanOp scan) {
  Value next = singleStateNext(scan);
  if (!next)
    return std::nullopt;
  Region &body = scan.getBody();
  Block &block = scan.getBodyBlock();
  Value x = block.getArgument(0), h = block.getArgument(1);
  std::optional<int64_t> hidden = staticHidden(h);
  if (!hidden)
    return std::nullopt;
  auto update = matchInterpolation(next, h);
  if (!update)
    return std::nullopt;
  auto [z, n] = *update;
  Value preN = preActivation<TanhOp>(n);
  if (!preN)
    return std::nullopt;
  llvm::SmallVector<Value> terms;
  collectTerms(preN, body, terms);
  GRUCell cell;
  // Reset before: a product of r * h; else PyTorch's r * (h @ W_hn + b).
  Value r;
  for (Value term : terms) {
    auto matmul = term.getDefiningOp<MatmulOp>();
    auto factors = matmul ? product(matmul.getLhs()) : std::nullopt;
    if (Value other = factors ? otherFactor(*factors, h) : Value()) {
      std::optional<AffineSum> sum =
          matchAffineSum(preN, x, matmul.getLhs(), *hidden, body);
      if (!sum)
        return std::nullopt;
      cell.gates[2] = *sum;
      cell.resetBefore = true;
      r = other;
    }
  }
  if (!cell.resetBefore) {
    auto resetAfter = matchResetAfter(terms, x, h, *hidden, body);
    if (!resetAfter)
      return std::nullopt;
    std::tie(r, cell.gates[2]) = *resetAfter;
  }
  Value pre[2] = {preActivation<SigmoidOp>(r), preActivation<SigmoidOp>(z)};
  for (int k = 0; k < 2; ++k) {
    std::optional<AffineSum> sum =
        pre[k] ? matchAffineSum(pre[k], x, h, *hidden, body) : std::nullopt;
    if (!sum || sum->inputMajor != cell.gates[2].inputMajor)
      return std::nullopt;
    cell.gates[k] = *sum;
  }
  return cell;
}

/// Builds the single-layer op `name` that replaces `scan`: the scan's
/// inits (ordered as the layer's states) become [1, B, H] operands, its
/// final states are read back from h_n (and c_n), its stacked output is
/// the layer's output.
class LayerBuilder {
public:
  LayerBuilder(ScanOp scan) : scan(scan), b(scan), loc(scan.getLoc()) {
    auto type = llvm::cast<RankedTensorType>(scan.getInits()[0].getType());
    hidden = type.getDimSize(1);
    element = type.getElementType();
  }

  Value zeros(int64_t size) {
    return b.create<FillOp>(loc, RankedTensorType::get({size}, element),
                            b.getF64FloatAttr(0), ValueRange{});
  }

  /// `pieces` joined along `axis` (a single piece as it is).
  Value join(llvm::ArrayRef<Value> pieces, int64_t axis) {
    if (pieces.size() == 1)
      return pieces.front();
    auto type = llvm::cast<RankedTensorType>(pieces.front().getType());
    llvm::SmallVector<int64_t> shape(type.getShape());
    shape[axis] *= static_cast<int64_t>(pieces.size());
    return b.create<ConcatOp>(loc, RankedTensorType::get(shape, element),
                              pieces, b.getI64IntegerAttr(axis));
  }

  /// The layer's four weights from per-gate sums, gates in the layer's
  /// order: matrices joined along the gate axis, biases per gate (zeros
  /// where a gate has fewer than two).
  llvm::SmallVector<Value> weights(llvm::ArrayRef<AffineSum> gates) {
    int64_t axis = gates.front().inputMajor ? 1 : 0;
    auto wx = llvm::map_to_vector(
        gates, [](const AffineSum &g) { return g.inputWeight; });
    auto wh = llvm::map_to_vector(
        gates, [](const AffineSum &g) { return g.hiddenWeight; });
    bool anySecondBias = llvm::any_of(
        gates, [](const AffineSum &g) { return g.biases.size() == 2; });
    llvm::SmallVector<Value> bx, bh;
    for (const AffineSum &g : gates) {
      bx.push_back(g.biases.empty() || !g.biases[0] ? zeros(hidden)
                                                     : g.biases[0]);
      if (anySecondBias)
        bh.push_back(g.biases.size() == 2 ? g.biases[1] : zeros(hidden));
    }
    auto count = static_cast<int64_t>(gates.size());
    return {join(wx, axis), join(wh, axis), join(bx, 0),
            anySecondBias ? join(bh, 0) : zeros(count * hidden)};
  }

  /// Returns the layer op.
  Operation *replace(CellKind cell, llvm::ArrayRef<unsigned> stateOrder,
                     llvm::ArrayRef<Value> layerWeights, bool inputMajor) {
    auto stateType =
        llvm::cast<RankedTensorType>(scan.getInits()[0].getType());
    auto stacked =
        RankedTensorType::get({1, stateType.getDimSize(0), hidden}, element);
    llvm::SmallVector<Value> states;
    for (unsigned k : stateOrder) {
      Value init = scan.getInits()[k];
      llvm::SmallVector<Value> batch;
      if (stateType.isDynamicDim(0))
        batch.push_back(b.create<tensor::DimOp>(loc, init, 0));
      states.push_back(b.create<BroadcastOp>(loc, stacked, init, batch));
    }
    llvm::SmallVector<Type> types{scan.getStackedOutputs()[0].getType()};
    types.append(stateOrder.size(), stacked);
    LayerConfig config;
    config.direction = scan.getDirection();
    config.hidden = hidden;
    config.inputMajor = inputMajor;
    Operation *layer =
        createLayerOp(b, loc, cell, config, scan.getSequences()[0], states,
                      layerWeights, types);
    for (auto [index, k] : llvm::enumerate(stateOrder)) {
      Value final = b.create<SelectOp>(loc, stateType,
                                       layer->getResult(1 + index),
                                       b.getI64IntegerAttr(0),
                                       b.getI64IntegerAttr(0));
      scan.getFinalStates()[k].replaceAllUsesWith(final);
    }
    scan.getStackedOutputs()[0].replaceAllUsesWith(layer->getResult(0));
    scan.erase();
    return layer;
  }

private:
  ScanOp scan;
  OpBuilder b;
  Location loc;
  int64_t hidden;
  Type element;
};

void replaceWithLayer(ScanOp scan, const VanillaCell &cell) {
  LayerBuilder builder(scan);
  builder.replace(cell.activation == Activation::relu ? CellKind::Relu
                                                    : CellKind::Tanh,
                  {0}, builder.weights({cell.sum}), cell.sum.inputMajor);
}

void replaceWithLayer(ScanOp scan, const LSTMCell &cell) {
  LayerBuilder builder(scan);
  builder.replace(CellKind::LSTM, {cell.hState, cell.cState},
                  builder.weights(cell.gates), cell.gates[0].inputMajor);
}

void replaceWithLayer(ScanOp scan, const GRUCell &cell) {
  LayerBuilder builder(scan);
  builder.replace(cell.resetBefore ? CellKind::GRUResetBefore : CellKind::GRU,
                  {0}, builder.weights(cell.gates), cell.gates[0].inputMajor);
}

struct RecognizeCellsPass
    : rnnc::impl::RecognizeCellsBase<RecognizeCellsPass> {
  void runOnOperation() override {
    llvm::SmallVector<std::pair<ScanOp, VanillaCell>> vanilla;
    llvm::SmallVector<std::pair<ScanOp, LSTMCell>> lstm;
    llvm::SmallVector<std::pair<ScanOp, GRUCell>> gru;
    getOperation()->walk([&](ScanOp scan) {
      if (scan->getParentOfType<ScanOp>())
        return; // layers run whole sequences, not inside another loop
      if (std::optional<VanillaCell> cell = matchVanilla(scan))
        vanilla.push_back({scan, *cell});
      else if (std::optional<LSTMCell> cell = matchLSTM(scan))
        lstm.push_back({scan, *cell});
      else if (std::optional<GRUCell> cell = matchGRU(scan))
        gru.push_back({scan, *cell});
    });
    for (auto &[scan, cell] : vanilla)
      replaceWithLayer(scan, cell);
    for (auto &[scan, cell] : lstm)
      replaceWithLayer(scan, cell);
    for (auto &[scan, cell] : gru)
      replaceWithLayer(scan, cell);
  }
};

} // namespace
