//===- SemaRecurrence.cpp - cells and the rnn/gru/lstm layers --------------===//
//
// A cell is checked once, as a per-step function of its inputs and states:
// its body runs top to bottom, each state is updated exactly once with a
// value of its declared type, and reads of a state before its update see
// the previous step's value. Applying a cell to sequences, or calling
// rnn/gru/lstm, makes a recurrence: a value whose tensor is the per-step
// output over time and whose final states are read with `.h`, `.c`.
//
//===----------------------------------------------------------------------===//

#include "SemaInternals.h"

#include "llvm/Support/Casting.h"

#include <cmath>

using namespace rnnc;
using namespace rnnc::sema;
using llvm::dyn_cast;

bool Sema::checkCell(const ast::CellDecl &decl) {
  CellInfo &cell = *cellsByName.at(decl.name);
  Resolution &state = cellResolution[&cell];
  if (state == Resolution::Done)
    return true;
  if (state != Resolution::Unchecked)
    return false; // failed before, or applied inside its own body
  state = Resolution::InProgress;
  const CellInfo *outer = checkingCell;
  checkingCell = &cell;

  Scope scope{&modelScope, &cell, {}};
  bool ok = true;
  for (const ast::CellInput &input : decl.inputs) {
    std::optional<TensorType> type = checkType(input.type, scope);
    Binding *b = type ? declare(scope, Binding::Kind::CellInput, input.name,
                                input.loc)
                      : nullptr;
    if (!b) {
      ok = false;
      break;
    }
    b->value = Value::tensor(*type);
    b->cell = &cell;
    b->index = cell.inputTypes.size();
    cell.inputTypes.push_back(*type);
    cell.inputs.push_back(b);
  }

  std::set<std::string> updated;
  bool hasOutput = false;
  for (size_t i = 0; ok && i < decl.body.size(); ++i) {
    const ast::Stmt *stmt = decl.body[i].get();
    if (auto *s = dyn_cast<ast::StateDecl>(stmt)) {
      std::optional<TensorType> type = checkType(s->type, scope);
      if (type && !isFloat(type->element)) {
        error(s->type.loc) << "state '" << s->name
                           << "' must have a float element type, found "
                           << toString(type->element);
        type.reset();
      }
      Binding *b = type ? declare(scope, Binding::Kind::State, s->name,
                                  s->getLoc())
                        : nullptr;
      if (!(ok = b != nullptr))
        break;
      b->value = Value::tensor(*type);
      b->cell = &cell;
      b->stmt = s;
      b->index = cell.states.size();
      cell.states.push_back(b);
    } else if (auto *p = dyn_cast<ast::ParamDecl>(stmt)) {
      Binding *b = declare(scope, Binding::Kind::Param, p->name, p->getLoc());
      const ParamInfo *param =
          b ? checkParam(*p, scope, decl.name + "." + p->name) : nullptr;
      if (!(ok = param != nullptr))
        break;
      b->param = param;
      b->cell = &cell;
      b->value = Value::tensor(param->type);
    } else if (auto *let = dyn_cast<ast::LetStmt>(stmt)) {
      std::optional<Value> value =
          check(*let->value, scope,
                let->names.size() == 1 ? &let->names.front() : nullptr);
      if (!(ok = value.has_value()))
        break;
      std::vector<Value> values{*value};
      if (let->names.size() > 1) {
        if (value->kind != Value::Kind::Tuple ||
            value->elements.size() != let->names.size()) {
          error(let->getLoc())
              << "cannot bind " << let->names.size() << " names to "
              << value->describe();
          ok = false;
          break;
        }
        values = value->elements;
      }
      std::vector<const Binding *> bound;
      for (size_t n = 0; ok && n < let->names.size(); ++n) {
        Binding *b = declare(scope, Binding::Kind::Let, let->names[n],
                             let->nameLocs[n]);
        if (!(ok = b != nullptr))
          break;
        b->value = values[n];
        b->cell = &cell;
        b->stmt = let;
        b->index = n;
        bound.push_back(b);
      }
      out.lets[let] = bound;
    } else if (auto *assign = dyn_cast<ast::AssignStmt>(stmt)) {
      auto it = scope.names.find(assign->name);
      if (it == scope.names.end() ||
          it->second->kind != Binding::Kind::State) {
        error(assign->getLoc())
            << "'" << assign->name << "' is not a state of cell '"
            << decl.name << "'; declare it with 'state " << assign->name
            << ": TYPE' before updating it";
        ok = false;
        break;
      }
      const Binding *stateBinding = it->second;
      std::optional<Value> value = checkTensor(*assign->value, scope,
                                               "a state update");
      if (!(ok = value.has_value()))
        break;
      if (value->type != stateBinding->value.type) {
        auto diag = error(assign->getLoc())
                    << "state '" << assign->name << "' of cell '"
                    << decl.name << "' is " << stateBinding->value.type.str()
                    << " but its update is " << value->type.str();
        diag.attachNote(stateBinding->loc) << "state declared here";
        ok = false;
        break;
      }
      if (!updated.insert(assign->name).second) {
        error(assign->getLoc()) << "state '" << assign->name
                                << "' is updated twice in cell '" << decl.name
                                << "'";
        ok = false;
        break;
      }
    } else if (auto *output = dyn_cast<ast::OutputStmt>(stmt)) {
      if (hasOutput) {
        error(output->getLoc()) << "cell '" << decl.name
                                << "' has two outputs";
        ok = false;
        break;
      }
      std::optional<Value> value =
          checkTensor(*output->value, scope, "the cell output");
      if (!(ok = value.has_value()))
        break;
      hasOutput = true;
      cell.outputType = value->type;
    }
  }

  if (ok && cell.states.empty()) {
    error(decl.getLoc()) << "cell '" << decl.name
                         << "' declares no state; add 'state NAME: TYPE'";
    ok = false;
  }
  for (const Binding *s : cell.states) {
    if (ok && !updated.count(s->name)) {
      error(s->loc) << "state '" << s->name << "' of cell '" << decl.name
                    << "' is never updated; add '" << s->name << " = ...'";
      ok = false;
    }
  }
  if (ok && !hasOutput)
    cell.outputType = cell.states.front()->value.type;

  checkingCell = outer;
  state = ok ? Resolution::Done : Resolution::Failed;
  if (!ok)
    failed = true;
  return ok;
}

