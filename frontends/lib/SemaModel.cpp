//===- SemaModel.cpp - model items, names, constants, types, tasks ---------===//
//
// The driver of Sema: declares every item, checks the train/generate
// blocks and the task contract, then checks parameters, cells, constants
// and lets (lazily, so a let may use one defined below it; a cycle is an
// error), and finally the output and the loss.
//
//===----------------------------------------------------------------------===//

#include "SemaInternals.h"

#include "llvm/Support/Casting.h"

#include <cmath>
#include <cstdio>

using namespace rnnc;
using namespace rnnc::sema;
using llvm::dyn_cast;
using llvm::isa;

/// Every name a task may bind as a dimension; reserved for dimensions.
static const char *const kDimNames[] = {"T", "B", "V", "C", "V_src", "V_tgt"};

Sema::Sema(const ast::Model &model, llvm::ArrayRef<ConstOverride> overrides)
    : model(model), out{model.name, model.loc} {
  for (const ConstOverride &o : overrides)
    this->overrides[o.name] = o;
}

std::optional<CheckedModel> Sema::run() {
  if (!declareItems())
    return std::nullopt;
  for (const ast::StmtPtr &item : model.items)
    if (auto *block = dyn_cast<ast::OptionsBlock>(item.get()))
      checkOptionsBlock(*block);
  if (failed)
    return std::nullopt;
  out.cellModule = !task && isCellModule();
  if (!task && !out.cellModule) {
    error(model.loc) << "model '" << model.name
                     << "' has no task; add 'train { task = ... }' with one "
                        "of "
                     << listTasks()
                     << " (a cell module for --emit=torch has no train "
                        "block, no targets and no loss)";
    return std::nullopt;
  }
  out.dims = {"T", "B"};
  if (task) {
    out.task = task->name();
    out.dims.insert(out.dims.end(), task->dims.begin(), task->dims.end());
  }

  if (!checkInputsAgainstTask())
    return std::nullopt;
  for (const ast::StmtPtr &item : model.items) {
    if (auto *param = dyn_cast<ast::ParamDecl>(item.get())) {
      Binding *binding = modelScope.names.at(param->name);
      binding->param = checkParam(*param, modelScope, param->name);
      if (binding->param)
        binding->value = Value::tensor(binding->param->type);
    }
  }
  for (const ast::StmtPtr &item : model.items)
    if (auto *cell = dyn_cast<ast::CellDecl>(item.get()))
      checkCell(*cell);
  // Constants and lets, in source order; each resolves what it uses first.
  for (const ast::StmtPtr &item : model.items) {
    if (auto *c = dyn_cast<ast::ConstDecl>(item.get()))
      resolve(*modelScope.names.at(c->name));
    else if (auto *let = dyn_cast<ast::LetStmt>(item.get()))
      resolve(*modelScope.names.at(let->names.front()));
  }
  for (const auto &[name, o] : overrides)
    if (!usedOverrides.count(name))
      error(model.loc) << "-D " << name << " names no const of model '"
                       << model.name << "'";
  if (failed ||
      !(out.cellModule ? checkCellModuleOutput() : checkOutputAndLoss()))
    return std::nullopt;
  return std::move(out);
}

//===----------------------------------------------------------------------===//
// Declarations and lookup
//===----------------------------------------------------------------------===//

Binding *Sema::declare(Scope &scope, Binding::Kind kind, llvm::StringRef name,
                       mlir::Location loc) {
  for (const char *dim : kDimNames) {
    if (name == dim) {
      error(loc) << "'" << name
                 << "' is reserved for a dimension bound from the data; "
                    "choose another name";
      return nullptr;
    }
  }
  auto [it, inserted] = scope.names.try_emplace(name.str(), nullptr);
  if (!inserted) {
    auto diag = error(loc) << "duplicate definition of '" << name << "'";
    diag.attachNote(it->second->loc) << "'" << name << "' is first defined here";
    return nullptr;
  }
  auto binding = std::make_unique<Binding>(kind, name.str(), loc);
  it->second = binding.get();
  out.bindings.push_back(std::move(binding));
  return it->second;
}

