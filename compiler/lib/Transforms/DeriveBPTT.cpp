//===- DeriveBPTT.cpp - train_step by backpropagation through time ---------===//
//
// See the description of rnn-derive-bptt in Passes.td. The adjoint rules of
// individual ops live with the ops (RNNGradients.cpp), the reverse mode
// with its reverse scan in ReverseMode.cpp; this file derives train_step:
// the loss's adjoint seeded with 1, the truncation scheme chosen.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"

#include "ReverseMode.h"

#include "RNN/IR/RNNBuilders.h"
#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace rnnc {
#define GEN_PASS_DEF_DERIVEBPTT
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

using namespace rnnc::bptt;

namespace {

/// Marks the train_step this pass derived.
constexpr llvm::StringLiteral kDerivedTrainStep = "rnn.train_step";

struct DeriveBPTTPass : rnnc::impl::DeriveBPTTBase<DeriveBPTTPass> {
  using DeriveBPTTBase::DeriveBPTTBase;

  void runOnOperation() override {
    for (ModelOp model : getOperation().getOps<ModelOp>()) {
      std::optional<TruncationConfig> config = truncationFor(model);
      if (!config || failed(deriveTrainStep(model, *config)))
        return signalPassFailure();
    }
  }

  /// The truncation scheme: the pass options, or with truncation=model the
  /// model's train.bptt (and train.bptt_steps).
  std::optional<TruncationConfig> truncationFor(ModelOp model) {
    std::string kind = truncation;
    int64_t k = steps;
    if (kind == "model") {
      kind = "full";
      if (auto train = model->getAttrOfType<DictionaryAttr>("train")) {
        if (auto bptt = train.getAs<StringAttr>("bptt"))
          kind = bptt.getValue().str();
        if (auto n = train.getAs<IntegerAttr>("bptt_steps"))
          k = n.getInt();
      }
    }
    TruncationConfig config;
    config.steps = k;
    config.probability = probability;
    config.seed = seed;
    if (kind == "truncated") {
      config.kind = TruncationConfig::Truncated;
      if (k < 1) {
        model.emitError() << "rnn-derive-bptt: truncated BPTT needs steps "
                             ">= 1, found "
                          << k;
        return std::nullopt;
      }
    } else if (kind == "randomized") {
      config.kind = TruncationConfig::Randomized;
      if (!(probability > 0 && probability <= 1)) {
        model.emitError() << "rnn-derive-bptt: the probability must be in "
                             "(0, 1], found "
                          << probability;
        return std::nullopt;
      }
    } else if (kind != "full") {
      model.emitError() << "rnn-derive-bptt: unknown truncation '" << kind
                        << "'; expected model, full, truncated or randomized";
      return std::nullopt;
    }
    return config;
  }

  LogicalResult deriveTrainStep(ModelOp model, const TruncationConfig &config);
};

LogicalResult DeriveBPTTPass::deriveTrainStep(ModelOp model,
                                              const TruncationConfig &config) {
  FailureOr<func::FuncOp> derived =
      cloneForward(model, "train_step", kDerivedTrainStep);
  if (failed(derived))
    return failure();
  func::FuncOp trainStep = *derived;
  if (!trainStep)
    return success(); // derived before
  OpBuilder b(trainStep);
  Block &entry = trainStep.getBody().front();
  auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
  if (ret.getNumOperands() < 2)
    return trainStep.emitOpError() << "must return the loss and the output";
  Value loss = ret.getOperand(0);

  llvm::SmallVector<Operation *> ops;
  for (Operation &op : entry.without_terminator())
    ops.push_back(&op);
  b.setInsertionPoint(ret);
  ReverseMode reverse(b, config);
  reverse.markActive(ops);
  reverse.accumulate(loss,
                     b.create<FillOp>(ret.getLoc(), loss.getType(),
                                      b.getF64FloatAttr(1.0), ValueRange{}));
  if (failed(reverse.backprop(ops, /*allowTopLevel=*/true)))
    return failure();

  // Results: loss, final states, then one gradient per parameter.
  llvm::SmallVector<Value> results{loss};
  llvm::SmallVector<Type> types{loss.getType()};
  llvm::SmallVector<DictionaryAttr> attrs{trainStep.getResultAttrDict(0)};
  for (unsigned i = 2; i < ret.getNumOperands(); ++i) {
    results.push_back(ret.getOperand(i));
    types.push_back(ret.getOperand(i).getType());
    attrs.push_back(trainStep.getResultAttrDict(i));
  }
  appendParameterGradients(b, ret.getLoc(), model, reverse, results, types,
                           attrs);
  b.create<func::ReturnOp>(ret.getLoc(), results);
  ret.erase();
  trainStep.setFunctionType(
      b.getFunctionType(trainStep.getArgumentTypes(), types));
  trainStep.setAllResultAttrs(attrs);
  return success();
}

} // namespace
