//===- SemaExpr.cpp - types of expressions and stateless builtins ----------===//
//
// Every expression gets a Value (a tensor type with symbolic dimensions, a
// compile-time number, a tuple, or a recurrence with final states). The
// stateless builtins (tanh, concat, chunk, one_hot, linear, layer_norm,
// cross_entropy, ...) are checked here; cells and rnn/gru/lstm in
// SemaRecurrence.cpp.
//
//===----------------------------------------------------------------------===//

#include "SemaInternals.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Casting.h"

#include <cmath>

using namespace rnnc;
using namespace rnnc::sema;
using llvm::dyn_cast;

std::optional<Value> Sema::check(const ast::Expr &expr, Scope &scope,
                                 const std::string *bindName) {
  std::optional<Value> result;
  switch (expr.getKind()) {
  case ast::Expr::Kind::Number: {
    auto &n = llvm::cast<ast::NumberExpr>(expr);
    if (!checkMagnitude(expr, n.getValue(), n.isInteger()))
      return std::nullopt;
    result = Value::numberValue(n.getValue(), n.isInteger());
    break;
  }
  case ast::Expr::Kind::String: {
    Value v;
    v.kind = Value::Kind::String;
    v.text = llvm::cast<ast::StringExpr>(expr).getValue().str();
    result = v;
    break;
  }
  case ast::Expr::Kind::Name: {
    auto &n = llvm::cast<ast::NameExpr>(expr);
    Binding *binding = lookup(n.getName(), scope, expr.getLoc());
    if (!binding)
      return std::nullopt;
    if (binding->kind == Binding::Kind::Param && !binding->param)
      return std::nullopt; // its declaration was reported already
    out.names[&expr] = binding;
    result = binding->value;
    break;
  }
  case ast::Expr::Kind::Unary: {
    auto &u = llvm::cast<ast::UnaryExpr>(expr);
    std::optional<Value> operand = check(u.getOperand(), scope);
    if (!operand)
      return std::nullopt;
    if (operand->kind == Value::Kind::Number) {
      operand->number = -operand->number;
      result = operand;
    } else if (operand->isTensorLike() && isFloat(operand->type.element)) {
      result = Value::tensor(operand->type);
    } else {
      error(expr.getLoc()) << "cannot negate " << operand->describe();
      return std::nullopt;
    }
    break;
  }
  case ast::Expr::Kind::Binary:
    result = checkBinary(llvm::cast<ast::BinaryExpr>(expr), scope);
    break;
  case ast::Expr::Kind::Call:
    result = checkCall(llvm::cast<ast::CallExpr>(expr), scope, bindName);
    break;
  case ast::Expr::Kind::Member:
    result = checkMember(llvm::cast<ast::MemberExpr>(expr), scope);
    break;
  case ast::Expr::Kind::Index:
    result = checkIndex(llvm::cast<ast::IndexExpr>(expr), scope);
    break;
  case ast::Expr::Kind::Tuple: {
    Value v;
    v.kind = Value::Kind::Tuple;
    for (const ast::ExprPtr &element :
         llvm::cast<ast::TupleExpr>(expr).getElements()) {
      std::optional<Value> e = check(*element, scope);
      if (!e)
        return std::nullopt;
      v.elements.push_back(*e);
    }
    result = v;
    break;
  }
  }
  if (result)
    out.values[&expr] = *result;
  return result;
}

std::optional<Value> Sema::checkTensor(const ast::Expr &expr, Scope &scope,
                                       llvm::StringRef what) {
  std::optional<Value> v = check(expr, scope);
  if (!v)
    return std::nullopt;
  if (!v->isTensorLike()) {
    error(expr.getLoc()) << "expected a tensor for " << what << ", found "
                         << v->describe();
    return std::nullopt;
  }
  return Value::tensor(v->type);
}

