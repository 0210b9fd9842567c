//===- RNNLayerOps.cpp - verifiers of the whole-sequence layers ------------===//
//
// rnn.vanilla, rnn.gru and rnn.lstm and their backward ops share one shape
// contract (PyTorch's nn.RNN/GRU/LSTM, time-major):
//   input [T, B, I], h0 (and c0) [L*D, B, H],
//   per layer l and direction d: weight_ih [G*H, I_l], weight_hh [G*H, H],
//   bias_ih [G*H], bias_hh [G*H], with I_0 = I and I_l = D*H for l > 0
//   (the two matrices transposed with `input_major`),
//   output [T, B, D*H], h_n (and c_n) like h0.
// G is 1 (vanilla), 3 (GRU) or 4 (LSTM); D is 2 when bidirectional. The
// verifiers read the ops through RecurrentLayerOpInterface.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNOps.h"
#include "RNN/IR/ShapeUtils.h"

#include <string>

using namespace mlir;
using namespace mlir::rnn;

namespace {
/// The dimensions a layer's attributes fix.
struct LayerDims {
  int64_t gates, hidden, layers, directions;
  bool inputMajor;
};
} // namespace

static LayerDims dimsOf(RecurrentLayerOpInterface layer) {
  return {layer.getGateCount(), layer.getHiddenSize(), layer.getNumLayers(),
          layer.getNumDirections(), layer.isInputMajor()};
}

/// `value` must have exactly the type of `reference`.
static LogicalResult expectTypeOf(Operation *op, llvm::StringRef what,
                                  Value value, llvm::StringRef referenceName,
                                  Value reference) {
  if (value.getType() == reference.getType())
    return success();
  return op->emitOpError() << "expected " << what << " to have the type "
                           << reference.getType() << " of " << referenceName
                           << ", found " << value.getType();
}

static const char *const kStateNames[] = {"initial hidden state h0",
                                          "initial cell state c0"};
static const char *const kFinalStateNames[] = {"final hidden state h_n",
                                               "final cell state c_n"};

/// Checks the input, the initial states and the weights.
static LogicalResult verifyLayerOperands(Operation *op, const LayerDims &dims,
                                         Value input, ValueRange states,
                                         ValueRange weights, double dropout) {
  if (failed(expectDropRate(op, dropout)))
    return failure();
  auto in = shapeOf(input);
  if (in.size() != 3)
    return op->emitOpError() << "expected a time-major input [T, B, I], "
                                "found rank "
                             << in.size();
  Type elementType = elementTypeOf(input);
  const int64_t H = dims.hidden, G = dims.gates, D = dims.directions;

  for (auto [i, state] : llvm::enumerate(states))
    if (failed(expectShape(op, kStateNames[i], state,
                           {dims.layers * D, in[1], H})) ||
        failed(expectElementType(op, kStateNames[i], state, elementType)))
      return failure();

  int64_t expectedCount = 4 * dims.layers * D;
  if (static_cast<int64_t>(weights.size()) != expectedCount)
    return op->emitOpError()
           << "expected " << expectedCount
           << " weights (weight_ih, weight_hh, bias_ih, bias_hh for each of "
           << dims.layers << " layer(s) x " << D << " direction(s)), found "
           << weights.size();

  for (int64_t l = 0; l < dims.layers; ++l) {
    int64_t inputSize = l == 0 ? in[2] : D * H;
    for (int64_t d = 0; d < D; ++d) {
      ValueRange group =
          weights.slice(weightIndex(l, d, D, LayerWeight::WeightIH),
                        kWeightsPerLayerDirection);
      llvm::SmallVector<int64_t> shapes[] = {
          {G * H, inputSize}, {G * H, H}, {G * H}, {G * H}};
      if (dims.inputMajor) {
        shapes[0] = {inputSize, G * H};
        shapes[1] = {H, G * H};
      }
      for (int k = 0; k < 4; ++k) {
        std::string name =
            layerWeightName(static_cast<LayerWeight>(k), l, d);
        auto shape = shapeOf(group[k]);
        // The gate axis: rows, or columns of input-major matrices.
        size_t axis = dims.inputMajor && k < 2 ? 1 : 0;
        if (shape.size() > axis && !dimsCompatible(shape[axis], G * H))
          return op->emitOpError()
                 << "expected " << name << " to have " << G
                 << " gate(s) x hidden size " << H << " = " << G * H
                 << (axis ? " columns" : " rows") << ", found "
                 << shape[axis];
        if (failed(expectShape(op, name, group[k], shapes[k])) ||
            failed(expectElementType(op, name, group[k], elementType)))
          return failure();
      }
    }
  }
  return success();
}

