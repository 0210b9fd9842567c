//===- RecognizeCells.cpp - user-written cells to named layers -------------===//
//
// See the description of rnn-recognize-cells in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "RNN/IR/RNNBuilders.h"
#include "RNN/IR/RNNCellEquations.h"
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

/// Part of a layer weight found in a scan body: all of `source`, or piece
/// `index` of `count` equal gate blocks of it (a fused product split into
/// gates). A null source is a missing bias (zeros).
struct Piece {
  Value source;
  unsigned index = 0, count = 1;
};

/// What one gate's pre-activation was made of.
struct GateParts {
  Piece inputWeight, hiddenWeight, inputBias, hiddenBias;
};

/// The parts of a gate in the order of the layer's weights (PyTorch's:
/// weight_ih, weight_hh, bias_ih, bias_hh).
constexpr Piece GateParts::*kWeightParts[kWeightsPerLayerDirection] = {
    &GateParts::inputWeight, &GateParts::hiddenWeight, &GateParts::inputBias,
    &GateParts::hiddenBias};

/// A scan body matched against a cell's equations.
struct CellMatch {
  CellKind cell;
  llvm::SmallVector<unsigned, 2> stateOrder; // scan state of each cell state
  llvm::SmallVector<GateParts, 4> gates;
  bool inputMajor = true;

  /// Part `part` of every gate, in gate order.
  llvm::SmallVector<Piece> piecesOf(Piece GateParts::*part) const {
    return llvm::map_to_vector(gates,
                               [&](const GateParts &g) { return g.*part; });
  }
};

/// The gate pieces of one layer weight grouped into runs: a whole value
/// per gate, or all `count` pieces of one fused value in order (then the
/// value itself). None if the pieces do not tile the weight.
std::optional<llvm::SmallVector<Piece>> gateRuns(llvm::ArrayRef<Piece> pieces) {
  llvm::SmallVector<Piece> runs;
  for (size_t k = 0; k < pieces.size();) {
    const Piece &piece = pieces[k];
    if (piece.index != 0 || k + piece.count > pieces.size())
      return std::nullopt;
    for (unsigned j = 1; j < piece.count; ++j)
      if (pieces[k + j].source != piece.source || pieces[k + j].index != j)
        return std::nullopt;
    runs.push_back({piece.source, 0, 1});
    k += piece.count;
  }
  return runs;
}

/// The input of the split above the scan whose results, in order along
/// `axis`, are `values` (what rnn-decompose-layers cut a weight into).
Value splitInput(llvm::ArrayRef<Value> values, int64_t axis) {
  auto split = values.front().getDefiningOp<SplitOp>();
  if (!split || static_cast<int64_t>(split.getAxis()) != axis ||
      split.getNumResults() != values.size())
    return Value();
  for (auto [index, value] : llvm::enumerate(values))
    if (value != split.getResult(index))
      return Value();
  return split.getInput();
}

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

/// The hidden size of state `h` [B, H], if static (a layer needs it).
std::optional<int64_t> staticHidden(Value h) {
  int64_t hidden = llvm::cast<RankedTensorType>(h.getType()).getDimSize(1);
  if (ShapedType::isDynamic(hidden))
    return std::nullopt;
  return hidden;
}

/// Matches one scan body against one cell's equations. Sums and products
/// match in any order of their operands; a gate matches per-gate products
/// (x @ W_xi + h @ W_hi + b_i) or a piece of a fused product split into
/// gates (what rnn-decompose-layers builds).
class CellMatcher {
public:
  CellMatcher(const CellEquations &equations, ScanOp scan)
      : equations(equations), body(scan.getBody()),
        x(scan.getBodyBlock().getArgument(0)) {
    match.cell = equations.cell;
    match.gates.resize(equations.gates);
  }

