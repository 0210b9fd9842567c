//===- DeriveDecoderStep.cpp - a seq2seq model's encoder and decoder step -===//
//
// See the description of rnn-derive-decoder-step in Passes.td. The forward
// is cut in two: the decoder (every op that reads the decoder input, and
// the cheap time-free ops it reads, which the step recomputes) and the
// encoder (the rest). What the decoder reads from the encoder crosses as
// @encode's results and @decode_step's arguments.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Transforms/Passes.h"
#include "rnnc/runtime/Task.h"

#include "StepSpecialisation.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SetVector.h"

namespace rnnc {
#define GEN_PASS_DEF_DERIVEDECODERSTEP
#include "rnnc/Transforms/Passes.h.inc"
} // namespace rnnc

using namespace mlir;
using namespace mlir::rnn;

namespace {

/// A recurrent state of the decoder: operand `initOperand` of `op` starts
/// it, `final` ends it.
struct DecoderState {
  Operation *op;
  unsigned initOperand;
  Value final;
  std::string name;
  ArrayAttr dims;
};

/// A value of the encoder the decoder reads.
struct Context {
  Value value;
  std::string name;
  ArrayAttr dims;
};

/// The forward cut in two.
struct DecoderSplit {
  /// The decoder's ops, at the top level of the forward's body.
  llvm::SetVector<Operation *> decoder;
  llvm::SmallVector<DecoderState> states;
  llvm::SmallVector<Context> contexts;
};

/// Finds the split of one forward, or says why there is none.
class SplitFinder {
public:
  explicit SplitFinder(func::FuncOp forward)
      : forward(forward), body(forward.getBody().front()) {}

  FailureOr<DecoderSplit> find();
  /// Why find() failed, as the rest of "no decoder step: ...".
  const std::string &reason() const { return why; }

private:
  LogicalResult fail(const llvm::Twine &message) {
    why = message.str();
    return failure();
  }
  Operation *topLevel(Operation *op) const {
    return body.findAncestorOpInBlock(*op);
  }
  std::optional<BlockArgument> decoderInput();
  void markTimeFree();
  llvm::DenseSet<Operation *> outputSources();
  void addToDecoder(Operation *op);
  LogicalResult collectStates();
  LogicalResult readFromEncoder(Value value);
  ArrayAttr dimsOf(Value value);
  std::string layerName(Operation *op) const;

  func::FuncOp forward;
  Block &body;
  BlockArgument time, input;
  llvm::DenseSet<Value> timeFree;
  llvm::SmallVector<Operation *> worklist;
  llvm::DenseSet<std::pair<Operation *, unsigned>> stateOperands;
  llvm::DenseSet<Value> contextValues;
  /// The ops that read the decoder input, directly or not.
  llvm::DenseSet<Operation *> readsInput;
  DecoderSplit split;
  std::string why;
};

/// The second input over time (the first is the source): the runtime's
/// convention for a seq2seq model's inputs (Seq2SeqTraining.cpp).
std::optional<BlockArgument> SplitFinder::decoderInput() {
  int inputs = 0;
  for (BlockArgument arg : forward.getArguments()) {
    unsigned i = arg.getArgNumber();
    if (forward.getArgAttr(i, "rnn.input") &&
        rnnc::namesTime(forward.getArgAttrOfType<ArrayAttr>(i, "rnn.dims")) &&
        inputs++ == 1)
      return arg;
  }
  return std::nullopt;
}

/// Values that do not extend over time: the arguments whose dims do not
/// name T (T itself aside), the final states of layers and scans, and what
/// region-free ops compute from such values only.
void SplitFinder::markTimeFree() {
  for (BlockArgument arg : forward.getArguments()) {
    auto dims = forward.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(),
                                                    "rnn.dims");
    if (arg != time && !rnnc::namesTime(dims))
      timeFree.insert(arg);
  }
  for (Operation &op : body.without_terminator()) {
    if (auto layer = llvm::dyn_cast<RecurrentLayerOpInterface>(op)) {
      for (Value state : layer.getFinalStates())
        timeFree.insert(state);
    } else if (auto scan = llvm::dyn_cast<ScanOp>(op)) {
      for (Value state : scan.getFinalStates())
        timeFree.insert(state);
    } else if (op.getNumRegions() == 0 &&
               llvm::all_of(op.getOperands(), [&](Value operand) {
                 return timeFree.contains(operand);
               })) {
      for (Value result : op.getResults())
        timeFree.insert(result);
    }
  }
}

