//===- MLIRGen.cpp - from a checked .rnn model to the rnn dialect ---------===//
//
// Walks the AST with Sema's side tables (types, name resolutions, call
// facts) and emits rnn-dialect ops. It makes no decisions Sema has not
// checked; every op it builds must verify. Builtin calls are dispatched
// from Builtins.def to one emit<Rule> function each.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/MLIRGen.h"

#include "RNN/IR/RNNBuilders.h"
#include "RNN/IR/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/Casting.h"

#include <cmath>
#include <map>

using namespace mlir;
using namespace rnnc;
using llvm::cast;
using llvm::dyn_cast;
using rnnc::sema::Binding;
using rnnc::sema::Builtin;
using rnnc::sema::CallInfo;
using rnnc::sema::CellInfo;
using rnnc::sema::CheckedModel;
using rnnc::sema::Dim;
using rnnc::sema::ElementType;
using rnnc::sema::ParamInfo;
using rnnc::sema::Recurrence;

namespace {

/// What an expression emitted: one tensor; a recurrence (output, then final
/// states); or a tuple's elements. A compile-time number emits nothing.
struct Emitted {
  llvm::SmallVector<mlir::Value> values;
  mlir::Value tensor() const { return values.empty() ? nullptr : values[0]; }
};

/// A checked builtin call being emitted.
struct BuiltinEmission {
  const ast::CallExpr &call;
  const CallInfo &info;
  const sema::Value &value; // what Sema found the call to be
  Location loc;
};

class Generator {
public:
  Generator(const ast::Model &model, const CheckedModel &checked,
            MLIRContext &context)
      : model(model), checked(checked), builder(&context) {}

  OwningOpRef<ModuleOp> run();

private:
  // Types and dimensions.
  Type elementType(ElementType element);
  RankedTensorType tensorType(const sema::TensorType &type);
  mlir::Value dimValue(const Dim &dim, Location loc);
  llvm::SmallVector<mlir::Value> dynamicSizes(const sema::TensorType &type,
                                              Location loc);

  // Module structure.
  void emitParams();
  func::FuncOp createForward();
  mlir::Value paramRead(const ParamInfo *param, Location loc);

  // Bindings and expressions.
  Emitted emitBinding(const Binding *binding, Location loc);
  Emitted emitModelLet(const Binding *binding);
  Emitted emit(const ast::Expr &expr);
  /// A tensor for `expr`; a number becomes a scalar of `element`.
  mlir::Value emitTensor(const ast::Expr &expr, ElementType element);
  mlir::Value emitScalar(double value, ElementType element, Location loc);
  Emitted emitBinary(const ast::BinaryExpr &expr);
  /// gelu(x) (tanh form) as rnn ops.
  mlir::Value emitGelu(mlir::Value x, const BuiltinEmission &c);
  Emitted emitCall(const ast::CallExpr &call);
  Emitted emitCellApplication(const ast::CallExpr &call, const CallInfo &info);
  /// Argument `i` of a builtin call as a tensor.
  mlir::Value arg(const BuiltinEmission &c, size_t i);
  IntegerAttr i64(int64_t v) { return builder.getI64IntegerAttr(v); }
  // One per rule of Builtins.def (emitLayer: the recurrent layers).
#define BUILTIN_RULE(Rule) Emitted emit##Rule(const BuiltinEmission &c);
#include "rnnc/Frontend/Builtins.def"
  llvm::SmallVector<mlir::Value> initialStates(const CallInfo &info,
                                               Location loc);

  const ast::Model &model;
  const CheckedModel &checked;
  OpBuilder builder;
  rnn::ModelOp modelOp;
  func::FuncOp forward;
  Block *entry = nullptr;

  std::map<std::string, mlir::Value> dimArgs;
  std::map<std::string, mlir::Value> dimCache;
  std::map<const ParamInfo *, mlir::Value> paramReads;
  std::map<const Binding *, Emitted> modelValues;
  /// Values of cell-local names while a cell body is emitted.
  std::map<const Binding *, mlir::Value> *cellValues = nullptr;
  std::vector<llvm::SmallVector<mlir::Value>> stateIns, stateOuts;
  /// The last op of the function's prologue (parameter reads, index
  /// arithmetic), which dominates every use; new prologue ops follow it.
  Operation *prologueEnd = nullptr;