  /// Matches with cell state s in scan state `order[s]`.
  std::optional<CellMatch> run(ScanOp scan, llvm::ArrayRef<unsigned> order) {
    Block &block = scan.getBodyBlock();
    auto yield = llvm::cast<YieldOp>(block.getTerminator());
    for (unsigned k : order)
      states.push_back(block.getArgument(1 + k));
    std::optional<int64_t> size = staticHidden(states.front());
    Value output = yield.getValues().back();
    if (!size || yield.getValues()[order.front()] != output)
      return std::nullopt;
    hidden = *size;
    lets.resize(equations.lets.size());
    for (auto [s, k] : llvm::enumerate(order))
      if (!matchNode(equations.next[s], yield.getValues()[k]))
        return std::nullopt;
    for (const GateParts &gate : match.gates)
      if (!gate.inputWeight.source || !gate.hiddenWeight.source)
        return std::nullopt;
    for (Piece GateParts::*part : kWeightParts)
      if (!gateRuns(match.piecesOf(part)))
        return std::nullopt;
    match.stateOrder.assign(order.begin(), order.end());
    return match;
  }

private:
  /// What the matcher has bound so far; restored when a choice fails.
  struct Bindings {
    llvm::SmallVector<Value> lets;
    CellMatch match;
    std::optional<bool> layout;
  };
  Bindings save() const { return {lets, match, layout}; }
  void restore(const Bindings &saved) {
    lets = saved.lets;
    match = saved.match;
    layout = saved.layout;
  }
  /// Tries `attempt`, undoing its bindings if it fails.
  template <typename F> bool attempt(F &&f) {
    Bindings saved = save();
    if (f())
      return true;
    restore(saved);
    return false;
  }

  static bool isAbsorbing(const CellTerm &term) {
    return term.kind == CellTerm::Kind::Gate ||
           term.kind == CellTerm::Kind::InputPart ||
           term.kind == CellTerm::Kind::HiddenPart;
  }

  bool matchNode(int id, Value v) {
    const CellTerm &term = equations.node(id);
    auto matchOperands = [&](Operation *op, bool commutes) {
      if (!op || op->getNumOperands() != term.operands.size())
        return false;
      if (attempt([&] {
            return llvm::all_of(llvm::enumerate(term.operands), [&](auto o) {
              return matchNode(o.value(), op->getOperand(o.index()));
            });
          }))
        return true;
      return commutes && attempt([&] {
               return matchNode(term.operands[0], op->getOperand(1)) &&
                      matchNode(term.operands[1], op->getOperand(0));
             });
    };
    switch (term.kind) {
    case CellTerm::Kind::State:
      return v == states[term.index];
    case CellTerm::Kind::Ref:
      if (lets[term.index])
        return v == lets[term.index];
      if (!matchNode(equations.lets[term.index], v))
        return false;
      lets[term.index] = v;
      return true;
    case CellTerm::Kind::One: {
      auto fill = v.getDefiningOp<FillOp>();
      return fill && fill.getValue().convertToDouble() == 1.0;
    }
    case CellTerm::Kind::AnyOf:
      return llvm::any_of(term.operands, [&](int form) {
        return attempt([&] { return matchNode(form, v); });
      });
    case CellTerm::Kind::Sigmoid:
      return matchOperands(v.getDefiningOp<SigmoidOp>(), false);
    case CellTerm::Kind::Tanh:
      return matchOperands(v.getDefiningOp<TanhOp>(), false);
    case CellTerm::Kind::Relu:
      return matchOperands(v.getDefiningOp<ReluOp>(), false);
    case CellTerm::Kind::Sub:
      return matchOperands(v.getDefiningOp<SubOp>(), false);
    case CellTerm::Kind::Mul:
      return matchOperands(v.getDefiningOp<MulOp>(), true);
    case CellTerm::Kind::Add:
    case CellTerm::Kind::Gate:
    case CellTerm::Kind::InputPart:
    case CellTerm::Kind::HiddenPart: {
      llvm::SmallVector<int> children;
      flattenSum(id, children);
      llvm::SmallVector<Value> terms;
      collectTerms(v, body, terms);
      return matchSum(children, terms);
    }
    }
    return false;
  }