bool Sema::declareItems() {
  const ast::Stmt *loss = nullptr, *output = nullptr;
  std::map<std::string, const ast::OptionsBlock *> blocks;
  unsigned inputs = 0, targets = 0;
  for (const ast::StmtPtr &itemPtr : model.items) {
    const ast::Stmt *item = itemPtr.get();
    if (auto *c = dyn_cast<ast::ConstDecl>(item)) {
      if (Binding *b = declare(modelScope, Binding::Kind::Const, c->name,
                               c->getLoc()))
        b->stmt = c;
    } else if (auto *in = dyn_cast<ast::InputDecl>(item)) {
      if (Binding *b = declare(modelScope,
                               in->isTarget ? Binding::Kind::Target
                                            : Binding::Kind::Input,
                               in->name, in->getLoc())) {
        b->stmt = in;
        b->index = in->isTarget ? targets++ : inputs++;
        (in->isTarget ? out.targets : out.inputs).push_back(b);
      }
    } else if (auto *p = dyn_cast<ast::ParamDecl>(item)) {
      if (Binding *b = declare(modelScope, Binding::Kind::Param, p->name,
                               p->getLoc()))
        b->stmt = p;
    } else if (auto *let = dyn_cast<ast::LetStmt>(item)) {
      for (size_t i = 0; i < let->names.size(); ++i)
        if (Binding *b = declare(modelScope, Binding::Kind::Let,
                                 let->names[i], let->nameLocs[i])) {
          b->stmt = let;
          b->index = i;
        }
    } else if (auto *o = dyn_cast<ast::OutputStmt>(item)) {
      if (output) {
        error(o->getLoc()) << "duplicate output; a model has one";
        continue;
      }
      output = o;
      // `output NAME = expr` binds NAME like a let.
      if (o->value)
        if (Binding *b = declare(modelScope, Binding::Kind::Let, o->name,
                                 o->getLoc()))
          b->stmt = o;
    } else if (isa<ast::LossStmt>(item)) {
      if (loss) {
        error(item->getLoc()) << "duplicate loss; a model has one scalar loss";
        continue;
      }
      loss = item;
    } else if (auto *cell = dyn_cast<ast::CellDecl>(item)) {
      auto previous = cellsByName.find(cell->name);
      if (previous != cellsByName.end()) {
        auto diag = error(cell->getLoc())
                    << "duplicate definition of cell '" << cell->name << "'";
        diag.attachNote(previous->second->decl->getLoc())
            << "'" << cell->name << "' is first defined here";
        continue;
      }
      auto info = std::make_unique<CellInfo>();
      info->name = cell->name;
      info->decl = cell;
      cellsByName[cell->name] = info.get();
      out.cells.push_back(std::move(info));
    } else if (auto *block = dyn_cast<ast::OptionsBlock>(item)) {
      if (!blocks.emplace(block->block, block).second)
        error(block->getLoc()) << "duplicate " << block->block << " block";
    }
  }
  return !failed;
}

bool Sema::isCellModule() const {
  for (const ast::StmtPtr &item : model.items) {
    if (isa<ast::LossStmt>(item.get()))
      return false;
    if (auto *block = dyn_cast<ast::OptionsBlock>(item.get());
        block && block->block == "train")
      return false;
    if (auto *in = dyn_cast<ast::InputDecl>(item.get()); in && in->isTarget)
      return false;
  }
  return true;
}

bool Sema::isDimSymbol(llvm::StringRef name) const {
  return llvm::is_contained(out.dims, name.str());
}

Binding *Sema::lookup(llvm::StringRef name, Scope &scope, mlir::Location loc) {
  for (Scope *s = &scope; s; s = s->parent) {
    auto it = s->names.find(name.str());
    if (it == s->names.end())
      continue;
    Binding *binding = it->second;
    // A model-level let or const is checked when first used.
    if (!s->parent && !resolve(*binding))
      return nullptr;
    // A cell body reading a model-level value captures it.
    if (scope.cell && !s->parent &&
        !llvm::is_contained(scope.cell->captures, binding))
      scope.cell->captures.push_back(binding);
    return binding;
  }
  if (isDimSymbol(name)) {
    error(loc) << "'" << name
               << "' is a dimension, not a value; it may appear in types and "
                  "as a size argument";
    return nullptr;
  }
  if (cellsByName.count(name.str())) {
    error(loc) << "'" << name << "' is a cell; apply it to sequences: "
               << name << "(x)";
    return nullptr;
  }
  error(loc) << "unknown name '" << name << "'";
  return nullptr;
}