bool Sema::checkInitialStates(
    const ast::CallExpr &call, const ast::Expr &init, Scope &scope,
    const std::vector<std::pair<std::string, TensorType>> &states) {
  std::vector<const ast::Expr *> exprs;
  if (auto *tuple = dyn_cast<ast::TupleExpr>(&init)) {
    for (const ast::ExprPtr &e : tuple->getElements())
      exprs.push_back(e.get());
  } else {
    exprs.push_back(&init);
  }
  if (exprs.size() != states.size()) {
    auto diag = error(init.getLoc()) << "'" << call.getCallee() << "' has "
                                     << states.size() << " state(s) (";
    for (size_t i = 0; i < states.size(); ++i)
      diag << (i ? ", " : "") << states[i].first;
    diag << "), so init needs " << states.size() << " value(s), found "
         << exprs.size();
    return false;
  }
  for (size_t i = 0; i < exprs.size(); ++i) {
    std::optional<Value> v = checkTensor(*exprs[i], scope, "an initial state");
    if (!v)
      return false;
    if (v->type != states[i].second) {
      error(exprs[i]->getLoc()) << "initial state '" << states[i].first
                                << "' must be " << states[i].second.str()
                                << ", found " << v->type.str();
      return false;
    }
  }
  // Keep the checked tuple's value for MLIRGen.
  if (exprs.size() > 1) {
    Value tuple;
    tuple.kind = Value::Kind::Tuple;
    for (const ast::Expr *e : exprs)
      tuple.elements.push_back(out.values.at(e));
    out.values[&init] = tuple;
  }
  return true;
}

