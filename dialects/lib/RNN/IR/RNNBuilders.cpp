//===- RNNBuilders.cpp - IR-building helpers over rnn tensors -------------===//
//
// See RNNBuilders.h.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNBuilders.h"

#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

Value rnn::zerosLike(OpBuilder &b, Location loc, Value like) {
  auto type = llvm::cast<RankedTensorType>(like.getType());
  llvm::SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(b.create<tensor::DimOp>(loc, like, i));
  return b.create<FillOp>(loc, type, b.getF64FloatAttr(0.0), sizes);
}

Value rnn::expandReducedDims(OpBuilder &b, Location loc, Value reduced,
                             Value input, llvm::ArrayRef<int64_t> dims) {
  auto inputType = llvm::cast<RankedTensorType>(input.getType());
  llvm::SmallVector<int64_t> shape(inputType.getShape());
  for (int64_t d : dims)
    shape[d] = 1;
  auto type = RankedTensorType::get(shape, inputType.getElementType());
  // Group each unit dimension with a neighbouring kept one; a scalar
  // expands with no groups.
  llvm::SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  llvm::SmallVector<OpFoldResult> outputShape;
  for (int64_t d = 0; d < inputType.getRank(); ++d) {
    pending.push_back(d);
    bool isReduced = llvm::is_contained(dims, d);
    outputShape.push_back(isReduced ? OpFoldResult(b.getIndexAttr(1))
                                    : tensor::getMixedSize(b, loc, input, d));
    if (!isReduced) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty() && !groups.empty())
    groups.back().append(pending.begin(), pending.end());
  if (llvm::cast<RankedTensorType>(reduced.getType()).getRank() == 0)
    groups.clear();
  return b.create<tensor::ExpandShapeOp>(loc, type, reduced, groups,
                                         outputShape);
}

Operation *rnn::createLayerOp(OpBuilder &b, Location loc, CellKind cell,
                              const LayerConfig &config, Value input,
                              ValueRange states, ValueRange weights,
                              TypeRange resultTypes) {
  MLIRContext *ctx = b.getContext();
  llvm::StringRef name;
  switch (cell) {
  case CellKind::Tanh:
  case CellKind::Relu:
    name = VanillaOp::getOperationName();
    break;
  case CellKind::GRU:
  case CellKind::GRUResetBefore:
    name = GRUOp::getOperationName();
    break;
  case CellKind::LSTM:
    name = LSTMOp::getOperationName();
    break;
  }
  OperationState state(loc, name);
  state.addOperands(input);
  state.addOperands(states);
  state.addOperands(weights);
  state.addTypes(resultTypes);
  state.addAttribute("direction", DirectionAttr::get(ctx, config.direction));
  state.addAttribute("hidden_size", b.getI64IntegerAttr(config.hidden));
  state.addAttribute("num_layers", b.getI64IntegerAttr(config.layers));
  state.addAttribute("dropout", b.getF64FloatAttr(config.dropout));
  if (config.inputMajor)
    state.addAttribute("input_major", b.getUnitAttr());
  if (cell == CellKind::Tanh || cell == CellKind::Relu)
    state.addAttribute(
        "activation",
        ActivationAttr::get(ctx, cell == CellKind::Relu ? Activation::relu
                                                        : Activation::tanh));
  if (cell == CellKind::GRUResetBefore)
    state.addAttribute("reset_before", b.getUnitAttr());
  Operation *layer = b.create(state);
  assert(llvm::cast<RecurrentLayerOpInterface>(layer).getCellKind() == cell &&
         "createLayerOp and the ops' cellKind() disagree");
  return layer;
}
