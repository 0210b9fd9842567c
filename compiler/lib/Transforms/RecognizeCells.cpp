//===- RecognizeCells.cpp - user-written cells to named layers -------------===//
//
// See the description of rnn-recognize-cells in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

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

/// The parts of `act(x @ W_x + h @ W_h + biases)` found in a scan body.
struct VanillaCell {
  Activation activation = Activation::tanh;
  Value inputWeight, hiddenWeight;
  llvm::SmallVector<Value, 2> biases;
  bool inputMajor = true;
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

/// Matches a scan whose body is exactly an Elman cell: one sequence, one
/// state, `h' = tanh|relu(x @ W_x + h @ W_h [+ b [+ b']])` in any order of
/// the sum, yielding h' as state and as the only per-step output.
std::optional<VanillaCell> matchVanilla(ScanOp scan) {
  if (scan.getSequences().size() != 1 || scan.getInits().size() != 1 ||
      scan.getStackedOutputs().size() != 1)
    return std::nullopt;
  Region &body = scan.getBody();
  Block &block = scan.getBodyBlock();
  auto yield = llvm::cast<YieldOp>(block.getTerminator());
  Value next = yield.getValues()[0];
  if (yield.getValues()[1] != next)
    return std::nullopt;
  VanillaCell cell;
  Value sum;
  if (auto tanh = next.getDefiningOp<TanhOp>()) {
    sum = tanh.getInput();
  } else if (auto relu = next.getDefiningOp<ReluOp>()) {
    sum = relu.getInput();
    cell.activation = Activation::relu;
  } else {
    return std::nullopt;
  }
  llvm::SmallVector<Value> terms;
  collectTerms(sum, body, terms);
  Value x = block.getArgument(0), h = block.getArgument(1);
  auto hType = llvm::cast<RankedTensorType>(h.getType());
  int64_t hidden = hType.getDimSize(1);
  if (ShapedType::isDynamic(hidden))
    return std::nullopt;
  std::optional<bool> layout;
  for (Value term : terms) {
    bool inputMajor = true;
    if (Value w = weightOf(term, x, body, inputMajor);
        w && !cell.inputWeight) {
      cell.inputWeight = w;
    } else if (Value w = weightOf(term, h, body, inputMajor);
               w && !cell.hiddenWeight) {
      cell.hiddenWeight = w;
    } else {
      auto type = llvm::dyn_cast<RankedTensorType>(term.getType());
      if (!definedOutside(term, body) || !type || type.getRank() != 1 ||
          type.getDimSize(0) != hidden || cell.biases.size() == 2)
        return std::nullopt;
      cell.biases.push_back(term);
      continue;
    }
    if (layout && *layout != inputMajor)
      return std::nullopt; // one layout for both matrices
    layout = inputMajor;
  }
  if (!cell.inputWeight || !cell.hiddenWeight)
    return std::nullopt;
  cell.inputMajor = *layout;
  return cell;
}

/// Replaces `scan` by an `rnn.vanilla` layer of one layer and direction.
void replaceWithLayer(ScanOp scan, const VanillaCell &cell) {
  OpBuilder b(scan);
  Location loc = scan.getLoc();
  Value init = scan.getInits()[0];
  auto stateType = llvm::cast<RankedTensorType>(init.getType());
  int64_t hidden = stateType.getDimSize(1);
  Type element = stateType.getElementType();
  auto stacked = RankedTensorType::get(
      {1, stateType.getDimSize(0), hidden}, element);
  llvm::SmallVector<Value> batch;
  if (stateType.isDynamicDim(0))
    batch.push_back(b.create<tensor::DimOp>(loc, init, 0));
  Value h0 = b.create<BroadcastOp>(loc, stacked, init, batch);
  auto biasType = RankedTensorType::get({hidden}, element);
  auto bias = [&](size_t i) -> Value {
    if (i < cell.biases.size())
      return cell.biases[i];
    return b.create<FillOp>(loc, biasType, b.getF64FloatAttr(0), ValueRange{});
  };
  OperationState state(loc, VanillaOp::getOperationName());
  state.addOperands({scan.getSequences()[0], h0, cell.inputWeight,
                     cell.hiddenWeight, bias(0), bias(1)});
  state.addTypes({scan.getStackedOutputs()[0].getType(), stacked});
  MLIRContext *ctx = b.getContext();
  state.addAttribute("direction",
                     DirectionAttr::get(ctx, scan.getDirection()));
  state.addAttribute("hidden_size", b.getI64IntegerAttr(hidden));
  state.addAttribute("num_layers", b.getI64IntegerAttr(1));
  state.addAttribute("activation", ActivationAttr::get(ctx, cell.activation));
  if (cell.inputMajor)
    state.addAttribute("input_major", b.getUnitAttr());
  Operation *layer = b.create(state);
  Value final = b.create<SelectOp>(loc, stateType, layer->getResult(1),
                                   b.getI64IntegerAttr(0),
                                   b.getI64IntegerAttr(0));
  scan.getFinalStates()[0].replaceAllUsesWith(final);
  scan.getStackedOutputs()[0].replaceAllUsesWith(layer->getResult(0));
  scan.erase();
}

struct RecognizeCellsPass
    : rnnc::impl::RecognizeCellsBase<RecognizeCellsPass> {
  void runOnOperation() override {
    llvm::SmallVector<std::pair<ScanOp, VanillaCell>> found;
    getOperation()->walk([&](ScanOp scan) {
      if (scan->getParentOfType<ScanOp>())
        return; // layers run whole sequences, not inside another loop
      if (std::optional<VanillaCell> cell = matchVanilla(scan))
        found.push_back({scan, *cell});
    });
    for (auto &[scan, cell] : found)
      replaceWithLayer(scan, cell);
  }
};

} // namespace
