//===- SemaInternals.h - the Sema class, shared by Sema*.cpp -----*- C++ -*-===//
//
// Private to the frontend library. Sema is split by topic: SemaModel.cpp
// (items, names, constants, types, tasks, options), SemaExpr.cpp
// (expressions), SemaBuiltins.cpp (the builtins of Builtins.def, one rule
// each), SemaRecurrence.cpp (cells and the rnn/gru/lstm layers).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_SEMAINTERNALS_H
#define RNNC_FRONTEND_SEMAINTERNALS_H

#include "rnnc/Frontend/Sema.h"
#include "rnnc/Frontend/Tasks.h"

#include "mlir/IR/Diagnostics.h"

#include <map>
#include <set>

namespace rnnc::sema {

/// A number as people write it in messages: 0.5, 3, 1e-05.
std::string formatNumber(double value);

/// Limits that keep every input cheap to check: integers stay exact in a
/// double (and so convert to int64 without overflow), dimensions fit in 31
/// bits, and a layer or split cannot ask for millions of parameters.
constexpr double kMaxInteger = 9007199254740992.0; // 2^53
constexpr int64_t kMaxDimension = int64_t(1) << 31;
constexpr int64_t kMaxLayers = 64;
constexpr int64_t kMaxHidden = int64_t(1) << 20;
constexpr int64_t kMaxPieces = 1024;

/// Names visible at one point: a cell body, or the model.
struct Scope {
  Scope *parent = nullptr;
  CellInfo *cell = nullptr; // inside a cell body
  std::map<std::string, Binding *> names;
};

/// A builtin call under check: its row of Builtins.def and its first
/// argument, checked as the row says.
struct BuiltinCall {
  const ast::CallExpr &call;
  const BuiltinSpec &spec;
  Scope &scope;
  const std::string *bindName;
  CallInfo &info;
  Value first;

  const ast::Expr &arg(size_t i) const { return *call.getArgs()[i]; }
  size_t argCount() const { return call.getArgs().size(); }
};

class Sema {
public:
  Sema(const ast::Model &model, llvm::ArrayRef<ConstOverride> overrides);
  std::optional<CheckedModel> run();

  //===--- SemaModel.cpp --------------------------------------------------===//
  bool declareItems();
  bool checkOptionsBlock(const ast::OptionsBlock &block);
  std::optional<Value> checkOption(const OptionSpec &spec,
                                   const ast::Option &option);
  bool checkInputsAgainstTask();
  /// Whether the model is a cell module: no train block, no targets, no
  /// loss (docs/language.md, "Cell modules").
  bool isCellModule() const;
  /// The model's (first) output statement, or null.
  const ast::OutputStmt *outputStatement() const;
  /// A cell module's output: any float tensor.
  bool checkCellModuleOutput();
  const ParamInfo *checkParam(const ast::ParamDecl &decl, Scope &scope,
                              const std::string &symbol);
  const ParamInfo *addParam(std::string symbol, TensorType type,
                            mlir::rnn::InitKind init, std::vector<double> args,
                            mlir::Location loc);
  bool checkOutputAndLoss();

  Binding *declare(Scope &scope, Binding::Kind kind, llvm::StringRef name,
                   mlir::Location loc);
  Binding *lookup(llvm::StringRef name, Scope &scope, mlir::Location loc);
  /// Checks a lazily resolved binding (model-level const or let) now.
  bool resolve(Binding &binding);
  bool isDimSymbol(llvm::StringRef name) const;

  std::optional<TensorType> checkType(const ast::TypeSpec &type, Scope &scope);
  std::optional<Dim> evalDim(const ast::Expr &expr, Scope &scope);
  std::optional<Dim> evalDimUnchecked(const ast::Expr &expr, Scope &scope);
  /// A compile-time number (integer constants, consts and arithmetic).
  std::optional<Value> evalNumber(const ast::Expr &expr, Scope &scope,
                                  llvm::StringRef what);
  std::optional<Value> evalNumberUnchecked(const ast::Expr &expr,
                                           Scope &scope, llvm::StringRef what);
  std::optional<int64_t> evalInt(const ast::Expr &expr, Scope &scope,
                                 llvm::StringRef what, int64_t min,
                                 int64_t max = kMaxDimension);
  /// Reports an integer or dimension outside the limits above.
  bool checkMagnitude(const ast::Expr &expr, double value, bool isInteger);

