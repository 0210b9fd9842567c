//===- DeriveVJP.cpp - the vector-Jacobian product of forward -------------===//
//
// See the description of rnn-derive-vjp in Passes.td: reverse mode over a
// clone of forward (ReverseMode.h), seeded with adjoint arguments for
// every float result, returning the adjoints of every float argument and
// the parameters' gradients.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "ReverseMode.h"
#include "SavedValues.h"

#include "RNN/IR/RNNBuilders.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace rnnc {
#define GEN_PASS_DEF_DERIVEVJP
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;
using namespace rnnc::bptt;

namespace {

/// Marks the vjp this pass derived.
constexpr llvm::StringLiteral kDerivedVJP = "rnn.vjp";
/// The index of the forward result (on an adjoint argument) or argument (on
/// an adjoint result) an adjoint belongs to.
constexpr llvm::StringLiteral kAdjointOf = "rnn.adjoint_of";
/// The role of an adjoint for the runtime: "ROLE:NAME" of the forward
/// result or argument it belongs to ("output:H", "state_in:H.h").
constexpr llvm::StringLiteral kAdjointRole = "rnn.adjoint";
/// The saving forward the runtime calls before vjp.
constexpr llvm::StringLiteral kSavingName = "forward_saving";

/// The attributes of the adjoint of a forward argument or result with
/// attributes `of`: its index, and when it has an rnn role, the adjoint's
/// role and the same dimension names.
DictionaryAttr adjointAttrs(Builder &b, DictionaryAttr of, unsigned index) {
  llvm::SmallVector<NamedAttribute> attrs{
      b.getNamedAttr(kAdjointOf, b.getI64IntegerAttr(index))};
  if (of) {
    for (llvm::StringRef role :
         {"input", "target", "state_in", "result", "output", "state_out"})
      if (auto name = of.getAs<StringAttr>(("rnn." + role).str())) {
        attrs.push_back(b.getNamedAttr(
            kAdjointRole, b.getStringAttr(role + ":" + name.getValue())));
        break;
      }
    if (Attribute dims = of.get("rnn.dims"))
      attrs.push_back(b.getNamedAttr("rnn.dims", dims));
  }
  return b.getDictionaryAttr(attrs);
}

LogicalResult deriveVJP(ModelOp model) {
  FailureOr<func::FuncOp> derived = cloneForward(model, "vjp", kDerivedVJP);
  if (failed(derived))
    return failure();
  func::FuncOp vjp = *derived;
  if (!vjp)
    return success(); // derived before
  OpBuilder b(vjp);
  Block &entry = vjp.getBody().front();
  auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
  unsigned numArgs = entry.getNumArguments();

  llvm::SmallVector<Operation *> ops;
  for (Operation &op : entry.without_terminator())
    ops.push_back(&op);
  b.setInsertionPoint(ret);
  TruncationConfig full;
  ReverseMode reverse(b, full);
  for (BlockArgument arg : entry.getArguments())
    if (isDifferentiable(arg))
      reverse.seedActive(arg);
  reverse.markActive(ops);

  // One adjoint argument per float result, seeding the reverse mode.
  llvm::SmallVector<DictionaryAttr> argAttrs;
  for (unsigned i = 0; i < numArgs; ++i)
    argAttrs.push_back(vjp.getArgAttrDict(i));
  for (auto [i, result] : llvm::enumerate(ret.getOperands())) {
    if (!isDifferentiable(result))
      continue;
    BlockArgument adjoint = entry.addArgument(result.getType(), ret.getLoc());
    argAttrs.push_back(adjointAttrs(b, vjp.getResultAttrDict(i), i));
    reverse.accumulate(result, adjoint);
  }
  if (failed(reverse.backprop(ops, /*allowTopLevel=*/true)))
    return failure();

  // Results: the float arguments' adjoints, then the parameters' gradients.
  llvm::SmallVector<Value> results;
  llvm::SmallVector<Type> types;
  llvm::SmallVector<DictionaryAttr> attrs;
  for (unsigned i = 0; i < numArgs; ++i) {
    BlockArgument arg = entry.getArgument(i);
    if (!isDifferentiable(arg))
      continue;
    Value adjoint = reverse.adjointOf(arg);
    if (!adjoint)
      adjoint = zerosLike(b, ret.getLoc(), arg);
    results.push_back(adjoint);
    types.push_back(arg.getType());
    attrs.push_back(adjointAttrs(b, vjp.getArgAttrDict(i), i));
  }
  appendParameterGradients(b, ret.getLoc(), model, reverse, results, types,
                           attrs);
  b.create<func::ReturnOp>(ret.getLoc(), results);
  llvm::SmallVector<Value> forwardResults(ret.getOperands());
  llvm::SmallVector<DictionaryAttr> forwardResultAttrs;
  for (unsigned i = 0; i < ret.getNumOperands(); ++i)
    forwardResultAttrs.push_back(vjp.getResultAttrDict(i));
  vjp.setFunctionType(b.getFunctionType(entry.getArgumentTypes(), types));
  vjp.setAllArgAttrs(argAttrs);
  vjp.setAllResultAttrs(attrs);
  ret.erase();
  // The forward sweep runs once, in forward_saving; vjp starts from what
  // it kept.
  splitAtSavedValues(vjp, numArgs, forwardResults, forwardResultAttrs,
                     kSavingName, kDerivedVJP);
  return success();
}

struct DeriveVJPPass : rnnc::impl::DeriveVJPBase<DeriveVJPPass> {
  void runOnOperation() override {
    for (ModelOp model : getOperation().getOps<ModelOp>())
      if (failed(deriveVJP(model)))
        return signalPassFailure();
  }
};

} // namespace