bool Sema::resolve(Binding &binding) {
  if (binding.kind != Binding::Kind::Const &&
      binding.kind != Binding::Kind::Let)
    return true;
  Resolution &state = resolution[&binding];
  if (state == Resolution::Done)
    return true;
  if (state == Resolution::Failed)
    return false;
  if (state == Resolution::InProgress) {
    auto diag = error(binding.loc) << "cyclic definition: ";
    auto start = llvm::find(resolving, &binding);
    for (auto it = start; it != resolving.end(); ++it)
      diag << "'" << (*it)->name << "' -> ";
    diag << "'" << binding.name << "'";
    return false;
  }
  state = Resolution::InProgress;
  resolving.push_back(&binding);
  bool ok = false;
  if (auto *c = dyn_cast<ast::ConstDecl>(binding.stmt)) {
    std::optional<Value> value =
        evalNumber(*c->value, modelScope, "a const value");
    auto o = overrides.find(binding.name);
    if (value && o != overrides.end()) {
      usedOverrides.insert(binding.name);
      if (value->isInteger && !o->second.isInteger) {
        error(c->getLoc()) << "-D " << binding.name
                           << " gives the number " << formatNumber(o->second.value)
                           << " to an integer const";
        value.reset();
      } else {
        value = Value::numberValue(o->second.value, value->isInteger);
      }
    }
    if (value) {
      binding.value = *value;
      ok = true;
    }
  } else if (auto *let = dyn_cast<ast::LetStmt>(binding.stmt)) {
    std::optional<Value> value =
        check(*let->value, modelScope,
              let->names.size() == 1 ? &let->names.front() : nullptr);
    std::vector<const Binding *> bound;
    if (value && let->names.size() > 1) {
      if (value->kind != Value::Kind::Tuple) {
        error(let->getLoc()) << "cannot bind " << let->names.size()
                             << " names to " << value->describe();
      } else if (value->elements.size() != let->names.size()) {
        error(let->getLoc()) << "the right-hand side gives "
                             << value->elements.size() << " values but "
                             << let->names.size() << " names are bound";
      } else {
        for (size_t i = 0; i < let->names.size(); ++i) {
          Binding *b = modelScope.names.at(let->names[i]);
          b->value = value->elements[i];
          resolution[b] = Resolution::Done;
          bound.push_back(b);
        }
        ok = true;
      }
    } else if (value) {
      binding.value = *value;
      bound.push_back(&binding);
      ok = true;
    }
    out.lets[let] = bound;
  } else if (auto *o = dyn_cast<ast::OutputStmt>(binding.stmt)) {
    std::optional<Value> value = check(*o->value, modelScope, &o->name);
    if (value) {
      binding.value = *value;
      ok = true;
    }
  }
  resolving.pop_back();
  state = ok ? Resolution::Done : Resolution::Failed;
  return ok;
}

//===----------------------------------------------------------------------===//
// Compile-time numbers, dimensions and types
//===----------------------------------------------------------------------===//

bool Sema::checkMagnitude(const ast::Expr &expr, double value,
                          bool isInteger) {
  if (!std::isfinite(value)) {
    error(expr.getLoc()) << "number out of range";
    return false;
  }
  if (isInteger && std::fabs(value) > kMaxInteger) {
    error(expr.getLoc()) << "integer " << formatNumber(value)
                         << " is too large (the limit is 2^53)";
    return false;
  }
  return true;
}

std::optional<Value> Sema::evalNumber(const ast::Expr &expr, Scope &scope,
                                      llvm::StringRef what) {
  std::optional<Value> result = evalNumberUnchecked(expr, scope, what);
  if (result && !checkMagnitude(expr, result->number, result->isInteger))
    return std::nullopt;
  return result;
}

std::optional<Value> Sema::evalNumberUnchecked(const ast::Expr &expr,
                                               Scope &scope,
                                               llvm::StringRef what) {
  if (auto *n = dyn_cast<ast::NumberExpr>(&expr))
    return Value::numberValue(n->getValue(), n->isInteger());
  if (auto *name = dyn_cast<ast::NameExpr>(&expr)) {
    Binding *b = lookup(name->getName(), scope, expr.getLoc());
    if (!b)
      return std::nullopt;
    if (b->kind != Binding::Kind::Const) {
      error(expr.getLoc()) << "expected a compile-time number for " << what
                           << ", found '" << name->getName() << "', which is "
                           << b->value.describe();
      return std::nullopt;
    }
    return b->value;
  }
  if (auto *u = dyn_cast<ast::UnaryExpr>(&expr)) {
    std::optional<Value> v = evalNumber(u->getOperand(), scope, what);
    if (v)
      v->number = -v->number;
    return v;
  }
  if (auto *b = dyn_cast<ast::BinaryExpr>(&expr)) {
    std::optional<Value> l = evalNumber(b->getLhs(), scope, what);
    std::optional<Value> r = l ? evalNumber(b->getRhs(), scope, what)
                               : std::nullopt;
    if (!r)
      return std::nullopt;
    bool integer = l->isInteger && r->isInteger;
    switch (b->getOp()) {
    case '+':
      return Value::numberValue(l->number + r->number, integer);
    case '-':
      return Value::numberValue(l->number - r->number, integer);
    case '*':
      return Value::numberValue(l->number * r->number, integer);
    case '/': {
      if (r->number == 0) {
        error(expr.getLoc()) << "division by zero in " << what;
        return std::nullopt;
      }
      double q = l->number / r->number;
      return Value::numberValue(q, integer && std::floor(q) == q);
    }
    default:
      break;
    }
  }
  error(expr.getLoc()) << "expected a compile-time number for " << what;
  return std::nullopt;
}