/// Checks output [T, B, D*H] and the final states (shaped like the initial).
static LogicalResult verifyLayerResults(Operation *op, const LayerDims &dims,
                                        Value input, ValueRange states,
                                        Value output, ValueRange finalStates) {
  auto in = shapeOf(input);
  if (failed(expectShape(op, "output", output,
                         {in[0], in[1], dims.directions * dims.hidden})) ||
      failed(expectElementType(op, "output", output, elementTypeOf(input))))
    return failure();
  for (auto [i, pair] : llvm::enumerate(llvm::zip(finalStates, states))) {
    auto [final, initial] = pair;
    if (failed(expectTypeOf(op, kFinalStateNames[i], final, kStateNames[i],
                            initial)))
      return failure();
  }
  return success();
}

static LogicalResult verifyForwardLayer(RecurrentLayerOpInterface layer) {
  Operation *op = layer.getOperation();
  LayerDims dims = dimsOf(layer);
  llvm::SmallVector<Value, 2> states = layer.getInitialStates();
  if (failed(verifyLayerOperands(op, dims, layer.getInput(), states,
                                 layer.getWeights(), layer.getDropoutRate())))
    return failure();
  return verifyLayerResults(op, dims, layer.getInput(), states,
                            layer.getOutput(), layer.getFinalStates());
}

/// A backward op: the forward contract, then adjoints typed like primals.
template <typename OpT>
static LogicalResult verifyBackwardLayer(OpT op, ValueRange stateAdjoints) {
  Operation *raw = op.getOperation();
  auto layer = llvm::cast<RecurrentLayerOpInterface>(raw);
  if (failed(verifyForwardLayer(layer)))
    return failure();
  if (failed(expectTypeOf(raw, "d_output", op.getDOutput(), "output",
                          op.getOutput())) ||
      failed(expectTypeOf(raw, "d_input", op.getDInput(), "input",
                          op.getInput())))
    return failure();
  llvm::SmallVector<Value, 2> states = layer.getInitialStates();
  llvm::SmallVector<Value, 2> finalStates = layer.getFinalStates();
  llvm::SmallVector<Value, 3> resultAdjoints = layer.getResultAdjoints();
  for (auto [i, adjoint] :
       llvm::enumerate(llvm::ArrayRef(resultAdjoints).drop_front()))
    if (failed(expectTypeOf(raw, std::string("the adjoint of the ") +
                                     kFinalStateNames[i],
                            adjoint, kFinalStateNames[i], finalStates[i])))
      return failure();
  for (auto [i, adjoint] : llvm::enumerate(stateAdjoints))
    if (failed(expectTypeOf(raw, std::string("the adjoint of the ") +
                                     kStateNames[i],
                            adjoint, kStateNames[i], states[i])))
      return failure();
  if (op.getDWeights().size() != op.getWeights().size())
    return op.emitOpError() << "expected " << op.getWeights().size()
                            << " weight adjoints (one per weight), found "
                            << op.getDWeights().size();
  for (auto [i, pair] :
       llvm::enumerate(llvm::zip(op.getDWeights(), op.getWeights()))) {
    auto [adjoint, weight] = pair;
    if (failed(expectTypeOf(raw, "weight adjoint #" + std::to_string(i),
                            adjoint, "weight #" + std::to_string(i), weight)))
      return failure();
  }
  return success();
}

LogicalResult VanillaOp::verify() { return verifyForwardLayer(*this); }

LogicalResult GRUOp::verify() { return verifyForwardLayer(*this); }

LogicalResult LSTMOp::verify() { return verifyForwardLayer(*this); }

LogicalResult VanillaGradOp::verify() {
  return verifyBackwardLayer(*this, getDH0());
}

LogicalResult GRUGradOp::verify() {
  return verifyBackwardLayer(*this, getDH0());
}

LogicalResult LSTMGradOp::verify() {
  return verifyBackwardLayer(*this, {getDH0(), getDC0()});
}
