//===- SemaBuiltins.cpp - the rules of the builtin functions --------------===//
//
// checkBuiltin checks what Builtins.def says of every builtin (arity,
// options, the first argument) and dispatches to the builtin's rule, which
// checks the rest and records what MLIRGen needs in the CallInfo. The
// recurrent layers' rule (checkLayer) is in SemaRecurrence.cpp.
//
//===----------------------------------------------------------------------===//

#include "SemaInternals.h"

#include <cmath>

using namespace rnnc;
using namespace rnnc::sema;

std::optional<Value> Sema::checkBuiltinArg(const ast::CallExpr &call,
                                           size_t index, Scope &scope,
                                           BuiltinArg kind,
                                           llvm::StringRef noun) {
  const ast::Expr &expr = *call.getArgs()[index];
  std::string what = (noun + " of '" + call.getCallee() + "'").str();
  if (kind == BuiltinArg::Recurrence) {
    std::optional<Value> r = check(expr, scope);
    if (r && r->kind != Value::Kind::Recurrence) {
      error(expr.getLoc()) << what
                           << " must be a recurrence (a layer or cell "
                              "application), found "
                           << r->describe();
      return std::nullopt;
    }
    return r;
  }
  if (kind == BuiltinArg::FloatOrNumber) {
    std::optional<Value> r = check(expr, scope);
    if (!r || r->kind == Value::Kind::Number)
      return r;
    kind = BuiltinArg::FloatTensor;
  }
  std::optional<Value> v = checkTensor(expr, scope, what);
  if (!v)
    return std::nullopt;
  if (kind == BuiltinArg::FloatTensor && !isFloat(v->type.element)) {
    error(expr.getLoc()) << what << " must be a float tensor, found "
                         << v->type.str();
    return std::nullopt;
  }
  if (kind == BuiltinArg::IntegerIds && isFloat(v->type.element)) {
    error(expr.getLoc()) << what << " must be integer class ids, found "
                         << v->type.str();
    return std::nullopt;
  }
  return v;
}