/// The ops the outputs are computed from (the loss's are not).
llvm::DenseSet<Operation *> SplitFinder::outputSources() {
  llvm::DenseSet<Operation *> sources;
  llvm::SmallVector<Value> values;
  for (unsigned i = 0; i < forward.getNumResults(); ++i)
    if (forward.getResultAttr(i, "rnn.output"))
      values.push_back(body.getTerminator()->getOperand(i));
  while (!values.empty()) {
    Operation *def = values.pop_back_val().getDefiningOp();
    if (!def || !sources.insert(topLevel(def)).second)
      continue;
    def = topLevel(def);
    values.append(def->operand_begin(), def->operand_end());
    llvm::SetVector<Value> above;
    getUsedValuesDefinedAbove(def->getRegions(), above);
    values.append(above.begin(), above.end());
  }
  return sources;
}

void SplitFinder::addToDecoder(Operation *op) {
  if (!op->hasTrait<OpTrait::IsTerminator>() && split.decoder.insert(op))
    worklist.push_back(op);
}

/// "decoder" for a layer whose weights are @decoder.weight_ih_l0, ...
std::string SplitFinder::layerName(Operation *op) const {
  for (Value operand : op->getOperands())
    if (auto read = operand.getDefiningOp<ParamReadOp>())
      return read.getParam().split('.').first.str();
  return "layer";
}

/// The `rnn.dims` of a value crossing between the two functions: an
/// argument's own, a layer state's [L*D, B, H], a scan state's from its
/// initial value; null when unknown (the value cannot cross).
ArrayAttr SplitFinder::dimsOf(Value value) {
  Builder b(forward.getContext());
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  if (!type)
    return {};
  if (type.hasStaticShape())
    return b.getStrArrayAttr(
        llvm::SmallVector<llvm::StringRef>(type.getRank(), ""));
  if (auto arg = llvm::dyn_cast<BlockArgument>(value))
    return forward.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(),
                                               "rnn.dims");
  Operation *def = value.getDefiningOp();
  if (llvm::isa<RecurrentLayerOpInterface>(def) && type.getRank() == 3 &&
      !type.isDynamicDim(0) && type.isDynamicDim(1) && !type.isDynamicDim(2))
    return b.getStrArrayAttr({"", "B", ""});
  if (auto scan = llvm::dyn_cast<ScanOp>(def)) {
    auto result = llvm::cast<OpResult>(value).getResultNumber();
    if (result < scan.getInits().size())
      return dimsOf(scan.getInits()[result]);
  }
  return {};
}

/// The decoder's recurrent layers and scans start from a state argument
/// of the step and end in a state result; they must run forwards.
LogicalResult SplitFinder::collectStates() {
  for (Operation *op : split.decoder) {
    if (auto layer = llvm::dyn_cast<RecurrentLayerOpInterface>(op)) {
      if (layer.getDirection() != Direction::forward)
        return fail("the decoder's layer runs backwards in time");
      llvm::SmallVector<Value, 2> finals = layer.getFinalStates();
      std::string name = layerName(op);
      for (auto [i, init] : llvm::enumerate(layer.getInitialStates())) {
        // The initial states follow the input (RNNLayerOps.td).
        unsigned operand = 1 + static_cast<unsigned>(i);
        assert(op->getOperand(operand) == init && "h0 and c0 follow input");
        ArrayAttr dims = dimsOf(finals[i]);
        if (!dims)
          return fail("a state of the decoder's layer has no batch dimension");
        split.states.push_back(
            {op, operand, finals[i], name + (i == 0 ? ".h" : ".c"), dims});
      }
    } else if (auto scan = llvm::dyn_cast<ScanOp>(op)) {
      if (scan.getDirection() != Direction::forward)
        return fail("the decoder's scan runs backwards in time");
      for (auto [i, init] : llvm::enumerate(scan.getInits())) {
        ArrayAttr dims = dimsOf(init);
        if (!dims)
          return fail("a state of the decoder's scan starts from a value "
                      "of unknown dimensions");
        unsigned operand = scan.getInitsMutable()[i].getOperandNumber();
        split.states.push_back({op, operand, scan.getFinalStates()[i],
                                "state" + std::to_string(split.states.size()),
                                dims});
      }
    } else if (llvm::isa<ReverseOp>(op)) {
      return fail("the decoder reverses a sequence in time");
    }
  }
  for (const DecoderState &state : split.states) {
    // Read at every position, the state after all of them is not causal:
    // a step would read the state after itself instead.
    for (Operation *user : state.final.getUsers())
      if (split.decoder.contains(topLevel(user)))
        return fail("the decoder reads its own final state");
    stateOperands.insert({state.op, state.initOperand});
  }
  return success();
}