  //===--- SemaExpr.cpp ---------------------------------------------------===//
  /// Checks an expression; `bindName` is the name a `let` or `output` binds
  /// it to when the expression is the whole right-hand side (layers name
  /// their parameters after it).
  std::optional<Value> check(const ast::Expr &expr, Scope &scope,
                             const std::string *bindName = nullptr);
  std::optional<Value> checkTensor(const ast::Expr &expr, Scope &scope,
                                   llvm::StringRef what);
  std::optional<Value> checkBinary(const ast::BinaryExpr &expr, Scope &scope);
  /// The elementwise result of `lhs` and `rhs` (tensors or numbers, not
  /// both numbers), broadcast as in NumPy; errors name `what` ("'+'").
  std::optional<Value> broadcastOperands(mlir::Location loc, const Value &lhs,
                                         const Value &rhs,
                                         llvm::StringRef what);
  std::optional<Value> checkCall(const ast::CallExpr &call, Scope &scope,
                                 const std::string *bindName);
  std::optional<Value> checkMember(const ast::MemberExpr &expr, Scope &scope);
  std::optional<Value> checkIndex(const ast::IndexExpr &expr, Scope &scope);
  std::optional<int64_t> normaliseAxis(const ast::CallExpr &call,
                                       Scope &scope, const TensorType &type,
                                       int64_t defaultAxis);

  //===--- SemaBuiltins.cpp -----------------------------------------------===//
  /// Checks a call of a builtin of Builtins.def: its arity, options and
  /// first argument from the table, the rest by the builtin's rule.
  std::optional<Value> checkBuiltin(const ast::CallExpr &call, Scope &scope,
                                    const std::string *bindName,
                                    CallInfo &info);
  /// Argument `index` of `call`, checked as `kind` (messages name it
  /// "NOUN of 'CALLEE'").
  std::optional<Value> checkBuiltinArg(const ast::CallExpr &call,
                                       size_t index, Scope &scope,
                                       BuiltinArg kind, llvm::StringRef noun);
#define BUILTIN_RULE(Rule) std::optional<Value> check##Rule(BuiltinCall &c);
#include "rnnc/Frontend/Builtins.def"

  //===--- SemaRecurrence.cpp ---------------------------------------------===//
  bool checkCell(const ast::CellDecl &decl);
  std::optional<Value> applyCell(const ast::CallExpr &call, Scope &scope,
                                 const CellInfo &cell, CallInfo &info,
                                 const std::string *bindName);
  bool checkInitialStates(const ast::CallExpr &call, const ast::Expr &init,
                          Scope &scope,
                          const std::vector<std::pair<std::string,
                                                      TensorType>> &states);

  //===--- Shared helpers -------------------------------------------------===//
  mlir::InFlightDiagnostic error(mlir::Location loc) {
    failed = true;
    return mlir::emitError(loc);
  }
  /// Checks that only `allowed` named arguments appear and the positional
  /// count is in [minArgs, maxArgs].
  bool checkArity(const ast::CallExpr &call, size_t minArgs, size_t maxArgs,
                  llvm::ArrayRef<llvm::StringRef> allowed);
  const ast::Expr *namedArg(const ast::CallExpr &call, llvm::StringRef name);
  /// The keyword a named option was given (`bias = false` gives "false");
  /// `fallback` when the option is absent, std::nullopt (reported) when it
  /// is not one of `choices`.
  std::optional<std::string> keywordArg(const ast::CallExpr &call,
                                        llvm::StringRef option,
                                        llvm::ArrayRef<const char *> choices,
                                        llvm::StringRef fallback);
  /// The prefix of parameters a layer call creates: "NAME." from the let it
  /// is bound by (inside a cell "CELL.NAME."); reports when there is none.
  std::optional<std::string> paramPrefix(const ast::CallExpr &call,
                                         Scope &scope,
                                         const std::string *bindName);

  const ast::Model &model;
  std::map<std::string, ConstOverride> overrides;
  CheckedModel out;
  Scope modelScope;
  std::map<std::string, CellInfo *> cellsByName;
  const TaskSpec *task = nullptr; // null in a cell module
  bool failed = false;

  enum class Resolution { Unchecked, InProgress, Done, Failed };
  std::map<const Binding *, Resolution> resolution;
  std::map<const CellInfo *, Resolution> cellResolution;
  std::vector<const Binding *> resolving; // for cycle messages
  /// The cell whose body is being checked (to catch self-application).
  const CellInfo *checkingCell = nullptr;
  std::set<std::string> usedOverrides;
  int64_t nextDropoutSeed = 0;
};

} // namespace rnnc::sema

#endif // RNNC_FRONTEND_SEMAINTERNALS_H