std::optional<Value> Sema::checkBuiltin(const ast::CallExpr &call,
                                        Scope &scope,
                                        const std::string *bindName,
                                        CallInfo &info) {
  const BuiltinSpec *spec = lookupBuiltin(call.getCallee());
  if (!spec) {
    error(call.getLoc()) << "unknown function '" << call.getCallee() << "'";
    return std::nullopt;
  }
  if (!checkArity(call, spec->minArgs, spec->maxArgs, spec->options))
    return std::nullopt;
  std::optional<Value> first =
      checkBuiltinArg(call, 0, scope, spec->firstArg, spec->firstArgNoun);
  if (!first)
    return std::nullopt;
  info.builtin = spec->builtin;
  BuiltinCall c{call, *spec, scope, bindName, info, std::move(*first)};
  switch (spec->builtin) {
#define BUILTIN(Enumerator, Spelling, MinArgs, MaxArgs, FirstArg, Noun, Rule,  \
                Options)                                                       \
  case Builtin::Enumerator:                                                    \
    return check##Rule(c);
#include "rnnc/Frontend/Builtins.def"
  case Builtin::Cell:
    break;
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Rules
//===----------------------------------------------------------------------===//

std::optional<Value> Sema::checkElementwise(BuiltinCall &c) {
  return Value::tensor(c.first.type);
}

/// max(a, b) and min(a, b): elementwise, broadcasting as '+' does; a
/// number may stand for either operand, not both.
std::optional<Value> Sema::checkExtremum(BuiltinCall &c) {
  std::optional<Value> second =
      checkBuiltinArg(c.call, 1, c.scope, BuiltinArg::FloatOrNumber,
                      "the second operand");
  if (!second)
    return std::nullopt;
  if (c.first.kind == Value::Kind::Number &&
      second->kind == Value::Kind::Number) {
    error(c.call.getLoc()) << "'" << c.spec.name
                           << "' compares tensors elementwise, found two "
                              "numbers";
    return std::nullopt;
  }
  return broadcastOperands(c.call.getLoc(), c.first, *second,
                           ("'" + c.spec.name + "'").str());
}

/// pow(x, p): p a constant number.
std::optional<Value> Sema::checkPower(BuiltinCall &c) {
  std::optional<Value> exponent =
      evalNumber(c.arg(1), c.scope, "the exponent of 'pow'");
  if (!exponent)
    return std::nullopt;
  c.info.constants = {exponent->number};
  return Value::tensor(c.first.type);
}

/// clamp(x, lo, hi): constant numbers, lo <= hi.
std::optional<Value> Sema::checkClamp(BuiltinCall &c) {
  std::optional<Value> lo = evalNumber(c.arg(1), c.scope, "the lower bound");
  std::optional<Value> hi =
      lo ? evalNumber(c.arg(2), c.scope, "the upper bound") : std::nullopt;
  if (!hi)
    return std::nullopt;
  if (!(lo->number <= hi->number)) {
    error(c.call.getLoc()) << "clamp needs lo <= hi, found "
                           << formatNumber(lo->number) << " and "
                           << formatNumber(hi->number);
    return std::nullopt;
  }
  c.info.constants = {lo->number, hi->number};
  return Value::tensor(c.first.type);
}

std::optional<Value> Sema::checkSoftmax(BuiltinCall &c) {
  std::optional<int64_t> axis = normaliseAxis(c.call, c.scope, c.first.type, -1);
  if (!axis)
    return std::nullopt;
  c.info.axis = *axis;
  return Value::tensor(c.first.type);
}

std::optional<Value> Sema::checkConcat(BuiltinCall &c) {
  std::vector<TensorType> types{c.first.type};
  for (size_t i = 1; i < c.argCount(); ++i) {
    std::optional<Value> x = checkBuiltinArg(
        c.call, i, c.scope, BuiltinArg::FloatTensor, "a concat input");
    if (!x)
      return std::nullopt;
    types.push_back(x->type);
  }
  std::optional<int64_t> axis = normaliseAxis(c.call, c.scope, types[0], -1);
  if (!axis)
    return std::nullopt;
  TensorType result = types[0];
  for (size_t i = 1; i < types.size(); ++i) {
    bool ok = types[i].rank() == result.rank() &&
              types[i].element == result.element;
    for (size_t d = 0; ok && d < result.rank(); ++d)
      ok = d == static_cast<size_t>(*axis) || types[i].dims[d] ==
                                                  types[0].dims[d];
    if (!ok) {
      error(c.arg(i).getLoc())
          << "cannot concat " << types[0].str() << " and " << types[i].str()
          << " along axis " << *axis
          << ": the other dimensions must be equal";
      return std::nullopt;
    }
    result.dims[*axis] = result.dims[*axis] + types[i].dims[*axis];
  }
  c.info.axis = *axis;
  return Value::tensor(result);
}

/// chunk(x, n) and split(x, s1, s2, ...): a tuple of pieces.
std::optional<Value> Sema::checkPieces(BuiltinCall &c) {
  bool isChunk = c.spec.builtin == Builtin::Chunk;
  llvm::StringRef name = c.spec.name;
  const TensorType &type = c.first.type;
  std::optional<int64_t> axis = normaliseAxis(c.call, c.scope, type, -1);
  if (!axis)
    return std::nullopt;
  const Dim &dim = type.dims[*axis];
  if (!dim.isStatic()) {
    error(c.call.getLoc()) << "cannot " << name << " the dimension "
                           << dim.str() << ": it is only known at train time";
    return std::nullopt;
  }
  std::vector<int64_t> sizes;
  if (isChunk) {
    std::optional<int64_t> n =
        evalInt(c.arg(1), c.scope, "the chunk count", 1, kMaxPieces);
    if (!n)
      return std::nullopt;
    if (dim.getConstant() % *n != 0) {
      error(c.call.getLoc()) << "cannot chunk dimension " << dim.str()
                             << " into " << *n << " equal parts";
      return std::nullopt;
    }
    sizes.assign(*n, dim.getConstant() / *n);
  } else {
    if (c.argCount() - 1 > static_cast<size_t>(kMaxPieces)) {
      error(c.call.getLoc()) << "split makes at most " << kMaxPieces
                             << " pieces, found " << c.argCount() - 1;
      return std::nullopt;
    }
    int64_t total = 0;
    for (size_t i = 1; i < c.argCount(); ++i) {
      std::optional<int64_t> size =
          evalInt(c.arg(i), c.scope, "a split size", 1);
      if (!size)
        return std::nullopt;
      sizes.push_back(*size);
      total += *size;
    }
    if (total != dim.getConstant()) {
      error(c.call.getLoc()) << "split sizes add up to " << total
                             << " but the dimension is " << dim.str();
      return std::nullopt;
    }
  }
  Value tuple;
  tuple.kind = Value::Kind::Tuple;
  for (int64_t size : sizes) {
    TensorType piece = type;
    piece.dims[*axis] = Dim::constant(size);
    tuple.elements.push_back(Value::tensor(piece));
  }
  c.info.axis = *axis;
  c.info.sizes = sizes;
  return tuple;
}

std::optional<Value> Sema::checkOneHot(BuiltinCall &c) {
  std::optional<Dim> depth = evalDim(c.arg(1), c.scope);
  if (!depth)
    return std::nullopt;
  c.info.dim = *depth;
  TensorType result{ElementType::F32, c.first.type.dims};
  result.dims.push_back(*depth);
  return Value::tensor(result);
}

std::optional<Value> Sema::checkEmbedding(BuiltinCall &c) {
  std::optional<Dim> vocab = evalDim(c.arg(1), c.scope);
  std::optional<Dim> dim = vocab ? evalDim(c.arg(2), c.scope) : std::nullopt;
  std::optional<std::string> prefix =
      dim ? paramPrefix(c.call, c.scope, c.bindName) : std::nullopt;
  if (!prefix)
    return std::nullopt;
  // PyTorch's nn.Embedding initialises from N(0, 1).
  c.info.params.push_back(addParam(*prefix + "weight",
                                   {ElementType::F32, {*vocab, *dim}},
                                   mlir::rnn::InitKind::normal, {0.0, 1.0},
                                   c.call.getLoc()));
  TensorType result{ElementType::F32, c.first.type.dims};
  result.dims.push_back(*dim);
  return Value::tensor(result);
}

/// Reports a scalar where `c`'s builtin needs at least a vector.
static bool requireRank1(Sema &sema, BuiltinCall &c) {
  if (c.first.type.rank() >= 1)
    return true;
  sema.error(c.arg(0).getLoc()) << c.spec.name
                                << " needs an input of rank >= 1";
  return false;
}

std::optional<Value> Sema::checkLinear(BuiltinCall &c) {
  const TensorType &type = c.first.type;
  if (!requireRank1(*this, c))
    return std::nullopt;
  std::optional<Dim> outDim = evalDim(c.arg(1), c.scope);
  if (!outDim)
    return std::nullopt;
  std::optional<std::string> bias =
      keywordArg(c.call, "bias", {"true", "false"}, "true");
  if (!bias)
    return std::nullopt;
  const Dim &in = type.dims.back();
  if (!in.isStatic()) {
    error(c.call.getLoc()) << "linear's default initialiser needs a static "
                              "input size, found "
                           << in.str()
                           << "; declare the weight with 'param' instead";
    return std::nullopt;
  }
  std::optional<std::string> prefix =
      paramPrefix(c.call, c.scope, c.bindName);
  if (!prefix)
    return std::nullopt;
  // PyTorch's nn.Linear: U(-k, k) with k = 1/sqrt(in_features).
  double k = 1.0 / std::sqrt(static_cast<double>(in.getConstant()));
  c.info.params.push_back(addParam(*prefix + "weight",
                                   {type.element, {*outDim, in}},
                                   mlir::rnn::InitKind::uniform, {-k, k},
                                   c.call.getLoc()));
  if (*bias == "true")
    c.info.params.push_back(addParam(*prefix + "bias",
                                     {type.element, {*outDim}},
                                     mlir::rnn::InitKind::uniform, {-k, k},
                                     c.call.getLoc()));
  TensorType result = type;
  result.dims.back() = *outDim;
  return Value::tensor(result);
}

std::optional<Value> Sema::checkLayerNorm(BuiltinCall &c) {
  const TensorType &type = c.first.type;
  if (!requireRank1(*this, c))
    return std::nullopt;
  if (const ast::Expr *eps = namedArg(c.call, "eps")) {
    std::optional<Value> v = evalNumber(*eps, c.scope, "eps");
    if (!v)
      return std::nullopt;
    if (!(v->number > 0)) {
      error(eps->getLoc()) << "eps must be positive, found "
                           << formatNumber(v->number);
      return std::nullopt;
    }
    c.info.epsilon = v->number;
  }
  std::optional<std::string> prefix =
      paramPrefix(c.call, c.scope, c.bindName);
  if (!prefix)
    return std::nullopt;
  TensorType vec{type.element, {type.dims.back()}};
  c.info.params.push_back(addParam(*prefix + "weight", vec,
                                   mlir::rnn::InitKind::ones, {},
                                   c.call.getLoc()));
  c.info.params.push_back(addParam(*prefix + "bias", vec,
                                   mlir::rnn::InitKind::zeros, {},
                                   c.call.getLoc()));
  return Value::tensor(type);
}

std::optional<Value> Sema::checkDropout(BuiltinCall &c) {
  std::optional<Value> p = evalNumber(c.arg(1), c.scope, "a dropout rate");
  if (!p)
    return std::nullopt;
  if (p->number < 0 || p->number >= 1) {
    error(c.arg(1).getLoc()) << "a dropout rate must be in [0, 1), found "
                             << formatNumber(p->number);
    return std::nullopt;
  }
  c.info.rate = p->number;
  c.info.seed = nextDropoutSeed++;
  // The batch's rows, where the type says: their masks follow the rows
  // when ranks share a batch (DropoutOp's batch_dim).
  const std::vector<Dim> &dims = c.first.type.dims;
  auto batch = std::find(dims.begin(), dims.end(), Dim::symbol("B"));
  c.info.axis = batch == dims.end() ? -1 : batch - dims.begin();
  return Value::tensor(c.first.type);
}

std::optional<Value> Sema::checkReverse(BuiltinCall &c) {
  if (c.first.type.rank() < 1) {
    error(c.arg(0).getLoc()) << "reverse needs a sequence, found a scalar";
    return std::nullopt;
  }
  return Value::tensor(c.first.type);
}

std::optional<Value> Sema::checkLast(BuiltinCall &c) {
  TensorType state = c.first.states.front().second;
  if (state.rank() == 3) { // a layer's h_n [L*D, B, H]: the top layer
    c.info.selectIndex = state.dims.front().getConstant() - 1;
    state = state.dropFront();
  }
  return Value::tensor(state);
}

std::optional<Value> Sema::checkRepeat(BuiltinCall &c) {
  std::optional<Dim> count = evalDim(c.arg(1), c.scope);
  if (!count)
    return std::nullopt;
  c.info.dim = *count;
  return Value::tensor(c.first.type.prepend(*count));
}

std::optional<Value> Sema::checkCrossEntropy(BuiltinCall &c) {
  const TensorType &logits = c.first.type;
  std::optional<Value> targets = checkBuiltinArg(
      c.call, 1, c.scope, BuiltinArg::IntegerIds, "the targets");
  if (!targets)
    return std::nullopt;
  if (logits.rank() < 1 || logits.rank() != targets->type.rank() + 1 ||
      !std::equal(targets->type.dims.begin(), targets->type.dims.end(),
                  logits.dims.begin())) {
    error(c.call.getLoc()) << "cross_entropy of logits " << logits.str()
                           << " needs targets shaped like the logits without "
                              "the class dimension, found "
                           << targets->type.str();
    return std::nullopt;
  }
  if (const ast::Expr *valid = namedArg(c.call, "valid")) {
    std::optional<Value> lengths =
        checkTensor(*valid, c.scope, "the valid lengths");
    if (!lengths)
      return std::nullopt;
    if (logits.rank() != 3 || lengths->type.rank() != 1 ||
        isFloat(lengths->type.element) ||
        lengths->type.dims[0] != logits.dims[1]) {
      error(valid->getLoc())
          << "valid lengths need time-major logits [T, B, C] and integer "
             "lengths [B], found logits "
          << logits.str() << " and lengths " << lengths->type.str();
      return std::nullopt;
    }
    c.info.validLengths = valid;
  }
  std::optional<std::string> reduction =
      keywordArg(c.call, "reduction", {"mean", "sum"}, "mean");
  if (!reduction)
    return std::nullopt;
  c.info.reduceSum = *reduction == "sum";
  return Value::tensor({logits.element, {}});
}

std::optional<Value> Sema::checkMse(BuiltinCall &c) {
  std::optional<Value> target = checkBuiltinArg(
      c.call, 1, c.scope, BuiltinArg::Tensor, "the target");
  if (!target)
    return std::nullopt;
  if (c.first.type != target->type) {
    error(c.call.getLoc()) << "mse needs the prediction and target to have "
                              "the same type, found "
                           << c.first.type.str() << " and "
                           << target->type.str();
    return std::nullopt;
  }
  return Value::tensor({c.first.type.element, {}});
}

/// sum(x) and mean(x) over every dimension.
std::optional<Value> Sema::checkReduction(BuiltinCall &c) {
  return Value::tensor({c.first.type.element, {}});
}