std::optional<int64_t> Sema::evalInt(const ast::Expr &expr, Scope &scope,
                                     llvm::StringRef what, int64_t min,
                                     int64_t max) {
  std::optional<Value> v = evalNumber(expr, scope, what);
  if (!v)
    return std::nullopt;
  if (!v->isInteger || v->number < static_cast<double>(min) ||
      v->number > static_cast<double>(max)) {
    error(expr.getLoc()) << what << " must be an integer in [" << min << ", "
                         << max << "], found " << formatNumber(v->number);
    return std::nullopt;
  }
  return static_cast<int64_t>(v->number);
}

std::optional<Dim> Sema::evalDim(const ast::Expr &expr, Scope &scope) {
  std::optional<Dim> dim = evalDimUnchecked(expr, scope);
  if (!dim)
    return std::nullopt;
  bool tooLarge = std::abs(dim->getConstant()) > kMaxDimension;
  for (const auto &[name, k] : dim->getTerms())
    tooLarge |= std::abs(k) > kMaxDimension;
  if (tooLarge) {
    error(expr.getLoc()) << "dimension " << dim->str()
                         << " is too large (the limit is 2^31)";
    return std::nullopt;
  }
  return dim;
}

std::optional<Dim> Sema::evalDimUnchecked(const ast::Expr &expr,
                                          Scope &scope) {
  if (auto *name = dyn_cast<ast::NameExpr>(&expr)) {
    if (isDimSymbol(name->getName()))
      return Dim::symbol(name->getName());
    if (llvm::is_contained(kDimNames, name->getName())) {
      auto diag = error(expr.getLoc())
                  << "dimension '" << name->getName() << "' is not bound by "
                  << (task ? "task '" + std::string(task->name()) + "'"
                           : std::string("a cell module"))
                  << ", which binds ";
      for (size_t i = 0; i < out.dims.size(); ++i)
        diag << (i ? (i + 1 == out.dims.size() ? " and " : ", ") : "")
             << out.dims[i];
      return std::nullopt;
    }
  }
  if (auto *b = dyn_cast<ast::BinaryExpr>(&expr)) {
    // Operands are bounded by evalDim, so these products fit in int64.
    std::optional<Dim> l = evalDim(b->getLhs(), scope);
    std::optional<Dim> r = l ? evalDim(b->getRhs(), scope) : std::nullopt;
    if (!r)
      return std::nullopt;
    switch (b->getOp()) {
    case '+':
      return *l + *r;
    case '-':
      return *l - *r;
    case '*':
      if (l->isStatic())
        return r->scaled(l->getConstant());
      if (r->isStatic())
        return l->scaled(r->getConstant());
      error(expr.getLoc()) << "cannot multiply the dimensions " << l->str()
                           << " and " << r->str()
                           << ": a dimension is linear in the data-bound "
                              "sizes";
      return std::nullopt;
    case '/':
      if (l->isStatic() && r->isStatic() && r->getConstant() != 0 &&
          l->getConstant() % r->getConstant() == 0)
        return Dim::constant(l->getConstant() / r->getConstant());
      error(expr.getLoc()) << "cannot divide the dimension " << l->str()
                           << " by " << r->str() << " exactly";
      return std::nullopt;
    default:
      break;
    }
  }
  if (isa<ast::NumberExpr, ast::NameExpr, ast::UnaryExpr>(&expr)) {
    std::optional<Value> v = evalNumber(expr, scope, "a dimension");
    if (!v)
      return std::nullopt;
    if (!v->isInteger || v->number < 1) {
      error(expr.getLoc()) << "a dimension must be a positive integer, found "
                           << formatNumber(v->number);
      return std::nullopt;
    }
    if (v->number > static_cast<double>(kMaxDimension)) {
      error(expr.getLoc()) << "dimension " << formatNumber(v->number)
                           << " is too large (the limit is 2^31)";
      return std::nullopt;
    }
    return Dim::constant(static_cast<int64_t>(v->number));
  }
  error(expr.getLoc()) << "expected a dimension (an integer, a const or a "
                          "data-bound size such as T, B or V)";
  return std::nullopt;
}