  /// The summands of a sum in the equations.
  void flattenSum(int id, llvm::SmallVectorImpl<int> &children) {
    const CellTerm &term = equations.node(id);
    if (term.kind != CellTerm::Kind::Add) {
      children.push_back(id);
      return;
    }
    for (int operand : term.operands)
      flattenSum(operand, children);
  }

  /// Each summand that is not a gate matches one term; the gate (at most
  /// one per sum) takes the terms left.
  bool matchSum(llvm::ArrayRef<int> children, llvm::ArrayRef<Value> terms) {
    auto plain = llvm::find_if(children, [&](int child) {
      return !isAbsorbing(equations.node(child));
    });
    if (plain == children.end()) {
      if (children.empty())
        return terms.empty();
      assert(children.size() == 1 && "one gate per sum in the equations");
      return !terms.empty() && absorbGate(equations.node(children[0]), terms);
    }
    llvm::SmallVector<int> rest(children.begin(), plain);
    rest.append(std::next(plain), children.end());
    for (size_t i = 0; i < terms.size(); ++i) {
      llvm::SmallVector<Value> others(terms);
      others.erase(others.begin() + i);
      if (attempt([&] {
            return matchNode(*plain, terms[i]) && matchSum(rest, others);
          }))
        return true;
    }
    return false;
  }

  /// Records `piece` in `slot` (each part of a gate is found once) with
  /// the layout of its product (one layout for the whole cell).
  bool fill(Piece &slot, Piece piece, std::optional<bool> inputMajor = {}) {
    if (slot.source)
      return false;
    if (inputMajor) {
      if (layout && *layout != *inputMajor)
        return false;
      layout = inputMajor;
      match.inputMajor = *inputMajor;
    }
    slot = piece;
    return true;
  }

  /// Takes `terms` as the parts of gate term `gate`: products of x and of
  /// the gate's hidden operand with weights from above the scan, biases
  /// from above, or pieces of a fused sum of those split into gates.
  bool absorbGate(const CellTerm &gate, llvm::ArrayRef<Value> terms) {
    for (Value term : terms) {
      auto split = term.getDefiningOp<SplitOp>();
      if (split && !definedOutside(term, body) && isGateSplit(split)) {
        llvm::SmallVector<Value> fused;
        collectTerms(split.getInput(), body, fused);
        unsigned index = llvm::cast<OpResult>(term).getResultNumber();
        for (Value part : fused)
          if (!absorbPart(gate, part, index, split.getNumResults()))
            return false;
      } else if (!absorbPart(gate, term, 0, 1)) {
        return false;
      }
    }
    return true;
  }

  /// `split` cuts [B, count * H] into `count` gates of [B, H].
  bool isGateSplit(SplitOp split) const {
    return split.getAxis() == 1 &&
           llvm::all_of(split.getSizes(),
                        [&](int64_t size) { return size == hidden; });
  }

  bool absorbPart(const CellTerm &gate, Value term, unsigned index,
                  unsigned count) {
    GateParts &parts = match.gates[gate.index];
    bool input = gate.kind != CellTerm::Kind::HiddenPart;
    bool hiddenSide = gate.kind != CellTerm::Kind::InputPart;
    Piece piece{Value(), index, count};
    if (auto matmul = term.getDefiningOp<MatmulOp>();
        matmul && !matmul.getTransposeLhs() &&
        definedOutside(matmul.getRhs(), body)) {
      piece.source = matmul.getRhs();
      bool inputMajor = !matmul.getTransposeRhs();
      if (input && matmul.getLhs() == x)
        return fill(parts.inputWeight, piece, inputMajor);
      return hiddenSide && matchesHiddenOperand(gate, matmul.getLhs()) &&
             fill(parts.hiddenWeight, piece, inputMajor);
    }
    auto type = llvm::dyn_cast<RankedTensorType>(term.getType());
    if (!definedOutside(term, body) || !type || type.getRank() != 1 ||
        type.getDimSize(0) != count * hidden)
      return false;
    piece.source = term;
    if (gate.kind == CellTerm::Kind::HiddenPart)
      return fill(parts.hiddenBias, piece);
    if (fill(parts.inputBias, piece))
      return true;
    return gate.kind == CellTerm::Kind::Gate && fill(parts.hiddenBias, piece);
  }