/// The common tail of applying a cell or a layer: the recurrence value,
/// explicit initial states or a state-in argument of the forward function.
static std::optional<Value>
makeRecurrence(Sema &sema, const ast::CallExpr &call, Scope &scope,
               CallInfo &info, TensorType outputSequence,
               std::vector<std::pair<std::string, TensorType>> states,
               const std::string *bindName) {
  if (const ast::Expr *init = sema.namedArg(call, "init")) {
    if (!sema.checkInitialStates(call, *init, scope, states))
      return std::nullopt;
    info.init = init;
  } else {
    info.recurrence = static_cast<int>(sema.out.recurrences.size());
    sema.out.recurrences.push_back(
        {bindName ? *bindName : call.getCallee().str(), states});
  }
  Value value;
  value.kind = Value::Kind::Recurrence;
  value.type = std::move(outputSequence);
  value.states = std::move(states);
  return value;
}

std::optional<Value> Sema::applyCell(const ast::CallExpr &call, Scope &scope,
                                     const CellInfo &cell, CallInfo &info,
                                     const std::string *bindName) {
  if (scope.cell) {
    error(call.getLoc()) << "cell '" << cell.name
                         << "' cannot be applied inside a cell body; cells "
                            "step one time step at a time";
    return std::nullopt;
  }
  if (!checkCell(*cell.decl))
    return std::nullopt;
  if (!checkArity(call, cell.inputTypes.size(), cell.inputTypes.size(),
                  {"init", "reverse"}))
    return std::nullopt;
  std::optional<Dim> steps;
  for (size_t i = 0; i < call.getArgs().size(); ++i) {
    const ast::Expr &arg = *call.getArgs()[i];
    std::optional<Value> seq = checkTensor(arg, scope, "a cell input");
    if (!seq)
      return std::nullopt;
    const TensorType &perStep = cell.inputTypes[i];
    bool ok = seq->type.rank() == perStep.rank() + 1 &&
              seq->type.dropFront() == perStep &&
              (!steps || seq->type.dims.front() == *steps);
    if (!ok) {
      error(arg.getLoc()) << "cell '" << cell.name << "' steps over input '"
                          << cell.decl->inputs[i].name << "' of type "
                          << perStep.str() << ", so it needs a sequence "
                          << perStep.prepend(steps ? *steps : Dim::symbol("T"))
                                 .str()
                          << ", found " << seq->type.str();
      return std::nullopt;
    }
    steps = seq->type.dims.front();
  }
  std::optional<std::string> reverse =
      keywordArg(call, "reverse", {"true", "false"}, "false");
  if (!reverse)
    return std::nullopt;
  info.reverse = *reverse == "true";
  info.builtin = Builtin::Cell;
  info.cell = &cell;
  std::vector<std::pair<std::string, TensorType>> states;
  for (const Binding *s : cell.states)
    states.emplace_back(s->name, s->value.type);
  return makeRecurrence(*this, call, scope, info,
                        cell.outputType.prepend(*steps), std::move(states),
                        bindName);
}

