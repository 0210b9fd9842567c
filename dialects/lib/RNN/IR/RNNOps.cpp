//===- RNNOps.cpp - model structure and recurrence ops ----------------------===//
//
// Verifiers of rnn.model, rnn.param, rnn.param_read and rnn.scan, and the
// generated op definitions. The math ops are in RNNMathOps.cpp, the library
// layers in RNNLayerOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNOps.h"
#include "RNN/IR/ShapeUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::rnn;

#define GET_OP_CLASSES
#include "RNN/IR/RNNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// ModelOp
//===----------------------------------------------------------------------===//

LogicalResult ModelOp::verifyRegions() {
  for (Operation &op : getBody().front()) {
    if (isa<ParamOp, func::FuncOp>(op))
      continue;
    return op.emitOpError()
           << "is not allowed in the body of an 'rnn.model', which holds "
              "only 'rnn.param' and 'func.func' ops";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ParamOp
//===----------------------------------------------------------------------===//

LogicalResult ParamOp::verify() {
  RankedTensorType type = getTensorType();
  int64_t rank = type.getRank();
  std::optional<ArrayAttr> names = getDimNames();
  if (names && static_cast<int64_t>(names->size()) != rank)
    return emitOpError() << "dim_names has " << names->size()
                         << " entries but the parameter has rank " << rank;

  for (int64_t i = 0; i < rank; ++i) {
    llvm::StringRef name =
        names ? llvm::cast<StringAttr>((*names)[i]).getValue() : "";
    int64_t dim = type.getDimSize(i);
    if (ShapedType::isDynamic(dim) && name.empty())
      return emitOpError() << "dynamic dimension #" << i
                           << " must be named in dim_names (for example "
                              "\"V\" for a vocabulary bound at train time)";
    if (!ShapedType::isDynamic(dim) && !name.empty())
      return emitOpError() << "static dimension #" << i << " (" << dim
                           << ") must have an empty name, found \"" << name
                           << "\"";
  }

  InitKind kind = getInit().getKind();
  if ((kind == InitKind::xavier_uniform || kind == InitKind::xavier_normal) &&
      rank != 2)
    return emitOpError() << "initialiser '" << stringifyInitKind(kind)
                         << "' needs a 2-d parameter, found rank " << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// ParamReadOp
//===----------------------------------------------------------------------===//

LogicalResult
ParamReadOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto model = (*this)->getParentOfType<ModelOp>();
  if (!model)
    return emitOpError() << "must be nested in an 'rnn.model'";
  Operation *symbol = symbolTable.lookupSymbolIn(model, getParamAttr());
  if (!symbol)
    return emitOpError() << "'" << getParamAttr() << "' does not name a "
                         << "parameter of model @" << model.getSymName();
  auto param = dyn_cast<ParamOp>(symbol);
  if (!param)
    return emitOpError() << "'" << getParamAttr() << "' names a '"
                         << symbol->getName() << "', not an 'rnn.param'";
  if (param.getType() != getType()) {
    InFlightDiagnostic diag = emitOpError()
                              << "result type " << getType()
                              << " does not match the type "
                              << param.getType() << " of parameter @"
                              << param.getSymName();
    diag.attachNote(param.getLoc()) << "parameter declared here";
    return diag;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ScanOp
//===----------------------------------------------------------------------===//

/// The number of time steps shared by all sequences (dynamic if unknown).
static int64_t timeSteps(ScanOp op) {
  for (Value seq : op.getSequences()) {
    auto shape = shapeOf(seq);
    if (!shape.empty() && !ShapedType::isDynamic(shape.front()))
      return shape.front();
  }
  return ShapedType::kDynamic;
}

/// [T, ...shape]: a per-step type stacked along time.
static llvm::SmallVector<int64_t> stacked(int64_t steps,
                                          llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t> result{steps};
  result.append(shape.begin(), shape.end());
  return result;
}

LogicalResult ScanOp::verify() {
  if (getDirection() == Direction::bidirectional)
    return emitOpError() << "direction must be forward or reverse, found "
                            "bidirectional (write two scans and concat)";
  if (getSequences().empty())
    return emitOpError() << "expected at least one sequence to iterate over";

  int64_t steps = timeSteps(*this);
  for (auto [i, seq] : llvm::enumerate(getSequences())) {
    auto shape = shapeOf(seq);
    if (shape.empty())
      return emitOpError() << "sequence #" << i
                           << " needs a leading time dimension, found a "
                              "rank-0 tensor";
    if (!dimsCompatible(shape.front(), steps))
      return emitOpError() << "sequence #" << i << " has " << shape.front()
                           << " time steps, expected " << steps
                           << " like the other sequences";
  }

  size_t numInits = getInits().size();
  if (getResults().size() < numInits)
    return emitOpError() << "expected at least " << numInits
                         << " results (one final state per init), found "
                         << getResults().size();
  for (auto [i, pair] :
       llvm::enumerate(llvm::zip(getInits(), getFinalStates()))) {
    auto [init, final] = pair;
    if (init.getType() != final.getType())
      return emitOpError() << "final state #" << i << " has type "
                           << final.getType() << ", expected the init type "
                           << init.getType();
  }
  return success();
}

LogicalResult ScanOp::verifyRegions() {
  Block &body = getBodyBlock();
  size_t numSeqs = getSequences().size(), numInits = getInits().size();
  size_t numOutputs = getResults().size() - numInits;

  if (body.getNumArguments() != numSeqs + numInits)
    return emitOpError() << "expected the body to take "
                         << numSeqs + numInits << " arguments (" << numSeqs
                         << " step slices, then " << numInits
                         << " carried states), found "
                         << body.getNumArguments();

  for (auto [i, seq] : llvm::enumerate(getSequences())) {
    auto seqType = llvm::cast<RankedTensorType>(seq.getType());
    auto sliceType = RankedTensorType::get(seqType.getShape().drop_front(),
                                           seqType.getElementType());
    if (body.getArgument(i).getType() != sliceType)
      return emitOpError() << "body argument #" << i
                           << " (step slice of sequence #" << i
                           << ") has type " << body.getArgument(i).getType()
                           << ", expected " << sliceType;
  }
  for (auto [i, init] : llvm::enumerate(getInits())) {
    Type argType = body.getArgument(numSeqs + i).getType();
    if (argType != init.getType())
      return emitOpError() << "body argument #" << numSeqs + i
                           << " (carried state #" << i << ") has type "
                           << argType << ", expected the init type "
                           << init.getType();
  }

  auto yield = cast<YieldOp>(body.getTerminator());
  if (yield.getValues().size() != numInits + numOutputs)
    return yield.emitOpError()
           << "yields " << yield.getValues().size() << " values, expected "
           << numInits + numOutputs << " (" << numInits << " next states, "
           << numOutputs << " per-step outputs)";

  for (auto [i, init] : llvm::enumerate(getInits())) {
    Type yielded = yield.getValues()[i].getType();
    if (yielded != init.getType())
      return yield.emitOpError() << "next state #" << i << " has type "
                                 << yielded << ", expected "
                                 << init.getType();
  }

  int64_t steps = timeSteps(*this);
  for (size_t i = 0; i < numOutputs; ++i) {
    Value yielded = yield.getValues()[numInits + i];
    auto stepType = llvm::dyn_cast<RankedTensorType>(yielded.getType());
    if (!stepType)
      return yield.emitOpError() << "per-step output #" << i
                                 << " must be a ranked tensor, found "
                                 << yielded.getType();
    Value result = getStackedOutputs()[i];
    auto expected = stacked(steps, stepType.getShape());
    if (!shapesCompatible(shapeOf(result), expected) ||
        elementTypeOf(result) != stepType.getElementType())
      return emitOpError() << "result #" << numInits + i << " has type "
                           << result.getType()
                           << ", expected per-step output #" << i
                           << " stacked along time: shape "
                           << formatShape(expected) << " of "
                           << stepType.getElementType();
  }
  return success();
}