  bool matchesHiddenOperand(const CellTerm &gate, Value operand) {
    if (gate.operands.empty())
      return operand == states.front();
    return attempt([&] { return matchNode(gate.operands.front(), operand); });
  }

  const CellEquations &equations;
  Region &body;
  Value x;
  llvm::SmallVector<Value, 2> states;
  int64_t hidden = 0;
  llvm::SmallVector<Value> lets;
  CellMatch match;
  std::optional<bool> layout;
};

/// The first cell whose equations `scan`'s body computes, with its states
/// in either order; scans with one sequence and one stacked output only.
std::optional<CellMatch> matchCell(ScanOp scan) {
  if (scan.getSequences().size() != 1 ||
      scan.getStackedOutputs().size() != 1)
    return std::nullopt;
  for (CellKind cell : allCellKinds()) {
    const CellEquations &equations = cellEquations(cell);
    if (static_cast<int64_t>(scan.getInits().size()) != equations.states)
      continue;
    llvm::SmallVector<unsigned, 2> order;
    for (unsigned s = 0; s < equations.states; ++s)
      order.push_back(s);
    do {
      if (auto match = CellMatcher(equations, scan).run(scan, order))
        return match;
    } while (std::next_permutation(order.begin(), order.end()));
  }
  return std::nullopt;
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

  /// The layer weight made of `runs` (gateRuns) joined along `axis`: a
  /// concatenation, or the value a split above the scan cut them from.
  Value join(llvm::ArrayRef<Piece> runs, int64_t axis, int64_t gates) {
    if (llvm::all_of(runs, [](const Piece &run) { return !run.source; }))
      return zeros(gates * hidden);
    auto values = llvm::map_to_vector(runs, [&](const Piece &run) {
      return run.source ? run.source : zeros(hidden);
    });
    if (values.size() == 1)
      return values.front();
    if (Value whole = splitInput(values, axis))
      return whole;
    auto type = llvm::cast<RankedTensorType>(values.front().getType());
    llvm::SmallVector<int64_t> shape(type.getShape());
    shape[axis] = 0;
    for (Value value : values)
      shape[axis] += llvm::cast<RankedTensorType>(value.getType())
                         .getDimSize(axis);
    return b.create<ConcatOp>(loc, RankedTensorType::get(shape, element),
                              values, b.getI64IntegerAttr(axis));
  }

  /// The layer's four weights, in PyTorch's order.
  llvm::SmallVector<Value> weights(const CellMatch &match) {
    int64_t axis = match.inputMajor ? 1 : 0;
    auto gates = static_cast<int64_t>(match.gates.size());
    llvm::SmallVector<Value> result;
    for (auto [index, part] : llvm::enumerate(kWeightParts)) {
      bool isBias = index >= static_cast<size_t>(LayerWeight::BiasIH);
      result.push_back(
          join(*gateRuns(match.piecesOf(part)), isBias ? 0 : axis, gates));
    }
    return result;
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

struct RecognizeCellsPass
    : rnnc::impl::RecognizeCellsBase<RecognizeCellsPass> {
  void runOnOperation() override {
    std::vector<std::pair<ScanOp, CellMatch>> matches;
    getOperation()->walk([&](ScanOp scan) {
      if (scan->getParentOfType<ScanOp>())
        return; // layers run whole sequences, not inside another loop
      if (std::optional<CellMatch> match = matchCell(scan))
        matches.push_back({scan, *match});
    });
    for (auto &[scan, match] : matches) {
      LayerBuilder builder(scan);
      builder.replace(match.cell, match.stateOrder, builder.weights(match),
                      match.inputMajor);
    }
  }
};

} // namespace