  /// Moves the builder to the end of the prologue.
  void toPrologue() {
    if (prologueEnd)
      builder.setInsertionPointAfter(prologueEnd);
    else
      builder.setInsertionPointToStart(entry);
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

Type Generator::elementType(ElementType element) {
  switch (element) {
  case ElementType::F32:
    return builder.getF32Type();
  case ElementType::F64:
    return builder.getF64Type();
  case ElementType::I32:
    return builder.getI32Type();
  case ElementType::I64:
    return builder.getI64Type();
  }
  return builder.getF32Type();
}

RankedTensorType Generator::tensorType(const sema::TensorType &type) {
  llvm::SmallVector<int64_t> shape;
  for (const Dim &dim : type.dims)
    shape.push_back(dim.isStatic() ? dim.getConstant() : ShapedType::kDynamic);
  return RankedTensorType::get(shape, elementType(type.element));
}

mlir::Value Generator::dimValue(const Dim &dim, Location loc) {
  std::string key = dim.str();
  auto cached = dimCache.find(key);
  if (cached != dimCache.end())
    return cached->second;
  // Index arithmetic goes at the top of the function so it dominates every
  // use, including uses inside scan bodies.
  OpBuilder::InsertionGuard guard(builder);
  toPrologue();
  mlir::Value result;
  for (const auto &[name, k] : dim.getTerms()) {
    mlir::Value term = dimArgs.at(name);
    if (k != 1)
      term = builder.create<arith::MulIOp>(
          loc, term, builder.create<arith::ConstantIndexOp>(loc, k));
    result = result ? builder.create<arith::AddIOp>(loc, result, term) : term;
  }
  if (!result || dim.getConstant() != 0) {
    mlir::Value constant =
        builder.create<arith::ConstantIndexOp>(loc, dim.getConstant());
    result = result ? builder.create<arith::AddIOp>(loc, result, constant)
                    : constant;
  }
  prologueEnd = result.getDefiningOp();
  dimCache[key] = result;
  return result;
}

llvm::SmallVector<mlir::Value>
Generator::dynamicSizes(const sema::TensorType &type, Location loc) {
  llvm::SmallVector<mlir::Value> sizes;
  for (const Dim &dim : type.dims)
    if (!dim.isStatic())
      sizes.push_back(dimValue(dim, loc));
  return sizes;
}

//===----------------------------------------------------------------------===//
// Module structure
//===----------------------------------------------------------------------===//

/// The train/generate options as a dictionary attribute.
static DictionaryAttr
optionsAttr(OpBuilder &builder,
            const std::vector<std::pair<std::string, sema::Value>> &options) {
  llvm::SmallVector<NamedAttribute> entries;
  for (const auto &[name, value] : options) {
    Attribute attr;
    switch (value.kind) {
    case sema::Value::Kind::Number:
      attr = value.isInteger ? Attribute(builder.getI64IntegerAttr(
                                   static_cast<int64_t>(value.number)))
                             : Attribute(builder.getF64FloatAttr(value.number));
      break;
    case sema::Value::Kind::Symbol:
      attr = builder.getStringAttr(value.text);
      if (value.text == "truncated")
        entries.push_back(builder.getNamedAttr(
            name + "_steps",
            builder.getI64IntegerAttr(static_cast<int64_t>(value.number))));
      break;
    default:
      attr = builder.getStringAttr(value.text);
      break;
    }
    entries.push_back(builder.getNamedAttr(name, attr));
  }
  return builder.getDictionaryAttr(entries);
}

void Generator::emitParams() {
  for (const auto &param : checked.params) {
    llvm::SmallVector<Attribute> names;
    bool symbolic = false;
    for (const Dim &dim : param->type.dims) {
      names.push_back(builder.getStringAttr(dim.isStatic() ? "" : dim.str()));
      symbolic |= !dim.isStatic();
    }
    auto init = rnn::InitializerAttr::get(
        builder.getContext(), param->init,
        builder.getDenseF64ArrayAttr(param->initArgs));
    builder.create<rnn::ParamOp>(
        param->loc, builder.getStringAttr(param->symbol),
        TypeAttr::get(tensorType(param->type)), init,
        symbolic ? builder.getArrayAttr(names) : ArrayAttr());
  }
}

func::FuncOp Generator::createForward() {
  llvm::SmallVector<Type> argTypes, resultTypes;
  llvm::SmallVector<DictionaryAttr> argAttrs, resultAttrs;
  // The role of an argument or result and, for a shape with symbolic
  // dimensions, their names ("" for static ones): the runtime sizes the
  // buffers it passes from them.
  auto role = [&](llvm::StringRef key, llvm::StringRef value,
                  const sema::TensorType *type = nullptr) {
    llvm::SmallVector<NamedAttribute> entries{
        builder.getNamedAttr(key, builder.getStringAttr(value))};
    if (type &&
        llvm::any_of(type->dims, [](const Dim &d) { return !d.isStatic(); })) {
      llvm::SmallVector<Attribute> names;
      for (const Dim &dim : type->dims)
        names.push_back(builder.getStringAttr(dim.isStatic() ? "" : dim.str()));
      entries.push_back(
          builder.getNamedAttr("rnn.dims", builder.getArrayAttr(names)));
    }
    return builder.getDictionaryAttr(entries);
  };
  for (const std::string &dim : checked.dims) {
    argTypes.push_back(builder.getIndexType());
    argAttrs.push_back(role("rnn.dim", dim));
  }
  for (const Binding *input : checked.inputs) {
    argTypes.push_back(tensorType(input->value.type));
    argAttrs.push_back(role("rnn.input", input->name, &input->value.type));
  }
  for (const Binding *target : checked.targets) {
    argTypes.push_back(tensorType(target->value.type));
    argAttrs.push_back(role("rnn.target", target->name, &target->value.type));
  }
  for (const Recurrence &r : checked.recurrences)
    for (const auto &[state, type] : r.states) {
      argTypes.push_back(tensorType(type));
      argAttrs.push_back(role("rnn.state_in", r.name + "." + state, &type));
    }
  if (checked.loss) { // a cell module has none
    resultTypes.push_back(tensorType(checked.valueOf(*checked.loss).type));
    resultAttrs.push_back(role("rnn.result", "loss"));
  }
  resultTypes.push_back(tensorType(checked.output->value.type));
  resultAttrs.push_back(
      role("rnn.output", checked.output->name, &checked.output->value.type));
  for (const Recurrence &r : checked.recurrences)
    for (const auto &[state, type] : r.states) {
      resultTypes.push_back(tensorType(type));
      resultAttrs.push_back(role("rnn.state_out", r.name + "." + state, &type));
    }

  auto func = builder.create<func::FuncOp>(
      model.loc, "forward", builder.getFunctionType(argTypes, resultTypes));
  func.setAllArgAttrs(argAttrs);
  func.setAllResultAttrs(resultAttrs);
  entry = func.addEntryBlock();

  unsigned arg = 0;
  for (const std::string &dim : checked.dims)
    dimArgs[dim] = entry->getArgument(arg++);
  for (const Binding *b : checked.inputs)
    modelValues[b] = {{entry->getArgument(arg++)}};
  for (const Binding *b : checked.targets)
    modelValues[b] = {{entry->getArgument(arg++)}};
  for (const Recurrence &r : checked.recurrences) {
    auto &ins = stateIns.emplace_back();
    for (size_t i = 0; i < r.states.size(); ++i)
      ins.push_back(entry->getArgument(arg++));
  }
  stateOuts.resize(checked.recurrences.size());
  return func;
}

mlir::Value Generator::paramRead(const ParamInfo *param, Location loc) {
  auto it = paramReads.find(param);
  if (it != paramReads.end())
    return it->second;
  OpBuilder::InsertionGuard guard(builder);
  toPrologue();
  mlir::Value value = builder.create<rnn::ParamReadOp>(
      loc, tensorType(param->type), param->symbol);
  prologueEnd = value.getDefiningOp();
  paramReads[param] = value;
  return value;
}

OwningOpRef<ModuleOp> Generator::run() {
  OwningOpRef<ModuleOp> module = ModuleOp::create(model.loc);
  builder.setInsertionPointToEnd(module->getBody());
  modelOp = builder.create<rnn::ModelOp>(model.loc, model.name);
  if (checked.cellModule)
    modelOp->setAttr("cell_module", builder.getBoolAttr(true));
  else
    modelOp->setAttr("task", builder.getStringAttr(checked.task));
  modelOp->setAttr("train", optionsAttr(builder, checked.trainOptions));
  if (!checked.dimRequirements.empty()) {
    llvm::SmallVector<NamedAttribute> sizes;
    for (const auto &[dim, size] : checked.dimRequirements)
      sizes.push_back(
          builder.getNamedAttr(dim, builder.getI64IntegerAttr(size)));
    modelOp->setAttr("dim_requirements", builder.getDictionaryAttr(sizes));
  }
  if (!checked.generateOptions.empty())
    modelOp->setAttr("generate", optionsAttr(builder, checked.generateOptions));

  builder.setInsertionPointToEnd(&modelOp.getBody().front());
  emitParams();
  forward = createForward();
  builder.setInsertionPointToEnd(entry);

  // Every model-level let, in source order (each emits what it uses first),
  // so every recurrence produces its final state.
  for (const ast::StmtPtr &item : model.items) {
    if (auto *let = dyn_cast<ast::LetStmt>(item.get()))
      for (const Binding *b : checked.lets.at(let))
        emitModelLet(b);
  }
  llvm::SmallVector<mlir::Value> results;
  if (checked.loss)
    results.push_back(emitTensor(*checked.loss, ElementType::F32));
  results.push_back(emitBinding(checked.output, checked.output->loc).tensor());
  for (size_t r = 0; r < checked.recurrences.size(); ++r)
    results.append(stateOuts[r].begin(), stateOuts[r].end());
  builder.create<func::ReturnOp>(model.loc, results);
  return module;
}

//===----------------------------------------------------------------------===//
// Bindings
//===----------------------------------------------------------------------===//

Emitted Generator::emitBinding(const Binding *binding, Location loc) {
  switch (binding->kind) {
  case Binding::Kind::Const:
    return {};
  case Binding::Kind::Param:
    return {{paramRead(binding->param, loc)}};
  case Binding::Kind::Input:
  case Binding::Kind::Target:
    return modelValues.at(binding);
  case Binding::Kind::State:
  case Binding::Kind::CellInput:
    return {{cellValues->at(binding)}};
  case Binding::Kind::Let:
    if (binding->cell)
      return {{cellValues->at(binding)}};
    return emitModelLet(binding);
  }
  return {};
}

Emitted Generator::emitModelLet(const Binding *binding) {
  auto it = modelValues.find(binding);
  if (it != modelValues.end())
    return it->second;
  if (auto *output = dyn_cast<ast::OutputStmt>(binding->stmt)) {
    Emitted value = emit(*output->value);
    modelValues[binding] = value;
    return value;
  }
  auto *let = cast<ast::LetStmt>(binding->stmt);
  Emitted value = emit(*let->value);
  const std::vector<const Binding *> &bound = checked.lets.at(let);
  if (bound.size() == 1) {
    modelValues[binding] = value;
    return value;
  }
  for (size_t i = 0; i < bound.size(); ++i)
    modelValues[bound[i]] = {{value.values[i]}};
  return modelValues.at(binding);
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

mlir::Value Generator::emitScalar(double value, ElementType element,
                                  Location loc) {
  return builder.create<rnn::FillOp>(
      loc, RankedTensorType::get({}, elementType(element)),
      builder.getF64FloatAttr(value), ValueRange{});
}

mlir::Value Generator::emitTensor(const ast::Expr &expr, ElementType element) {
  const sema::Value &value = checked.valueOf(expr);
  if (value.kind == sema::Value::Kind::Number)
    return emitScalar(value.number, element, expr.getLoc());
  return emit(expr).tensor();
}

Emitted Generator::emit(const ast::Expr &expr) {
  Location loc = expr.getLoc();
  const sema::Value &value = checked.valueOf(expr);
  switch (expr.getKind()) {
  case ast::Expr::Kind::Number:
  case ast::Expr::Kind::String:
    return {};
  case ast::Expr::Kind::Name:
    return emitBinding(checked.names.at(&expr), loc);
  case ast::Expr::Kind::Unary: {
    if (value.kind == sema::Value::Kind::Number)
      return {};
    mlir::Value operand =
        emit(cast<ast::UnaryExpr>(expr).getOperand()).tensor();
    return {{builder.create<rnn::NegOp>(loc, tensorType(value.type), operand)
                 .getResult()}};
  }
  case ast::Expr::Kind::Binary:
    return emitBinary(cast<ast::BinaryExpr>(expr));
  case ast::Expr::Kind::Call:
    return emitCall(cast<ast::CallExpr>(expr));
  case ast::Expr::Kind::Member: {
    auto &member = cast<ast::MemberExpr>(expr);
    const sema::Value &base = checked.valueOf(member.getBase());
    Emitted recurrence = emit(member.getBase());
    for (size_t i = 0; i < base.states.size(); ++i)
      if (base.states[i].first == member.getMember())
        return {{recurrence.values[1 + i]}};
    return {};
  }
  case ast::Expr::Kind::Index: {
    auto &index = cast<ast::IndexExpr>(expr);
    mlir::Value base = emit(index.getBase()).tensor();
    int64_t i = static_cast<int64_t>(checked.valueOf(index.getIndex()).number);
    return {{builder
                 .create<rnn::SelectOp>(loc, tensorType(value.type), base,
                                        builder.getI64IntegerAttr(0),
                                        builder.getI64IntegerAttr(i))
                 .getResult()}};
  }
  case ast::Expr::Kind::Tuple: {
    Emitted tuple;
    for (const ast::ExprPtr &element : cast<ast::TupleExpr>(expr).getElements())
      tuple.values.push_back(emit(*element).tensor());
    return tuple;
  }
  }
  return {};
}

Emitted Generator::emitBinary(const ast::BinaryExpr &expr) {
  const sema::Value &value = checked.valueOf(expr);
  if (value.kind == sema::Value::Kind::Number)
    return {};
  Location loc = expr.getLoc();
  ElementType element = value.type.element;
  mlir::Value lhs = emitTensor(expr.getLhs(), element);
  mlir::Value rhs = emitTensor(expr.getRhs(), element);
  RankedTensorType type = tensorType(value.type);
  mlir::Value result;
  switch (expr.getOp()) {
  case '+':
    result = builder.create<rnn::AddOp>(loc, type, lhs, rhs);
    break;
  case '-':
    result = builder.create<rnn::SubOp>(loc, type, lhs, rhs);
    break;
  case '*':
    result = builder.create<rnn::MulOp>(loc, type, lhs, rhs);
    break;
  case '/':
    result = builder.create<rnn::DivOp>(loc, type, lhs, rhs);
    break;
  case '@':
    result = builder.create<rnn::MatmulOp>(loc, type, lhs, rhs,
                                           /*transpose_lhs=*/false,
                                           /*transpose_rhs=*/false);
    break;
  }
  return {{result}};
}

Emitted Generator::emitCall(const ast::CallExpr &call) {
  BuiltinEmission c{call, checked.calls.at(&call), checked.valueOf(call),
                    call.getLoc()};
  switch (c.info.builtin) {
#define BUILTIN(Enumerator, Spelling, MinArgs, MaxArgs, FirstArg, Noun, Rule,  \
                Options)                                                       \
  case Builtin::Enumerator:                                                    \
    return emit##Rule(c);
#include "rnnc/Frontend/Builtins.def"
  case Builtin::Cell:
    return emitCellApplication(call, c.info);
  }
  return {};
}

//===----------------------------------------------------------------------===//
// Builtins, one rule each (Builtins.def)
//===----------------------------------------------------------------------===//

mlir::Value Generator::arg(const BuiltinEmission &c, size_t i) {
  return emit(*c.call.getArgs()[i]).tensor();
}

Emitted Generator::emitElementwise(const BuiltinEmission &c) {
  mlir::Value x = arg(c, 0);
  RankedTensorType type = tensorType(c.value.type);
  switch (c.info.builtin) {
  case Builtin::Tanh:
    return {{builder.create<rnn::TanhOp>(c.loc, type, x)}};
  case Builtin::Sigmoid:
    return {{builder.create<rnn::SigmoidOp>(c.loc, type, x)}};
  case Builtin::Relu:
    return {{builder.create<rnn::ReluOp>(c.loc, type, x)}};
  case Builtin::Exp:
    return {{builder.create<rnn::ExpOp>(c.loc, type, x)}};
  case Builtin::Log:
    return {{builder.create<rnn::LogOp>(c.loc, type, x)}};
  case Builtin::Abs:
    return {{builder.create<rnn::AbsOp>(c.loc, type, x)}};
  case Builtin::Softplus:
    return {{builder.create<rnn::SoftplusOp>(c.loc, type, x)}};
  case Builtin::Silu: // x sigmoid(x)
    return {{builder.create<rnn::MulOp>(
        c.loc, type, x, builder.create<rnn::SigmoidOp>(c.loc, type, x))}};
  case Builtin::Gelu:
    return {{emitGelu(x, c)}};
  default:
    return {{builder.create<rnn::SqrtOp>(c.loc, type, x)}};
  }
}

/// gelu's tanh form (PyTorch's approximate='tanh'):
/// 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))), in rnn ops, so that
/// its derivative is derived.
mlir::Value Generator::emitGelu(mlir::Value x, const BuiltinEmission &c) {
  ElementType element = c.value.type.element;
  RankedTensorType type = tensorType(c.value.type);
  Location loc = c.loc;
  auto scalar = [&](double v) { return emitScalar(v, element, loc); };
  auto mul = [&](mlir::Value a, mlir::Value b) -> mlir::Value {
    return builder.create<rnn::MulOp>(loc, type, a, b);
  };
  auto add = [&](mlir::Value a, mlir::Value b) -> mlir::Value {
    return builder.create<rnn::AddOp>(loc, type, a, b);
  };
  mlir::Value cube = mul(mul(x, x), x);
  mlir::Value inner = mul(add(x, mul(cube, scalar(0.044715))),
                          scalar(std::sqrt(2.0 / M_PI)));
  mlir::Value t = builder.create<rnn::TanhOp>(loc, type, inner);
  return mul(mul(x, scalar(0.5)), add(t, scalar(1.0)));
}

Emitted Generator::emitExtremum(const BuiltinEmission &c) {
  ElementType element = c.value.type.element;
  mlir::Value lhs = emitTensor(*c.call.getArgs()[0], element);
  mlir::Value rhs = emitTensor(*c.call.getArgs()[1], element);
  RankedTensorType type = tensorType(c.value.type);
  if (c.info.builtin == Builtin::Max)
    return {{builder.create<rnn::MaxOp>(c.loc, type, lhs, rhs)}};
  return {{builder.create<rnn::MinOp>(c.loc, type, lhs, rhs)}};
}

Emitted Generator::emitPower(const BuiltinEmission &c) {
  return {{builder.create<rnn::PowOp>(
      c.loc, tensorType(c.value.type), arg(c, 0),
      builder.getF64FloatAttr(c.info.constants[0]))}};
}

Emitted Generator::emitClamp(const BuiltinEmission &c) {
  return {{builder.create<rnn::ClampOp>(
      c.loc, tensorType(c.value.type), arg(c, 0),
      builder.getF64FloatAttr(c.info.constants[0]),
      builder.getF64FloatAttr(c.info.constants[1]))}};
}

Emitted Generator::emitSoftmax(const BuiltinEmission &c) {
  return {{builder.create<rnn::SoftmaxOp>(c.loc, tensorType(c.value.type),
                                          arg(c, 0), i64(c.info.axis))}};
}

Emitted Generator::emitConcat(const BuiltinEmission &c) {
  llvm::SmallVector<mlir::Value> inputs;
  for (size_t i = 0; i < c.call.getArgs().size(); ++i)
    inputs.push_back(arg(c, i));
  return {{builder.create<rnn::ConcatOp>(c.loc, tensorType(c.value.type),
                                         inputs, i64(c.info.axis))}};
}

Emitted Generator::emitPieces(const BuiltinEmission &c) {
  llvm::SmallVector<Type> types;
  for (const sema::Value &element : c.value.elements)
    types.push_back(tensorType(element.type));
  auto split = builder.create<rnn::SplitOp>(
      c.loc, types, arg(c, 0), i64(c.info.axis),
      builder.getDenseI64ArrayAttr(c.info.sizes));
  return {llvm::SmallVector<mlir::Value>(split.getResults())};
}

Emitted Generator::emitOneHot(const BuiltinEmission &c) {
  mlir::Value depth =
      c.info.dim.isStatic() ? nullptr : dimValue(c.info.dim, c.loc);
  return {{builder.create<rnn::OneHotOp>(c.loc, tensorType(c.value.type),
                                         arg(c, 0), depth)}};
}

Emitted Generator::emitEmbedding(const BuiltinEmission &c) {
  return {{builder.create<rnn::EmbeddingOp>(
      c.loc, tensorType(c.value.type), arg(c, 0),
      paramRead(c.info.params[0], c.loc))}};
}

Emitted Generator::emitLinear(const BuiltinEmission &c) {
  mlir::Value bias = c.info.params.size() > 1
                         ? paramRead(c.info.params[1], c.loc)
                         : mlir::Value();
  return {{builder.create<rnn::LinearOp>(
      c.loc, tensorType(c.value.type), arg(c, 0),
      paramRead(c.info.params[0], c.loc), bias)}};
}

Emitted Generator::emitLayerNorm(const BuiltinEmission &c) {
  return {{builder.create<rnn::LayerNormOp>(
      c.loc, tensorType(c.value.type), arg(c, 0),
      paramRead(c.info.params[0], c.loc), paramRead(c.info.params[1], c.loc),
      builder.getF64FloatAttr(c.info.epsilon))}};
}

Emitted Generator::emitDropout(const BuiltinEmission &c) {
  return {{builder.create<rnn::DropoutOp>(
      c.loc, tensorType(c.value.type), arg(c, 0),
      builder.getF64FloatAttr(c.info.rate), i64(c.info.seed),
      c.info.axis >= 0 ? i64(c.info.axis) : IntegerAttr())}};
}

Emitted Generator::emitReverse(const BuiltinEmission &c) {
  return {{builder.create<rnn::ReverseOp>(c.loc, tensorType(c.value.type),
                                          arg(c, 0), i64(0))}};
}

Emitted Generator::emitLast(const BuiltinEmission &c) {
  mlir::Value state = emit(*c.call.getArgs()[0]).values[1];
  if (c.info.selectIndex < 0)
    return {{state}};
  return {{builder.create<rnn::SelectOp>(c.loc, tensorType(c.value.type),
                                         state, i64(0),
                                         i64(c.info.selectIndex))}};
}

Emitted Generator::emitRepeat(const BuiltinEmission &c) {
  return {{builder.create<rnn::BroadcastOp>(
      c.loc, tensorType(c.value.type), arg(c, 0),
      dynamicSizes(c.value.type, c.loc))}};
}

Emitted Generator::emitCrossEntropy(const BuiltinEmission &c) {
  mlir::Value lengths = c.info.validLengths
                            ? emit(*c.info.validLengths).tensor()
                            : mlir::Value();
  auto reduction =
      c.info.reduceSum ? rnn::LossReduction::sum : rnn::LossReduction::mean;
  return {{builder.create<rnn::CrossEntropyOp>(
      c.loc, tensorType(c.value.type), reduction, arg(c, 0), arg(c, 1),
      lengths)}};
}

Emitted Generator::emitMse(const BuiltinEmission &c) {
  return {{builder.create<rnn::MseOp>(c.loc, tensorType(c.value.type),
                                      arg(c, 0), arg(c, 1))}};
}

Emitted Generator::emitReduction(const BuiltinEmission &c) {
  const sema::Value &input = checked.valueOf(*c.call.getArgs()[0]);
  llvm::SmallVector<int64_t> dims;
  for (size_t d = 0; d < input.type.rank(); ++d)
    dims.push_back(static_cast<int64_t>(d));
  auto kind = c.info.builtin == Builtin::Sum ? rnn::ReduceKind::sum
                                             : rnn::ReduceKind::mean;
  return {{builder.create<rnn::ReduceOp>(
      c.loc, tensorType(c.value.type), kind, arg(c, 0),
      builder.getDenseI64ArrayAttr(dims), /*keep_dims=*/false)}};
}

//===----------------------------------------------------------------------===//
// Recurrences
//===----------------------------------------------------------------------===//

llvm::SmallVector<mlir::Value> Generator::initialStates(const CallInfo &info,
                                                        Location loc) {
  if (info.init)
    return emit(*info.init).values;
  return stateIns[info.recurrence];
}

Emitted Generator::emitLayer(const BuiltinEmission &c) {
  const CallInfo &info = c.info;
  Location loc = c.loc;
  const sema::Value &value = c.value;
  mlir::Value input = arg(c, 0);
  llvm::SmallVector<mlir::Value> states = initialStates(info, loc);
  llvm::SmallVector<mlir::Value> weights;
  for (const ParamInfo *param : info.params)
    weights.push_back(paramRead(param, loc));

  llvm::SmallVector<Type> resultTypes{tensorType(value.type)};
  for (const auto &[name, type] : value.states)
    resultTypes.push_back(tensorType(type));

  rnn::LayerConfig config;
  config.direction = info.bidirectional ? rnn::Direction::bidirectional
                                        : rnn::Direction::forward;
  config.hidden = info.hidden;
  config.layers = info.layers;
  config.dropout = info.rate;
  Operation *op = rnn::createLayerOp(builder, loc, info.cellKind, config, input,
                                     states, weights, resultTypes);
  Emitted result{llvm::SmallVector<mlir::Value>(op->getResults())};
  if (info.recurrence >= 0)
    stateOuts[info.recurrence].assign(result.values.begin() + 1,
                                      result.values.end());
  return result;
}

Emitted Generator::emitCellApplication(const ast::CallExpr &call,
                                       const CallInfo &info) {
  Location loc = call.getLoc();
  const CellInfo &cell = *info.cell;
  const sema::Value &value = checked.valueOf(call);

  // Model-level values the body reads are emitted before the scan.
  for (const Binding *capture : cell.captures)
    if (capture->kind == Binding::Kind::Let)
      emitModelLet(capture);

  llvm::SmallVector<mlir::Value> sequences;
  for (const ast::ExprPtr &arg : call.getArgs())
    sequences.push_back(emit(*arg).tensor());
  llvm::SmallVector<mlir::Value> inits = initialStates(info, loc);

  llvm::SmallVector<Type> resultTypes;
  for (const auto &[name, type] : value.states)
    resultTypes.push_back(tensorType(type));
  resultTypes.push_back(tensorType(value.type));

  auto scan = builder.create<rnn::ScanOp>(
      loc, resultTypes, sequences, inits,
      info.reverse ? rnn::Direction::reverse : rnn::Direction::forward);
  OpBuilder::InsertionGuard guard(builder);
  Block *body = builder.createBlock(&scan.getBody());
  std::map<const Binding *, mlir::Value> locals;
  for (size_t i = 0; i < cell.inputTypes.size(); ++i)
    locals[cell.inputs[i]] =
        body->addArgument(tensorType(cell.inputTypes[i]), loc);
  for (const Binding *state : cell.states)
    body->addArgument(tensorType(state->value.type), loc);

  builder.setInsertionPointToStart(body);
  std::map<const Binding *, mlir::Value> *outer = cellValues;
  cellValues = &locals;
  // Names in the cell scope: inputs and states by position.
  const ast::CellDecl &decl = *cell.decl;
  size_t stateIndex = 0;
  mlir::Value output;
  for (const ast::StmtPtr &stmtPtr : decl.body) {
    const ast::Stmt *stmt = stmtPtr.get();
    if (isa<ast::StateDecl>(stmt)) {
      const Binding *state = cell.states[stateIndex];
      locals[state] = body->getArgument(cell.inputTypes.size() + stateIndex);
      ++stateIndex;
    } else if (auto *let = dyn_cast<ast::LetStmt>(stmt)) {
      Emitted v = emit(*let->value);
      const auto &bound = checked.lets.at(let);
      for (size_t i = 0; i < bound.size(); ++i)
        locals[bound[i]] = v.values[i];
    } else if (auto *assign = dyn_cast<ast::AssignStmt>(stmt)) {
      mlir::Value v = emit(*assign->value).tensor();
      for (const Binding *state : cell.states)
        if (state->name == assign->name)
          locals[state] = v;
    } else if (auto *out = dyn_cast<ast::OutputStmt>(stmt)) {
      output = emit(*out->value).tensor();
    }
  }
  llvm::SmallVector<mlir::Value> yielded;
  for (const Binding *state : cell.states)
    yielded.push_back(locals.at(state));
  yielded.push_back(output ? output : yielded.front());
  builder.create<rnn::YieldOp>(loc, yielded);
  cellValues = outer;

  // The recurrence: output sequence first, then the final states.
  Emitted result;
  result.values.push_back(scan.getResults().back());
  for (size_t i = 0; i < cell.states.size(); ++i)
    result.values.push_back(scan.getResult(i));
  if (info.recurrence >= 0)
    stateOuts[info.recurrence].assign(result.values.begin() + 1,
                                      result.values.end());
  return result;
}

OwningOpRef<ModuleOp> rnnc::frontend::generateMLIR(const ast::Model &model,
                                                   const CheckedModel &checked,
                                                   MLIRContext &context) {
  context
      .loadDialect<rnn::RNNDialect, func::FuncDialect, arith::ArithDialect>();
  return Generator(model, checked, context).run();
}