/// `value`, read by the decoder: its own or its input, T (one in the step),
/// a dimension, an op over time-free values the step recomputes (a
/// parameter read, a select of a state, its broadcast over T), or a
/// time-free value of the encoder that crosses (a layer's final state).
LogicalResult SplitFinder::readFromEncoder(Value value) {
  if (value == time || value == input || value.getType().isIndex() ||
      contextValues.contains(value))
    return success();
  Operation *def = value.getDefiningOp();
  if (def && split.decoder.contains(topLevel(def)))
    return success();
  bool crosses = timeFree.contains(value) && dimsOf(value);
  bool recomputed =
      def && def->getNumRegions() == 0 &&
      !llvm::isa<RecurrentLayerOpInterface>(def) &&
      llvm::all_of(def->getOperands(), [&](Value operand) {
        return operand == time || timeFree.contains(operand);
      });
  if (recomputed) {
    addToDecoder(def);
    return success();
  }
  if (!crosses)
    return fail("the decoder reads a value of the encoder over time (an "
                "output sequence, or an input over T)");
  contextValues.insert(value);
  std::string name;
  if (auto arg = llvm::dyn_cast<BlockArgument>(value)) {
    for (NamedAttribute attr : forward.getArgAttrDict(arg.getArgNumber()))
      if (auto role = llvm::dyn_cast<StringAttr>(attr.getValue());
          role && attr.getName() != "rnn.dims")
        name = role.getValue().str();
  } else if (llvm::isa<RecurrentLayerOpInterface>(def)) {
    name = layerName(def) +
           (llvm::cast<OpResult>(value).getResultNumber() == 1 ? ".h_n"
                                                               : ".c_n");
  }
  if (name.empty())
    name = "context" + std::to_string(split.contexts.size());
  split.contexts.push_back({value, name, dimsOf(value)});
  return success();
}

