//===- RNNBuilders.cpp - IR-building helpers over rnn tensors
//--------------===//
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