std::optional<TensorType> Sema::checkType(const ast::TypeSpec &spec,
                                          Scope &scope) {
  std::optional<ElementType> element = parseElementType(spec.elementType);
  if (!element) {
    error(spec.loc) << "unknown element type '" << spec.elementType
                    << "'; expected f32, f64, i32 or i64";
    return std::nullopt;
  }
  TensorType type{*element, {}};
  for (const ast::ExprPtr &dimExpr : spec.dims) {
    std::optional<Dim> dim = evalDim(*dimExpr, scope);
    if (!dim)
      return std::nullopt;
    if (dim->isStatic() && dim->getConstant() < 1) {
      error(dimExpr->getLoc()) << "a dimension must be positive, found "
                               << dim->getConstant();
      return std::nullopt;
    }
    type.dims.push_back(*dim);
  }
  return type;
}

//===----------------------------------------------------------------------===//
// Task contract
//===----------------------------------------------------------------------===//

/// Whether `type` fits a slot's pattern. With `requirements`, a data-bound
/// dimension of the pattern may be a static size, recorded there.
static bool matchesSlot(const TensorType &type, const TaskSlot &slot,
                        bool anyFloat,
                        std::map<std::string, int64_t> *requirements =
                            nullptr) {
  bool elementOk = anyFloat ? isFloat(type.element) == isFloat(slot.element)
                            : type.element == slot.element;
  if (!elementOk || type.rank() != slot.pattern.size())
    return false;
  for (size_t i = 0; i < type.rank(); ++i) {
    llvm::StringRef p = slot.pattern[i];
    const Dim &d = type.dims[i];
    if (p == "*") {
      if (!d.isStatic())
        return false;
    } else if (std::isdigit(static_cast<unsigned char>(p.front()))) {
      if (d != Dim::constant(std::stoll(p.str())))
        return false;
    } else if (d != Dim::symbol(p)) {
      bool dataBound = p != "T" && p != "B";
      if (!requirements || !dataBound || !d.isStatic())
        return false;
      (*requirements)[p.str()] = d.getConstant();
    }
  }
  return true;
}

static std::string describeSlot(const TaskSlot &slot) {
  std::string text = toString(slot.element).str() + "[";
  for (size_t i = 0; i < slot.pattern.size(); ++i)
    text += (i ? ", " : "") +
            std::string(llvm::StringRef(slot.pattern[i]) == "*" ? "N"
                                                                 : slot.pattern[i]);
  return text + "]";
}

bool Sema::checkInputsAgainstTask() {
  auto checkGroup = [&](std::vector<const Binding *> &group,
                        const std::vector<TaskSlot> &slots,
                        llvm::StringRef noun) {
    for (const Binding *b : group) {
      auto *decl = llvm::cast<ast::InputDecl>(b->stmt);
      std::optional<TensorType> type = checkType(decl->type, modelScope);
      if (!type)
        return false;
      const_cast<Binding *>(b)->value = Value::tensor(*type);
    }
    if (!task) // a cell module: inputs of any type
      return true;
    if (group.size() != slots.size()) {
      auto diag = error(model.loc)
                  << "task '" << task->name() << "' expects " << slots.size()
                  << " " << noun << (slots.size() == 1 ? "" : "s") << " (";
      for (size_t i = 0; i < slots.size(); ++i)
        diag << (i ? ", " : "") << slots[i].role << " "
             << describeSlot(slots[i]);
      diag << "), found " << group.size();
      return false;
    }
    for (size_t i = 0; i < slots.size(); ++i) {
      const Binding *b = group[i];
      if (!matchesSlot(b->value.type, slots[i], /*anyFloat=*/false)) {
        error(b->loc) << noun << " '" << b->name << "' (" << slots[i].role
                      << ") of task '" << task->name() << "' must be "
                      << describeSlot(slots[i]) << ", found "
                      << b->value.type.str();
        return false;
      }
    }
    return true;
  };
  static const std::vector<TaskSlot> kNone;
  return checkGroup(out.inputs, task ? task->inputs : kNone, "input") &&
         checkGroup(out.targets, task ? task->targets : kNone, "target");
}

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