FailureOr<DecoderSplit> SplitFinder::find() {
  for (BlockArgument arg : forward.getArguments()) {
    auto name = forward.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                     "rnn.dim");
    if (name && name.getValue() == rnnc::kTimeDim)
      time = arg;
  }
  std::optional<BlockArgument> second = decoderInput();
  if (!time || !second)
    return fail("the forward has no decoder input (a second input over T)");
  input = *second;
  markTimeFree();
  for (Operation *user : input.getUsers())
    addToDecoder(topLevel(user));
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    for (Value result : op->getResults())
      for (Operation *user : result.getUsers())
        addToDecoder(topLevel(user));
  }
  // Of those, what the outputs need (not the loss, which reads targets).
  llvm::DenseSet<Operation *> sources = outputSources();
  split.decoder.remove_if([&](Operation *op) { return !sources.contains(op); });
  readsInput.insert(split.decoder.begin(), split.decoder.end());
  if (failed(collectStates()))
    return failure();
  // What the decoder reads; recomputed ops join it and are read in turn.
  worklist.assign(split.decoder.begin(), split.decoder.end());
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    for (OpOperand &use : op->getOpOperands())
      if (!stateOperands.contains({op, use.getOperandNumber()}) &&
          failed(readFromEncoder(use.get())))
        return failure();
    llvm::SetVector<Value> above;
    getUsedValuesDefinedAbove(op->getRegions(), above);
    for (Value value : above)
      if (failed(readFromEncoder(value)))
        return failure();
  }
  // The step's states start where the forward's do: the encoder computes
  // them (or passes its arguments on).
  for (const DecoderState &state : split.states) {
    Value init = state.op->getOperand(state.initOperand);
    if (!timeFree.contains(init) ||
        (init.getDefiningOp() &&
         readsInput.contains(topLevel(init.getDefiningOp()))))
      return fail("a state of the decoder starts from the decoder's own "
                  "values");
  }
  for (unsigned i = 0; i < forward.getNumResults(); ++i)
    if (forward.getResultAttr(i, "rnn.output")) {
      Operation *def = body.getTerminator()->getOperand(i).getDefiningOp();
      if (!def || !split.decoder.contains(topLevel(def)))
        return fail("an output does not depend on the decoder input");
    }
  // Program order, for the clones.
  llvm::SetVector<Operation *> ordered;
  for (Operation &op : body.without_terminator())
    if (split.decoder.contains(&op))
      ordered.insert(&op);
  split.decoder = std::move(ordered);
  return std::move(split);
}

/// Attributes {rnn.dims = dims, role = name}.
DictionaryAttr roleAttrs(MLIRContext *context, ArrayAttr dims,
                         llvm::StringRef role, llvm::StringRef name) {
  Builder b(context);
  return b.getDictionaryAttr({b.getNamedAttr("rnn.dims", dims),
                              b.getNamedAttr(role, b.getStringAttr(name))});
}

/// A copy of `forward` right after it, named `name` and marked with the
/// unit attribute `mark`; `map` takes forward's values to the copy's.
func::FuncOp cloneAfter(func::FuncOp forward, llvm::StringRef name,
                        llvm::StringRef mark, IRMapping &map) {
  OpBuilder b(forward);
  b.setInsertionPointAfter(forward);
  auto copy = llvm::cast<func::FuncOp>(b.clone(*forward, map));
  copy.setName(name);
  copy->setAttr(mark, b.getUnitAttr());
  return copy;
}

/// Erases the arguments of `func` nothing reads but the dimensions.
void eraseUnusedArguments(func::FuncOp func) {
  llvm::BitVector unused(func.getNumArguments());
  for (BlockArgument arg : func.getArguments())
    if (arg.use_empty() && !arg.getType().isIndex())
      unused.set(arg.getArgNumber());
  func.eraseArguments(unused);
}

struct DeriveDecoderStepPass
    : rnnc::impl::DeriveDecoderStepBase<DeriveDecoderStepPass> {
  void runOnOperation() override {
    for (ModelOp model : getOperation().getOps<ModelOp>()) {
      using rnnc::rt::Task, rnnc::rt::taskName;
      auto task = model->getAttrOfType<StringAttr>("task");
      if (task && task.getValue() == taskName(Task::Seq2Seq) &&
          failed(derive(model)))
        return signalPassFailure();
    }
  }

  LogicalResult derive(ModelOp model);
  void buildEncode(func::FuncOp forward, const DecoderSplit &split);
  LogicalResult buildDecodeStep(func::FuncOp forward,
                                const DecoderSplit &split);
};

LogicalResult DeriveDecoderStepPass::derive(ModelOp model) {
  auto forward = llvm::dyn_cast_or_null<func::FuncOp>(
      SymbolTable::lookupSymbolIn(model, "forward"));
  if (!forward)
    return model.emitOpError() << "has no func.func @forward to derive "
                                  "the decoder step from";
  Operation *encode = SymbolTable::lookupSymbolIn(model, "encode");
  Operation *step = SymbolTable::lookupSymbolIn(model, "decode_step");
  // Derived by this pass before, in a module dumped and compiled on.
  if (encode && step && step->hasAttr("rnn.step"))
    return success();
  if (encode || step)
    return model.emitOpError()
           << "already has an @encode or a @decode_step";
  SplitFinder finder(forward);
  FailureOr<DecoderSplit> split = finder.find();
  if (failed(split)) {
    // Translation still works, through the whole forward per token.
    model.emitWarning() << "no decoder step: " << finder.reason()
                        << "; translation runs the whole forward per token";
    return success();
  }
  // Each is inserted right after the forward: @encode comes first.
  if (failed(buildDecodeStep(forward, *split)))
    return failure();
  buildEncode(forward, *split);
  return success();
}

