//===- SemaExpr.cpp - types of expressions and stateless builtins ----------===//
//
// Every expression gets a Value (a tensor type with symbolic dimensions, a
// compile-time number, a tuple, or a recurrence with final states). Calls
// go to a cell (SemaRecurrence.cpp) or to a builtin's rule
// (SemaBuiltins.cpp); the shared helpers for arguments and options are
// here.
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

  return broadcastOperands(expr.getLoc(), *lhs, *rhs,
                           ("'" + llvm::Twine(op) + "'").str());
}

std::optional<Value> Sema::broadcastOperands(mlir::Location loc,
                                             const Value &lhs,
                                             const Value &rhs,
                                             llvm::StringRef what) {
  // A number acts as a scalar tensor.
  bool lhsNumber = lhs.kind == Value::Kind::Number;
  bool rhsNumber = rhs.kind == Value::Kind::Number;
  const TensorType &reference = lhsNumber ? rhs.type : lhs.type;
  TensorType a = lhsNumber ? TensorType{reference.element, {}} : lhs.type;
  TensorType b = rhsNumber ? TensorType{reference.element, {}} : rhs.type;
  if (a.element != b.element) {
    error(loc) << "operands of " << what
               << " have different element types: " << a.str() << " and "
               << b.str();
    return std::nullopt;
  }
  if (!isFloat(a.element)) {
    error(loc) << "arithmetic needs float tensors, found " << a.str();
    return std::nullopt;
  }
  std::optional<std::vector<Dim>> dims = broadcast(a.dims, b.dims);
  if (!dims) {
    error(loc) << "cannot broadcast " << a.str() << " and " << b.str()
               << " in " << what;
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
                      size_t maxArgs, llvm::ArrayRef<llvm::StringRef> allowed) {
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