const ParamInfo *Sema::addParam(std::string symbol, TensorType type,
                                mlir::rnn::InitKind init,
                                std::vector<double> args, mlir::Location loc) {
  auto param = std::make_unique<ParamInfo>(
      ParamInfo{std::move(symbol), std::move(type), init, std::move(args),
                loc});
  out.params.push_back(std::move(param));
  return out.params.back().get();
}

const ParamInfo *Sema::checkParam(const ast::ParamDecl &decl, Scope &scope,
                                  const std::string &symbol) {
  std::optional<TensorType> type = checkType(decl.type, scope);
  if (!type)
    return nullptr;
  if (!isFloat(type->element)) {
    error(decl.type.loc) << "parameter '" << decl.name
                         << "' must have a float element type, found "
                         << toString(type->element);
    return nullptr;
  }
  // The initialiser: a name, or a call with numeric arguments.
  const ast::Expr &init = *decl.init;
  llvm::StringRef name;
  std::vector<const ast::Expr *> argExprs;
  if (auto *n = dyn_cast<ast::NameExpr>(&init)) {
    name = n->getName();
  } else if (auto *call = dyn_cast<ast::CallExpr>(&init)) {
    name = call->getCallee();
    for (const ast::ExprPtr &arg : call->getArgs())
      argExprs.push_back(arg.get());
    if (!call->getNamedArgs().empty()) {
      error(call->getNamedArgs().front().loc)
          << "initialisers take positional arguments only";
      return nullptr;
    }
  } else {
    error(init.getLoc()) << "expected an initialiser such as zeros, "
                            "normal(0, 0.01), uniform(-0.1, 0.1) or xavier";
    return nullptr;
  }
  std::optional<mlir::rnn::InitKind> kind =
      name == "xavier" ? mlir::rnn::InitKind::xavier_uniform
                       : mlir::rnn::symbolizeInitKind(name);
  if (!kind) {
    error(init.getLoc()) << "unknown initialiser '" << name
                         << "'; expected zeros, ones, constant(c), "
                            "normal(mean, std), uniform(low, high), xavier, "
                            "xavier_uniform or xavier_normal";
    return nullptr;
  }
  unsigned arity = mlir::rnn::InitializerAttr::getArity(*kind);
  if (argExprs.size() != arity) {
    error(init.getLoc()) << "initialiser '" << name << "' takes " << arity
                         << " argument(s), found " << argExprs.size();
    return nullptr;
  }
  std::vector<double> args;
  for (const ast::Expr *arg : argExprs) {
    std::optional<Value> v = evalNumber(*arg, scope, "an initialiser argument");
    if (!v)
      return nullptr;
    args.push_back(v->number);
  }
  if (*kind == mlir::rnn::InitKind::normal && !(args[1] > 0)) {
    error(init.getLoc()) << "normal(mean, std) needs a positive std, found "
                         << formatNumber(args[1]);
    return nullptr;
  }
  if (*kind == mlir::rnn::InitKind::uniform && !(args[0] < args[1])) {
    error(init.getLoc()) << "uniform(low, high) needs low < high, found "
                         << formatNumber(args[0]) << " and "
                         << formatNumber(args[1]);
    return nullptr;
  }
  bool xavier = *kind == mlir::rnn::InitKind::xavier_uniform ||
                *kind == mlir::rnn::InitKind::xavier_normal;
  if (xavier && type->rank() != 2) {
    error(init.getLoc()) << "initialiser '" << name
                         << "' needs a 2-d parameter, found " << type->str();
    return nullptr;
  }
  return addParam(symbol, *type, *kind, args, decl.getLoc());
}

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

bool Sema::checkOptionsBlock(const ast::OptionsBlock &block) {
  llvm::ArrayRef<OptionSpec> specs = optionsOf(block.block);
  auto &dest = block.block == "train" ? out.trainOptions : out.generateOptions;
  std::set<std::string> seen;
  for (const ast::Option &option : block.options) {
    const OptionSpec *spec = nullptr;
    for (const OptionSpec &s : specs)
      if (option.name == s.name)
        spec = &s;
    if (!spec) {
      auto diag = error(option.loc) << "unknown " << block.block
                                    << " option '" << option.name
                                    << "'; expected one of ";
      for (size_t i = 0; i < specs.size(); ++i)
        diag << (i ? ", " : "") << specs[i].name;
      continue;
    }
    if (!seen.insert(option.name).second) {
      error(option.loc) << "duplicate " << block.block << " option '"
                        << option.name << "'";
      continue;
    }
    std::optional<Value> value = checkOption(*spec, option);
    if (!value)
      continue;
    if (option.name == "task")
      task = lookupTask(value->text);
    dest.emplace_back(option.name, *value);
  }
  return !failed;
}