/// @encode: the forward returning what the decoder starts from (its
/// states' initial values) and reads (the contexts).
void DeriveDecoderStepPass::buildEncode(func::FuncOp forward,
                                        const DecoderSplit &split) {
  IRMapping map;
  func::FuncOp encode = cloneAfter(forward, "encode", "rnn.encode", map);
  Builder b(forward.getContext());
  llvm::SmallVector<Value> results;
  llvm::SmallVector<DictionaryAttr> attrs;
  for (const DecoderState &state : split.states) {
    results.push_back(map.lookup(state.op->getOperand(state.initOperand)));
    attrs.push_back(roleAttrs(b.getContext(), state.dims, "rnn.state_out",
                              state.name));
  }
  for (const Context &context : split.contexts) {
    results.push_back(map.lookup(context.value));
    attrs.push_back(roleAttrs(b.getContext(), context.dims, "rnn.context",
                              context.name));
  }
  rnnc::returnOnly(encode, results, attrs);
  eraseUnusedArguments(encode);
}

/// @decode_step: the decoder for one time step, from its states and the
/// contexts.
LogicalResult
DeriveDecoderStepPass::buildDecodeStep(func::FuncOp forward,
                                       const DecoderSplit &split) {
  IRMapping map;
  func::FuncOp step = cloneAfter(forward, "decode_step", "rnn.step", map);
  Builder b(forward.getContext());
  Block &body = step.getBody().front();
  llvm::SmallPtrSet<Operation *, 32> decoder;
  for (Operation *op : split.decoder)
    decoder.insert(map.lookup(op));

  llvm::SmallVector<Value> results;
  llvm::SmallVector<DictionaryAttr> attrs;
  for (unsigned i = 0; i < forward.getNumResults(); ++i)
    if (forward.getResultAttr(i, "rnn.output")) {
      results.push_back(
          map.lookup(forward.getBody().front().getTerminator()->getOperand(i)));
      attrs.push_back(forward.getResultAttrDict(i));
    }
  Location loc = step.getLoc();
  for (const DecoderState &state : split.states) {
    unsigned index = step.getNumArguments();
    step.insertArgument(index, state.final.getType(),
                        roleAttrs(b.getContext(), state.dims, "rnn.state_in",
                                  state.name),
                        loc);
    map.lookup(state.op)->setOperand(state.initOperand,
                                     step.getArgument(index));
    results.push_back(map.lookup(state.final));
    attrs.push_back(roleAttrs(b.getContext(), state.dims, "rnn.state_out",
                              state.name));
  }
  for (const Context &context : split.contexts) {
    unsigned index = step.getNumArguments();
    step.insertArgument(index, context.value.getType(),
                        roleAttrs(b.getContext(), context.dims,
                                  "rnn.context", context.name),
                        loc);
    map.lookup(context.value)
        .replaceUsesWithIf(step.getArgument(index), [&](OpOperand &use) {
          return decoder.contains(
              body.findAncestorOpInBlock(*use.getOwner()));
        });
  }
  rnnc::returnOnly(step, results, attrs);
  // What DCE left of the encoder (ops with effects) goes too.
  for (Operation &op :
       llvm::make_early_inc_range(llvm::reverse(body.without_terminator()))) {
    if (decoder.contains(&op))
      continue;
    if (!op.use_empty())
      return op.emitOpError() << "of the encoder feeds the decoder step";
    op.erase();
  }
  eraseUnusedArguments(step);
  return rnnc::fixToOne(step, rnnc::kTimeDim);
}

} // namespace
