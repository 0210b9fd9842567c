//===- StepSpecialisation.cpp - a dimension fixed to one ------------------===//
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

/// `dims` with the dimension `dim` replaced by "" (static), and the index
/// of that dimension, if `dims` names it.
std::optional<std::pair<ArrayAttr, unsigned>> without(ArrayAttr dims,
                                                      StringRef dim) {
  if (!dims)
    return std::nullopt;
  llvm::SmallVector<Attribute> names(dims.begin(), dims.end());
  for (auto [i, name] : llvm::enumerate(names)) {
    auto str = llvm::dyn_cast<StringAttr>(name);
    if (str && str.getValue() == dim) {
      name = StringAttr::get(dims.getContext(), "");
      return std::make_pair(ArrayAttr::get(dims.getContext(), names),
                            static_cast<unsigned>(i));
    }
  }
  return std::nullopt;
}

/// `type` with a static extent of 1 at `dim`.
RankedTensorType extentOne(Type type, unsigned dim) {
  auto tensor = llvm::cast<RankedTensorType>(type);
  llvm::SmallVector<int64_t> shape(tensor.getShape());
  shape[dim] = 1;
  return tensor.clone(shape);
}

} // namespace

bool namesTime(ArrayAttr dims) { return without(dims, kTimeDim).has_value(); }

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

LogicalResult fixToOne(func::FuncOp func, StringRef name) {
  Block &entry = func.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  Location loc = func.getLoc();
  llvm::BitVector dimArg(func.getNumArguments());
  for (BlockArgument arg : func.getArguments()) {
    unsigned i = arg.getArgNumber();
    auto argDim = func.getArgAttrOfType<StringAttr>(i, "rnn.dim");
    if (argDim && argDim.getValue() == name) {
      arg.replaceAllUsesWith(b.create<arith::ConstantIndexOp>(loc, 1));
      dimArg.set(i);
      continue;
    }
    auto fixed = without(func.getArgAttrOfType<ArrayAttr>(i, "rnn.dims"), name);
    if (!fixed)
      continue;
    Type original = arg.getType();
    arg.setType(extentOne(original, fixed->second));
    auto cast = b.create<tensor::CastOp>(loc, original, arg);
    arg.replaceAllUsesExcept(cast, cast);
    func.setArgAttr(i, "rnn.dims", fixed->first);
  }
  if (dimArg.none())
    return func.emitOpError()
           << "has no dimension '" << name << "' to fix to one";
  func.eraseArguments(dimArg);

  auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
  b.setInsertionPoint(ret);
  for (OpOperand &result : ret->getOpOperands()) {
    unsigned i = result.getOperandNumber();
    auto fixed =
        without(func.getResultAttrOfType<ArrayAttr>(i, "rnn.dims"), name);
    if (!fixed)
      continue;
    result.set(b.create<tensor::CastOp>(
        loc, extentOne(result.get().getType(), fixed->second), result.get()));
    func.setResultAttr(i, "rnn.dims", fixed->first);
  }
  func.setFunctionType(
      b.getFunctionType(entry.getArgumentTypes(), ret.getOperandTypes()));
  return success();
}

} // namespace rnnc
