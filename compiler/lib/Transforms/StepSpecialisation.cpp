//===- StepSpecialisation.cpp - a function cut down to one time step ------===//
//
// See StepSpecialisation.h.
//
//===----------------------------------------------------------------------===//

#include "StepSpecialisation.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/BitVector.h"

using namespace mlir;

namespace rnnc {
namespace {

/// `dims` with the time dimension replaced by "" (static), and the index of
/// that dimension, if `dims` names it.
std::optional<std::pair<ArrayAttr, unsigned>> withoutTime(ArrayAttr dims) {
  if (!dims)
    return std::nullopt;
  llvm::SmallVector<Attribute> names(dims.begin(), dims.end());
  for (auto [i, name] : llvm::enumerate(names)) {
    auto str = llvm::dyn_cast<StringAttr>(name);
    if (str && str.getValue() == kTimeDim) {
      name = StringAttr::get(dims.getContext(), "");
      return std::make_pair(ArrayAttr::get(dims.getContext(), names),
                            static_cast<unsigned>(i));
    }
  }
  return std::nullopt;
}

/// `type` with a static extent of 1 at `dim`.
RankedTensorType oneStep(Type type, unsigned dim) {
  auto tensor = llvm::cast<RankedTensorType>(type);
  llvm::SmallVector<int64_t> shape(tensor.getShape());
  shape[dim] = 1;
  return tensor.clone(shape);
}

} // namespace

bool namesTime(ArrayAttr dims) { return withoutTime(dims).has_value(); }

void returnOnly(func::FuncOp func, ValueRange results,
                llvm::ArrayRef<DictionaryAttr> attrs) {
  Block &entry = func.getBody().front();
  auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
  OpBuilder b(ret);
  b.create<func::ReturnOp>(ret.getLoc(), results);
  ret.erase();
  func.setFunctionType(
      b.getFunctionType(func.getArgumentTypes(), results.getTypes()));
  func.setAllResultAttrs(attrs);
  IRRewriter rewriter(func.getContext());
  (void)runRegionDCE(rewriter, func.getBody());
}

LogicalResult specialiseTime(func::FuncOp func) {
  Block &entry = func.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  Location loc = func.getLoc();
  llvm::BitVector timeArg(func.getNumArguments());
  for (BlockArgument arg : func.getArguments()) {
    unsigned i = arg.getArgNumber();
    auto dimName = func.getArgAttrOfType<StringAttr>(i, "rnn.dim");
    if (dimName && dimName.getValue() == kTimeDim) {
      arg.replaceAllUsesWith(b.create<arith::ConstantIndexOp>(loc, 1));
      timeArg.set(i);
      continue;
    }
    auto time = withoutTime(func.getArgAttrOfType<ArrayAttr>(i, "rnn.dims"));
    if (!time)
      continue;
    Type original = arg.getType();
    arg.setType(oneStep(original, time->second));
    auto cast = b.create<tensor::CastOp>(loc, original, arg);
    arg.replaceAllUsesExcept(cast, cast);
    func.setArgAttr(i, "rnn.dims", time->first);
  }
  if (timeArg.none())
    return func.emitOpError() << "has no time dimension 'T' to fix to one";
  func.eraseArguments(timeArg);

  auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
  b.setInsertionPoint(ret);
  for (OpOperand &result : ret->getOpOperands()) {
    unsigned i = result.getOperandNumber();
    auto time = withoutTime(func.getResultAttrOfType<ArrayAttr>(i, "rnn.dims"));
    if (!time)
      continue;
    result.set(b.create<tensor::CastOp>(
        loc, oneStep(result.get().getType(), time->second), result.get()));
    func.setResultAttr(i, "rnn.dims", time->first);
  }
  func.setFunctionType(
      b.getFunctionType(entry.getArgumentTypes(), ret.getOperandTypes()));
  return success();
}

} // namespace rnnc