std::optional<Value> Sema::checkOption(const OptionSpec &spec,
                                       const ast::Option &option) {
  const ast::Expr &e = *option.value;
  auto bad = [&]() -> std::optional<Value> {
    error(e.getLoc()) << "option '" << spec.name << "' takes "
                      << describeOptionKind(spec);
    return std::nullopt;
  };
  auto symbol = [](llvm::StringRef text) {
    Value v;
    v.kind = Value::Kind::Symbol;
    v.text = text.str();
    return v;
  };
  switch (spec.kind) {
  case OptionKind::PositiveInt:
  case OptionKind::NonNegativeInt:
  case OptionKind::PositiveNumber:
  case OptionKind::Fraction: {
    if (!isa<ast::NumberExpr, ast::NameExpr, ast::UnaryExpr,
             ast::BinaryExpr>(&e))
      return bad();
    std::optional<Value> v = evalNumber(e, modelScope, "an option value");
    if (!v)
      return std::nullopt;
    bool ok = false;
    switch (spec.kind) {
    case OptionKind::PositiveInt:
      ok = v->isInteger && v->number > 0;
      break;
    case OptionKind::NonNegativeInt:
      ok = v->isInteger && v->number >= 0;
      break;
    case OptionKind::PositiveNumber:
      ok = v->number > 0;
      break;
    default:
      ok = v->number >= 0 && v->number < 1;
      break;
    }
    if (!ok) {
      error(e.getLoc()) << "option '" << spec.name << "' takes "
                        << describeOptionKind(spec) << ", found " << formatNumber(v->number);
      return std::nullopt;
    }
    // Rates, thresholds and fractions are real numbers even when written
    // as integers (lr = 1).
    if (spec.kind == OptionKind::PositiveNumber ||
        spec.kind == OptionKind::Fraction)
      v->isInteger = false;
    return v;
  }
  case OptionKind::String:
    if (auto *s = dyn_cast<ast::StringExpr>(&e)) {
      Value v;
      v.kind = Value::Kind::String;
      v.text = s->getValue().str();
      return v;
    }
    return bad();
  case OptionKind::Labels:
    if (auto *s = dyn_cast<ast::StringExpr>(&e)) {
      Value v;
      v.kind = Value::Kind::String;
      v.text = s->getValue().str();
      return v;
    }
    if (auto *n = dyn_cast<ast::NameExpr>(&e);
        n && n->getName() == "word_boundaries")
      return symbol(n->getName());
    return bad();
  case OptionKind::Bool:
    if (auto *n = dyn_cast<ast::NameExpr>(&e);
        n && (n->getName() == "true" || n->getName() == "false"))
      return symbol(n->getName());
    return bad();
  case OptionKind::Choice:
    if (auto *n = dyn_cast<ast::NameExpr>(&e)) {
      if (llvm::is_contained(spec.choices, n->getName()))
        return symbol(n->getName());
      if (llvm::StringRef(spec.name) == "task") {
        error(e.getLoc()) << "unknown task '" << n->getName()
                          << "'; expected " << listTasks();
        return std::nullopt;
      }
    }
    return bad();
  case OptionKind::Truncation:
    if (auto *n = dyn_cast<ast::NameExpr>(&e);
        n && (n->getName() == "full" || n->getName() == "randomized"))
      return symbol(n->getName());
    if (auto *call = dyn_cast<ast::CallExpr>(&e);
        call && call->getCallee() == "truncated" &&
        call->getArgs().size() == 1 && call->getNamedArgs().empty()) {
      std::optional<int64_t> k =
          evalInt(*call->getArgs().front(), modelScope,
                  "the truncation length", 1);
      if (!k)
        return std::nullopt;
      Value v = symbol("truncated");
      v.number = static_cast<double>(*k);
      v.isInteger = true;
      return v;
    }
    return bad();
  }
  return bad();
}

//===----------------------------------------------------------------------===//
// Output and loss
//===----------------------------------------------------------------------===//

const ast::OutputStmt *Sema::outputStatement() const {
  for (const ast::StmtPtr &item : model.items)
    if (auto *o = dyn_cast<ast::OutputStmt>(item.get()))
      return o;
  return nullptr;
}