std::optional<Value> Sema::checkBinary(const ast::BinaryExpr &expr,
                                       Scope &scope) {
  std::optional<Value> lhs = check(expr.getLhs(), scope);
  std::optional<Value> rhs = lhs ? check(expr.getRhs(), scope) : std::nullopt;
  if (!rhs)
    return std::nullopt;
  char op = expr.getOp();
  bool lhsNumber = lhs->kind == Value::Kind::Number;
  bool rhsNumber = rhs->kind == Value::Kind::Number;
  for (const Value *v : {&*lhs, &*rhs}) {
    if (v->kind != Value::Kind::Number && !v->isTensorLike()) {
      error(expr.getLoc()) << "operator '" << op << "' cannot take "
                           << v->describe();
      return std::nullopt;
    }
  }
  if (lhsNumber && rhsNumber) {
    if (op == '@') {
      error(expr.getLoc()) << "'@' multiplies matrices, found two numbers";
      return std::nullopt;
    }
    return evalNumber(expr, scope, "an arithmetic expression");
  }

  if (op == '@') {
    if (lhsNumber || rhsNumber) {
      error(expr.getLoc()) << "'@' multiplies tensors; use '*' to scale by "
                              "a number";
      return std::nullopt;
    }
    const TensorType &a = lhs->type, &b = rhs->type;
    if (a.element != b.element || !isFloat(a.element)) {
      error(expr.getLoc()) << "cannot multiply " << a.str() << " @ "
                           << b.str() << ": both must have the same float "
                                         "element type";
      return std::nullopt;
    }
    if (a.rank() < 1 || b.rank() != 2) {
      error(expr.getLoc()) << "cannot multiply " << a.str() << " @ "
                           << b.str()
                           << ": expected [..., K] @ [K, N] with a 2-d "
                              "right-hand side";
      return std::nullopt;
    }
    if (a.dims.back() != b.dims.front()) {
      error(expr.getLoc()) << "cannot multiply " << a.str() << " @ "
                           << b.str() << ": the inner dimensions "
                           << a.dims.back().str() << " and "
                           << b.dims.front().str() << " differ";
      return std::nullopt;
    }
    TensorType result = a;
    result.dims.back() = b.dims.back();
    return Value::tensor(result);
  }

  // Elementwise with broadcasting; a number acts as a scalar tensor.
  const TensorType &reference = lhsNumber ? rhs->type : lhs->type;
  TensorType a = lhsNumber ? TensorType{reference.element, {}} : lhs->type;
  TensorType b = rhsNumber ? TensorType{reference.element, {}} : rhs->type;
  if (a.element != b.element) {
    error(expr.getLoc()) << "operands of '" << op
                         << "' have different element types: " << a.str()
                         << " and " << b.str();
    return std::nullopt;
  }
  if (!isFloat(a.element)) {
    error(expr.getLoc()) << "arithmetic needs float tensors, found "
                         << a.str();
    return std::nullopt;
  }
  std::optional<std::vector<Dim>> dims = broadcast(a.dims, b.dims);
  if (!dims) {
    error(expr.getLoc()) << "cannot broadcast " << a.str() << " and "
                         << b.str() << " in '" << op << "'";
    return std::nullopt;
  }
  return Value::tensor(TensorType{a.element, *dims});
}

std::optional<Value> Sema::checkMember(const ast::MemberExpr &expr,
                                       Scope &scope) {
  std::optional<Value> base = check(expr.getBase(), scope);
  if (!base)
    return std::nullopt;
  if (base->kind != Value::Kind::Recurrence) {
    error(expr.getLoc()) << "'." << expr.getMember()
                         << "' reads a final state of a recurrence (a layer "
                            "or cell application), found "
                         << base->describe();
    return std::nullopt;
  }
  for (const auto &[name, type] : base->states)
    if (name == expr.getMember())
      return Value::tensor(type);
  auto diag = error(expr.getLoc()) << "the recurrence has no state '"
                                   << expr.getMember() << "'; its states are ";
  for (size_t i = 0; i < base->states.size(); ++i)
    diag << (i ? ", " : "") << base->states[i].first;
  return std::nullopt;
}