std::optional<Value> Sema::checkLayer(BuiltinCall &c) {
  const ast::CallExpr &call = c.call;
  Scope &scope = c.scope;
  CallInfo &info = c.info;
  llvm::StringRef name = call.getCallee();
  if (scope.cell) {
    error(call.getLoc()) << "'" << name
                         << "' runs over whole sequences and cannot be used "
                            "inside a cell body";
    return std::nullopt;
  }
  const Value *x = &c.first;
  if (x->type.rank() != 3 || !isFloat(x->type.element)) {
    error(call.getArgs()[0]->getLoc())
        << "'" << name << "' takes a time-major float sequence [T, B, "
                          "features], found "
        << x->type.str();
    return std::nullopt;
  }
  const ast::Expr *hiddenExpr = namedArg(call, "hidden");
  if (!hiddenExpr) {
    error(call.getLoc()) << "'" << name
                         << "' needs the option 'hidden' (the hidden size)";
    return std::nullopt;
  }
  std::optional<int64_t> hidden =
      evalInt(*hiddenExpr, scope, "the hidden size", 1, kMaxHidden);
  if (!hidden)
    return std::nullopt;
  info.hidden = *hidden;
  if (const ast::Expr *e = namedArg(call, "layers")) {
    std::optional<int64_t> layers =
        evalInt(*e, scope, "the layer count", 1, kMaxLayers);
    if (!layers)
      return std::nullopt;
    info.layers = *layers;
  }
  std::optional<std::string> bidirectional =
      keywordArg(call, "bidirectional", {"true", "false"}, "false");
  if (!bidirectional)
    return std::nullopt;
  info.bidirectional = *bidirectional == "true";
  if (const ast::Expr *e = namedArg(call, "dropout")) {
    std::optional<Value> p = evalNumber(*e, scope, "a dropout rate");
    if (!p)
      return std::nullopt;
    if (p->number < 0 || p->number >= 1) {
      error(e->getLoc()) << "a dropout rate must be in [0, 1), found "
                         << formatNumber(p->number);
      return std::nullopt;
    }
    info.rate = p->number;
  }
  std::optional<std::string> nonlinearity =
      keywordArg(call, "nonlinearity", {"tanh", "relu"}, "tanh");
  if (!nonlinearity)
    return std::nullopt;
  using mlir::rnn::CellKind;
  info.cellKind = info.builtin == Builtin::LSTM  ? CellKind::LSTM
                  : info.builtin == Builtin::GRU ? CellKind::GRU
                  : *nonlinearity == "relu"      ? CellKind::Relu
                                                 : CellKind::Tanh;
  std::optional<std::string> prefix = paramPrefix(call, scope, c.bindName);
  if (!prefix)
    return std::nullopt;

  // PyTorch's parameters: U(-k, k) with k = 1/sqrt(hidden), per layer and
  // direction weight_ih, weight_hh, bias_ih, bias_hh.
  int64_t gates = mlir::rnn::gateCount(info.cellKind);
  int64_t directions = mlir::rnn::directionCount(
      info.bidirectional ? mlir::rnn::Direction::bidirectional
                         : mlir::rnn::Direction::forward);
  double k = 1.0 / std::sqrt(static_cast<double>(info.hidden));
  ElementType element = x->type.element;
  Dim H = Dim::constant(info.hidden), GH = Dim::constant(gates * info.hidden);
  for (int64_t l = 0; l < info.layers; ++l) {
    Dim in = l == 0 ? x->type.dims[2]
                    : Dim::constant(directions * info.hidden);
    for (int64_t d = 0; d < directions; ++d) {
      std::string suffix =
          "_l" + std::to_string(l) + (d == 1 ? "_reverse" : "");
      auto add = [&](const char *kind, std::vector<Dim> dims) {
        info.params.push_back(addParam(*prefix + kind + suffix,
                                       {element, std::move(dims)},
                                       mlir::rnn::InitKind::uniform, {-k, k},
                                       call.getLoc()));
      };
      add("weight_ih", {GH, in});
      add("weight_hh", {GH, H});
      add("bias_ih", {GH});
      add("bias_hh", {GH});
    }
  }

  TensorType stateType{element,
                       {Dim::constant(info.layers * directions),
                        x->type.dims[1], H}};
  std::vector<std::pair<std::string, TensorType>> states{{"h", stateType}};
  if (mlir::rnn::hasCellState(info.cellKind))
    states.emplace_back("c", stateType);
  TensorType output{element,
                    {x->type.dims[0], x->type.dims[1],
                     Dim::constant(directions * info.hidden)}};
  return makeRecurrence(*this, call, scope, info, output, std::move(states),
                        c.bindName);
}