bool Sema::checkOutputAndLoss() {
  const ast::OutputStmt *outputStmt = outputStatement();
  const ast::LossStmt *lossStmt = nullptr;
  for (const ast::StmtPtr &item : model.items)
    if (auto *l = dyn_cast<ast::LossStmt>(item.get()); l && !lossStmt)
      lossStmt = l;
  if (!outputStmt) {
    error(model.loc) << "model '" << model.name << "' has no output; task '"
                     << task->name() << "' needs 'output NAME = ...' ("
                     << task->output.role << ", " << describeSlot(task->output)
                     << ")";
    return false;
  }
  Binding *output = lookup(outputStmt->name, modelScope, outputStmt->getLoc());
  if (!output)
    return false;
  if (!output->value.isTensorLike() ||
      !matchesSlot(output->value.type, task->output, /*anyFloat=*/true,
                    &out.dimRequirements)) {
    error(outputStmt->getLoc())
        << "the output of task '" << task->name() << "' must be "
        << describeSlot(task->output) << " (" << task->output.role
        << "), found " << output->value.describe();
    return false;
  }
  out.output = output;

  if (!lossStmt) {
    error(model.loc) << "model '" << model.name
                     << "' has no loss; add 'loss EXPR' with a scalar, e.g. "
                        "loss cross_entropy(logits, targets)";
    return false;
  }
  std::optional<Value> loss = check(*lossStmt->value, modelScope);
  if (!loss)
    return false;
  if (loss->kind != Value::Kind::Tensor || loss->type.rank() != 0 ||
      !isFloat(loss->type.element)) {
    error(lossStmt->value->getLoc())
        << "the loss must be a float scalar, found " << loss->describe();
    return false;
  }
  out.loss = lossStmt->value.get();
  return true;
}

bool Sema::checkCellModuleOutput() {
  const ast::OutputStmt *outputStmt = outputStatement();
  if (!outputStmt) {
    error(model.loc) << "cell module '" << model.name
                     << "' has no output; add 'output NAME = ...'";
    return false;
  }
  Binding *output = lookup(outputStmt->name, modelScope, outputStmt->getLoc());
  if (!output)
    return false;
  if (!output->value.isTensorLike() || !isFloat(output->value.type.element)) {
    error(outputStmt->getLoc())
        << "the output of a cell module must be a float tensor, found "
        << output->value.describe();
    return false;
  }
  out.output = output;
  return true;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

Value Value::tensor(TensorType type) {
  Value v;
  v.kind = Kind::Tensor;
  v.type = std::move(type);
  return v;
}

Value Value::numberValue(double value, bool isInteger) {
  Value v;
  v.kind = Kind::Number;
  v.number = value;
  v.isInteger = isInteger;
  return v;
}

std::string Value::describe() const {
  switch (kind) {
  case Kind::Tensor:
    return type.str();
  case Kind::Recurrence:
    return "a recurrence with output " + type.str();
  case Kind::Number: {
    std::string text = std::to_string(number);
    if (isInteger)
      text = std::to_string(static_cast<int64_t>(number));
    return "the number " + text;
  }
  case Kind::String:
    return "a string";
  case Kind::Symbol:
    return "the name '" + text + "'";
  case Kind::Tuple:
    return "a tuple of " + std::to_string(elements.size()) + " values";
  }
  return "a value";
}

std::string rnnc::sema::formatNumber(double value) {
  // Integers print exactly (4294967296, not 4.29497e+09).
  if (std::floor(value) == value && std::fabs(value) <= kMaxInteger)
    return std::to_string(static_cast<int64_t>(value));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::optional<ConstOverride>
rnnc::sema::parseConstOverride(llvm::StringRef text, std::string &error) {
  auto [name, value] = text.split('=');
  name = name.trim();
  value = value.trim();
  if (!text.contains('=') || name.empty() || value.empty()) {
    error = "malformed -D '" + text.str() + "': expected NAME=VALUE, e.g. "
            "-D hidden=512";
    return std::nullopt;
  }
  double number = 0;
  if (value.getAsDouble(number)) {
    error = "malformed -D '" + text.str() + "': '" + value.str() +
            "' is not a number";
    return std::nullopt;
  }
  bool isInteger = value.find_first_of(".eE") == llvm::StringRef::npos;
  return ConstOverride{name.str(), number, isInteger};
}

std::optional<CheckedModel>
rnnc::sema::checkModel(const ast::Model &model,
                       llvm::ArrayRef<ConstOverride> overrides) {
  return Sema(model, overrides).run();
}