std::optional<Value> Sema::checkIndex(const ast::IndexExpr &expr,
                                      Scope &scope) {
  std::optional<Value> base = checkTensor(expr.getBase(), scope, "indexing");
  if (!base)
    return std::nullopt;
  std::optional<Value> index =
      evalNumber(expr.getIndex(), scope, "an index");
  if (!index)
    return std::nullopt;
  if (!index->isInteger) {
    error(expr.getIndex().getLoc()) << "an index must be an integer, found "
                                    << formatNumber(index->number);
    return std::nullopt;
  }
  if (base->type.rank() == 0) {
    error(expr.getLoc()) << "cannot index a scalar";
    return std::nullopt;
  }
  const Dim &leading = base->type.dims.front();
  int64_t i = static_cast<int64_t>(index->number);
  if (!leading.isStatic()) {
    if (i < 0) {
      error(expr.getLoc()) << "a negative index needs a static leading "
                              "dimension, found "
                           << leading.str();
      return std::nullopt;
    }
  } else {
    int64_t size = leading.getConstant();
    if (i < -size || i >= size) {
      error(expr.getLoc()) << "index " << i
                           << " is out of range for a leading dimension of "
                              "size "
                           << size;
      return std::nullopt;
    }
    if (i < 0)
      i += size;
  }
  // MLIRGen reads the normalised index from here.
  out.values[&expr.getIndex()] = Value::numberValue(i, true);
  return Value::tensor(base->type.dropFront());
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

const ast::Expr *Sema::namedArg(const ast::CallExpr &call,
                                llvm::StringRef name) {
  for (const ast::NamedArg &arg : call.getNamedArgs())
    if (arg.name == name)
      return arg.value.get();
  return nullptr;
}

std::optional<std::string>
Sema::keywordArg(const ast::CallExpr &call, llvm::StringRef option,
                 llvm::ArrayRef<const char *> choices,
                 llvm::StringRef fallback) {
  const ast::Expr *e = namedArg(call, option);
  if (!e)
    return fallback.str();
  if (auto *n = dyn_cast<ast::NameExpr>(e))
    if (llvm::is_contained(choices, n->getName()))
      return n->getName().str();
  auto diag = error(e->getLoc()) << "option '" << option << "' takes ";
  for (size_t i = 0; i < choices.size(); ++i)
    diag << (i ? (i + 1 == choices.size() ? " or " : ", ") : "")
         << choices[i];
  return std::nullopt;
}

bool Sema::checkArity(const ast::CallExpr &call, size_t minArgs,
                      size_t maxArgs, llvm::ArrayRef<const char *> allowed) {
  size_t count = call.getArgs().size();
  if (count < minArgs || count > maxArgs) {
    auto diag = error(call.getLoc()) << "'" << call.getCallee() << "' takes ";
    if (minArgs == maxArgs)
      diag << minArgs;
    else if (maxArgs == SIZE_MAX)
      diag << "at least " << minArgs;
    else
      diag << minArgs << " to " << maxArgs;
    diag << " argument(s), found " << count;
    return false;
  }
  std::set<std::string> seen;
  for (const ast::NamedArg &arg : call.getNamedArgs()) {
    if (!llvm::is_contained(allowed, arg.name)) {
      auto diag = error(arg.loc) << "'" << call.getCallee()
                                 << "' has no option '" << arg.name << "'";
      if (allowed.empty())
        diag << "; it takes no options";
      else {
        diag << "; expected ";
        for (size_t i = 0; i < allowed.size(); ++i)
          diag << (i ? ", " : "") << allowed[i];
      }
      return false;
    }
    if (!seen.insert(arg.name).second) {
      error(arg.loc) << "option '" << arg.name << "' is given twice";
      return false;
    }
  }
  return true;
}

std::optional<std::string> Sema::paramPrefix(const ast::CallExpr &call,
                                             Scope &scope,
                                             const std::string *bindName) {
  if (!bindName) {
    error(call.getLoc()) << "'" << call.getCallee()
                         << "' creates parameters, so it must be the whole "
                            "right-hand side of 'let NAME = "
                         << call.getCallee()
                         << "(...)', which names them NAME.weight, ...";
    return std::nullopt;
  }
  std::string prefix = scope.cell ? scope.cell->name + "." : "";
  return prefix + *bindName + ".";
}

std::optional<int64_t> Sema::normaliseAxis(const ast::CallExpr &call,
                                           Scope &scope,
                                           const TensorType &type,
                                           int64_t defaultAxis) {
  int64_t axis = defaultAxis;
  if (const ast::Expr *axisExpr = namedArg(call, "axis")) {
    std::optional<Value> v = evalNumber(*axisExpr, scope, "an axis");
    if (!v)
      return std::nullopt;
    if (!v->isInteger) {
      error(axisExpr->getLoc()) << "an axis must be an integer, found "
                                << formatNumber(v->number);
      return std::nullopt;
    }
    axis = static_cast<int64_t>(v->number);
  }
  int64_t rank = static_cast<int64_t>(type.rank());
  if (axis < -rank || axis >= rank) {
    error(call.getLoc()) << "axis " << axis << " is out of range for "
                         << type.str();
    return std::nullopt;
  }
  return axis < 0 ? axis + rank : axis;
}

std::optional<Value> Sema::checkCall(const ast::CallExpr &call, Scope &scope,
                                     const std::string *bindName) {
  CallInfo info;
  std::optional<Value> result;
  auto cell = cellsByName.find(call.getCallee().str());
  if (cell != cellsByName.end())
    result = applyCell(call, scope, *cell->second, info, bindName);
  else
    result = checkBuiltin(call, scope, bindName, info);
  if (result)
    out.calls[&call] = std::move(info);
  return result;
}

/// Result of a float-tensor argument check, reporting non-float tensors.
static bool requireFloat(Sema &sema, const ast::Expr &e, const Value &v,
                         llvm::StringRef what) {
  if (isFloat(v.type.element))
    return true;
  sema.error(e.getLoc()) << what << " must be a float tensor, found "
                         << v.type.str();
  return false;
}

std::optional<Value> Sema::checkBuiltin(const ast::CallExpr &call,
                                        Scope &scope,
                                        const std::string *bindName,
                                        CallInfo &info) {
  llvm::StringRef name = call.getCallee();
  const auto &args = call.getArgs();
  auto tensorArg = [&](size_t i, llvm::StringRef what) {
    return checkTensor(*args[i], scope, what);
  };

  // Elementwise unary functions.
  if (llvm::is_contained({"tanh", "sigmoid", "relu", "exp", "log", "sqrt"},
                         name)) {
    if (!checkArity(call, 1, 1, {}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, "the argument of '" + name.str() +
                                              "'");
    if (!x || !requireFloat(*this, *args[0], *x, "the argument"))
      return std::nullopt;
    info.builtin = Builtin::Unary;
    info.unaryOp = name.str();
    return Value::tensor(x->type);
  }

  if (name == "softmax") {
    if (!checkArity(call, 1, 1, {"axis"}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, "softmax");
    if (!x || !requireFloat(*this, *args[0], *x, "the argument"))
      return std::nullopt;
    std::optional<int64_t> axis = normaliseAxis(call, scope, x->type, -1);
    if (!axis)
      return std::nullopt;
    info.builtin = Builtin::Softmax;
    info.axis = *axis;
    return Value::tensor(x->type);
  }

  if (name == "concat") {
    if (!checkArity(call, 2, SIZE_MAX, {"axis"}))
      return std::nullopt;
    std::vector<TensorType> types;
    for (size_t i = 0; i < args.size(); ++i) {
      std::optional<Value> x = tensorArg(i, "concat");
      if (!x || !requireFloat(*this, *args[i], *x, "a concat input"))
        return std::nullopt;
      types.push_back(x->type);
    }
    std::optional<int64_t> axis = normaliseAxis(call, scope, types[0], -1);
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
        error(args[i]->getLoc())
            << "cannot concat " << types[0].str() << " and " << types[i].str()
            << " along axis " << *axis
            << ": the other dimensions must be equal";
        return std::nullopt;
      }
      result.dims[*axis] = result.dims[*axis] + types[i].dims[*axis];
    }
    info.builtin = Builtin::Concat;
    info.axis = *axis;
    return Value::tensor(result);
  }

  if (name == "chunk" || name == "split") {
    bool isChunk = name == "chunk";
    if (!checkArity(call, 2, isChunk ? 2 : SIZE_MAX, {"axis"}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, name);
    if (!x || !requireFloat(*this, *args[0], *x, "the argument"))
      return std::nullopt;
    std::optional<int64_t> axis = normaliseAxis(call, scope, x->type, -1);
    if (!axis)
      return std::nullopt;
    const Dim &dim = x->type.dims[*axis];
    if (!dim.isStatic()) {
      error(call.getLoc()) << "cannot " << name << " the dimension "
                           << dim.str()
                           << ": it is only known at train time";
      return std::nullopt;
    }
    std::vector<int64_t> sizes;
    if (isChunk) {
      std::optional<int64_t> n = evalInt(*args[1], scope, "the chunk count", 1, kMaxPieces);
      if (!n)
        return std::nullopt;
      if (dim.getConstant() % *n != 0) {
        error(call.getLoc()) << "cannot chunk dimension " << dim.str()
                             << " into " << *n << " equal parts";
        return std::nullopt;
      }
      sizes.assign(*n, dim.getConstant() / *n);
    } else {
      if (args.size() - 1 > static_cast<size_t>(kMaxPieces)) {
        error(call.getLoc()) << "split makes at most " << kMaxPieces
                             << " pieces, found " << args.size() - 1;
        return std::nullopt;
      }
      int64_t total = 0;
      for (size_t i = 1; i < args.size(); ++i) {
        std::optional<int64_t> size =
            evalInt(*args[i], scope, "a split size", 1);
        if (!size)
          return std::nullopt;
        sizes.push_back(*size);
        total += *size;
      }
      if (total != dim.getConstant()) {
        error(call.getLoc()) << "split sizes add up to " << total
                             << " but the dimension is " << dim.str();
        return std::nullopt;
      }
    }
    Value tuple;
    tuple.kind = Value::Kind::Tuple;
    for (int64_t size : sizes) {
      TensorType piece = x->type;
      piece.dims[*axis] = Dim::constant(size);
      tuple.elements.push_back(Value::tensor(piece));
    }
    info.builtin = isChunk ? Builtin::Chunk : Builtin::Split;
    info.axis = *axis;
    info.sizes = sizes;
    return tuple;
  }

  if (name == "one_hot") {
    if (!checkArity(call, 2, 2, {}))
      return std::nullopt;
    std::optional<Value> ids = tensorArg(0, "one_hot");
    if (!ids)
      return std::nullopt;
    if (isFloat(ids->type.element)) {
      error(args[0]->getLoc()) << "one_hot expects integer ids, found "
                               << ids->type.str();
      return std::nullopt;
    }
    std::optional<Dim> depth = evalDim(*args[1], scope);
    if (!depth)
      return std::nullopt;
    info.builtin = Builtin::OneHot;
    info.dim = *depth;
    TensorType result{ElementType::F32, ids->type.dims};
    result.dims.push_back(*depth);
    return Value::tensor(result);
  }

  if (name == "embedding") {
    if (!checkArity(call, 3, 3, {}))
      return std::nullopt;
    std::optional<Value> ids = tensorArg(0, "embedding");
    if (!ids)
      return std::nullopt;
    if (isFloat(ids->type.element)) {
      error(args[0]->getLoc()) << "embedding expects integer ids, found "
                               << ids->type.str();
      return std::nullopt;
    }
    std::optional<Dim> vocab = evalDim(*args[1], scope);
    std::optional<Dim> dim = vocab ? evalDim(*args[2], scope) : std::nullopt;
    std::optional<std::string> prefix =
        dim ? paramPrefix(call, scope, bindName) : std::nullopt;
    if (!prefix)
      return std::nullopt;
    // PyTorch's nn.Embedding initialises from N(0, 1).
    info.params.push_back(addParam(*prefix + "weight",
                                   {ElementType::F32, {*vocab, *dim}},
                                   mlir::rnn::InitKind::normal, {0.0, 1.0},
                                   call.getLoc()));
    info.builtin = Builtin::Embedding;
    TensorType result{ElementType::F32, ids->type.dims};
    result.dims.push_back(*dim);
    return Value::tensor(result);
  }

  if (name == "linear") {
    if (!checkArity(call, 2, 2, {"bias"}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, "linear");
    if (!x || !requireFloat(*this, *args[0], *x, "the input"))
      return std::nullopt;
    if (x->type.rank() < 1) {
      error(args[0]->getLoc()) << "linear needs an input of rank >= 1";
      return std::nullopt;
    }
    std::optional<Dim> outDim = evalDim(*args[1], scope);
    if (!outDim)
      return std::nullopt;
    std::optional<std::string> bias =
        keywordArg(call, "bias", {"true", "false"}, "true");
    if (!bias)
      return std::nullopt;
    const Dim &in = x->type.dims.back();
    if (!in.isStatic()) {
      error(call.getLoc()) << "linear's default initialiser needs a static "
                              "input size, found "
                           << in.str()
                           << "; declare the weight with 'param' instead";
      return std::nullopt;
    }
    std::optional<std::string> prefix = paramPrefix(call, scope, bindName);
    if (!prefix)
      return std::nullopt;
    // PyTorch's nn.Linear: U(-k, k) with k = 1/sqrt(in_features).
    double k = 1.0 / std::sqrt(static_cast<double>(in.getConstant()));
    info.params.push_back(addParam(*prefix + "weight",
                                   {x->type.element, {*outDim, in}},
                                   mlir::rnn::InitKind::uniform, {-k, k},
                                   call.getLoc()));
    if (*bias == "true")
      info.params.push_back(addParam(*prefix + "bias",
                                     {x->type.element, {*outDim}},
                                     mlir::rnn::InitKind::uniform, {-k, k},
                                     call.getLoc()));
    info.builtin = Builtin::Linear;
    TensorType result = x->type;
    result.dims.back() = *outDim;
    return Value::tensor(result);
  }

  if (name == "layer_norm") {
    if (!checkArity(call, 1, 1, {"eps"}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, "layer_norm");
    if (!x || !requireFloat(*this, *args[0], *x, "the input"))
      return std::nullopt;
    if (x->type.rank() < 1) {
      error(args[0]->getLoc()) << "layer_norm needs an input of rank >= 1";
      return std::nullopt;
    }
    if (const ast::Expr *eps = namedArg(call, "eps")) {
      std::optional<Value> v = evalNumber(*eps, scope, "eps");
      if (!v)
        return std::nullopt;
      if (!(v->number > 0)) {
        error(eps->getLoc()) << "eps must be positive, found " << formatNumber(v->number);
        return std::nullopt;
      }
      info.epsilon = v->number;
    }
    std::optional<std::string> prefix = paramPrefix(call, scope, bindName);
    if (!prefix)
      return std::nullopt;
    TensorType vec{x->type.element, {x->type.dims.back()}};
    info.params.push_back(addParam(*prefix + "weight", vec,
                                   mlir::rnn::InitKind::ones, {},
                                   call.getLoc()));
    info.params.push_back(addParam(*prefix + "bias", vec,
                                   mlir::rnn::InitKind::zeros, {},
                                   call.getLoc()));
    info.builtin = Builtin::LayerNorm;
    return Value::tensor(x->type);
  }

  if (name == "dropout") {
    if (!checkArity(call, 2, 2, {}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, "dropout");
    if (!x || !requireFloat(*this, *args[0], *x, "the input"))
      return std::nullopt;
    std::optional<Value> p = evalNumber(*args[1], scope, "a dropout rate");
    if (!p)
      return std::nullopt;
    if (p->number < 0 || p->number >= 1) {
      error(args[1]->getLoc()) << "a dropout rate must be in [0, 1), found "
                               << formatNumber(p->number);
      return std::nullopt;
    }
    info.builtin = Builtin::Dropout;
    info.rate = p->number;
    info.seed = nextDropoutSeed++;
    return Value::tensor(x->type);
  }

  if (name == "reverse") {
    if (!checkArity(call, 1, 1, {}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, "reverse");
    if (!x || !requireFloat(*this, *args[0], *x, "the input"))
      return std::nullopt;
    if (x->type.rank() < 1) {
      error(args[0]->getLoc()) << "reverse needs a sequence, found a scalar";
      return std::nullopt;
    }
    info.builtin = Builtin::Reverse;
    return Value::tensor(x->type);
  }

  if (name == "last") {
    if (!checkArity(call, 1, 1, {}))
      return std::nullopt;
    std::optional<Value> r = check(*args[0], scope);
    if (!r)
      return std::nullopt;
    if (r->kind != Value::Kind::Recurrence) {
      error(args[0]->getLoc()) << "last() takes a recurrence (a layer or "
                                  "cell application), found "
                               << r->describe();
      return std::nullopt;
    }
    TensorType state = r->states.front().second;
    info.builtin = Builtin::Last;
    if (state.rank() == 3) { // a layer's h_n [L*D, B, H]: the top layer
      info.selectIndex = state.dims.front().getConstant() - 1;
      state = state.dropFront();
    }
    return Value::tensor(state);
  }

  if (name == "repeat") {
    if (!checkArity(call, 2, 2, {}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, "repeat");
    if (!x || !requireFloat(*this, *args[0], *x, "the input"))
      return std::nullopt;
    std::optional<Dim> count = evalDim(*args[1], scope);
    if (!count)
      return std::nullopt;
    info.builtin = Builtin::Repeat;
    info.dim = *count;
    return Value::tensor(x->type.prepend(*count));
  }

  if (name == "cross_entropy") {
    if (!checkArity(call, 2, 2, {"valid", "reduction"}))
      return std::nullopt;
    std::optional<Value> logits = tensorArg(0, "the logits");
    std::optional<Value> targets =
        logits ? tensorArg(1, "the targets") : std::nullopt;
    if (!targets || !requireFloat(*this, *args[0], *logits, "the logits"))
      return std::nullopt;
    if (isFloat(targets->type.element)) {
      error(args[1]->getLoc()) << "the targets of cross_entropy must be "
                                  "integer class ids, found "
                               << targets->type.str();
      return std::nullopt;
    }
    if (logits->type.rank() < 1 ||
        TensorType{targets->type.element, logits->type.dims}.dims.size() !=
            targets->type.rank() + 1 ||
        !std::equal(targets->type.dims.begin(), targets->type.dims.end(),
                    logits->type.dims.begin())) {
      error(call.getLoc()) << "cross_entropy of logits " << logits->type.str()
                           << " needs targets shaped like the logits without "
                              "the class dimension, found "
                           << targets->type.str();
      return std::nullopt;
    }
    if (const ast::Expr *valid = namedArg(call, "valid")) {
      std::optional<Value> lengths =
          checkTensor(*valid, scope, "the valid lengths");
      if (!lengths)
        return std::nullopt;
      if (logits->type.rank() != 3 || lengths->type.rank() != 1 ||
          isFloat(lengths->type.element) ||
          lengths->type.dims[0] != logits->type.dims[1]) {
        error(valid->getLoc())
            << "valid lengths need time-major logits [T, B, C] and integer "
               "lengths [B], found logits "
            << logits->type.str() << " and lengths " << lengths->type.str();
        return std::nullopt;
      }
      info.validLengths = valid;
    }
    std::optional<std::string> reduction =
        keywordArg(call, "reduction", {"mean", "sum"}, "mean");
    if (!reduction)
      return std::nullopt;
    info.reduceSum = *reduction == "sum";
    info.builtin = Builtin::CrossEntropy;
    return Value::tensor({logits->type.element, {}});
  }

  if (name == "mse") {
    if (!checkArity(call, 2, 2, {}))
      return std::nullopt;
    std::optional<Value> pred = tensorArg(0, "the prediction");
    std::optional<Value> target =
        pred ? tensorArg(1, "the target") : std::nullopt;
    if (!target || !requireFloat(*this, *args[0], *pred, "the prediction"))
      return std::nullopt;
    if (pred->type != target->type) {
      error(call.getLoc()) << "mse needs the prediction and target to have "
                              "the same type, found "
                           << pred->type.str() << " and "
                           << target->type.str();
      return std::nullopt;
    }
    info.builtin = Builtin::Mse;
    return Value::tensor({pred->type.element, {}});
  }

  if (name == "sum" || name == "mean") {
    if (!checkArity(call, 1, 1, {}))
      return std::nullopt;
    std::optional<Value> x = tensorArg(0, name);
    if (!x || !requireFloat(*this, *args[0], *x, "the input"))
      return std::nullopt;
    info.builtin = name == "sum" ? Builtin::Sum : Builtin::Mean;
    return Value::tensor({x->type.element, {}});
  }

  if (name == "rnn" || name == "gru" || name == "lstm") {
    info.builtin = name == "rnn"   ? Builtin::Vanilla
                   : name == "gru" ? Builtin::GRU
                                   : Builtin::LSTM;
    return applyLayer(call, scope, info, bindName);
  }

  error(call.getLoc()) << "unknown function '" << name << "'";
  return std::nullopt;
}
