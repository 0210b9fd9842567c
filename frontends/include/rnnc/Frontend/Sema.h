//===- Sema.h - semantic checks of a .rnn model ------------------*- C++ -*-===//
//
// Sema resolves names, evaluates constants, checks arity, element types and
// symbolic shapes of every expression, checks the model against its task,
// and records what it found in a CheckedModel: the parameters (declared
// ones and those that layers create), the recurrences, the train/generate
// options, and side tables keyed by AST node that MLIRGen reads. Nothing
// here builds IR.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_SEMA_H
#define RNNC_FRONTEND_SEMA_H

#include "rnnc/Frontend/AST.h"
#include "rnnc/Frontend/Builtins.h"
#include "rnnc/Frontend/Types.h"

#include "RNN/IR/RNNAttrs.h"
#include "RNN/IR/RNNLayers.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rnnc::sema {

/// What a checked expression denotes.
struct Value {
  enum class Kind { Tensor, Number, String, Symbol, Tuple, Recurrence };
  Kind kind = Kind::Tensor;
  /// Tensor: its type. Recurrence: the per-step output stacked over time.
  TensorType type;
  /// Number: the value; whether it was written (or computed) as an integer.
  double number = 0;
  bool isInteger = false;
  /// String: the text. Symbol: a bare identifier used as an option value.
  std::string text;
  /// Tuple: the elements.
  std::vector<Value> elements;
  /// Recurrence: the final states, by name (h, c), in operand order.
  std::vector<std::pair<std::string, TensorType>> states;

  static Value tensor(TensorType type);
  static Value numberValue(double value, bool isInteger);
  bool isTensorLike() const {
    return kind == Kind::Tensor || kind == Kind::Recurrence;
  }
  /// "f32[B, 256]", "the number 2", "a tuple of 4 values", ...
  std::string describe() const;
};

/// A trainable parameter: declared with `param` or created by a layer.
struct ParamInfo {
  std::string symbol; // `W_xh`, `rnn.weight_ih_l0`, `cell.W`
  TensorType type;
  mlir::rnn::InitKind init;
  std::vector<double> initArgs;
  mlir::Location loc;
};

struct CellInfo;

/// Something a name refers to.
struct Binding {
  enum class Kind { Const, Input, Target, Param, Let, State, CellInput };
  Binding(Kind kind, std::string name, mlir::Location loc)
      : kind(kind), name(std::move(name)), loc(loc) {}
  Kind kind;
  std::string name;
  mlir::Location loc;
  Value value;
  /// Let: the statement; Input/Target: its position among inputs/targets;
  /// State/CellInput: position in the cell; destructured Let: the element.
  const ast::Stmt *stmt = nullptr;
  unsigned index = 0;
  const ParamInfo *param = nullptr;
  /// Set for names declared inside a cell.
  const CellInfo *cell = nullptr;
};

/// A user-defined cell, checked once; applied as an rnn.scan.
struct CellInfo {
  std::string name;
  const ast::CellDecl *decl;
  std::vector<TensorType> inputTypes; // per step
  std::vector<const Binding *> inputs;
  std::vector<const Binding *> states;
  TensorType outputType; // per step
  /// Model-level bindings the body reads (emitted before the scan).
  std::vector<const Binding *> captures;
};

/// What Sema learned about one call.
struct CallInfo {
  Builtin builtin = Builtin::Cell;
  int64_t axis = 0;           // normalised, non-negative
  int64_t selectIndex = -1;   // last(): the top layer's index in h_n
  std::vector<int64_t> sizes; // chunk/split piece sizes
  Dim dim;                    // one_hot depth, repeat count
  double rate = 0;            // dropout
  int64_t seed = 0;           // dropout
  double epsilon = 1e-5;      // layer_norm
  std::vector<double> constants; // pow: the exponent; clamp: lo and hi
  bool reduceSum = false;     // cross_entropy reduction
  // Layers: rnn/gru/lstm.
  int64_t hidden = 0, layers = 1;
  bool bidirectional = false;
  mlir::rnn::CellKind cellKind = mlir::rnn::CellKind::Tanh;
  // Layers and cells.
  std::vector<const ParamInfo *> params; // created, in operand order
  const CellInfo *cell = nullptr;
  bool reverse = false;
  const ast::Expr *init = nullptr;       // explicit initial state(s)
  int recurrence = -1; // index in CheckedModel::recurrences when init is default
  const ast::Expr *validLengths = nullptr;
};

/// A recurrence whose initial state is not given: it becomes a state-in
/// argument and a state-out result of the forward function, so the runtime
/// can carry it across batches and through generation.
struct Recurrence {
  std::string name; // the binding, for the argument attributes
  std::vector<std::pair<std::string, TensorType>> states;
};

/// The result of checking a model.
struct CheckedModel {
  CheckedModel(std::string name, mlir::Location loc)
      : name(std::move(name)), loc(loc) {}
  std::string name;
  mlir::Location loc;
  std::string task; // empty for a cell module
  /// A cell module: no task, targets or loss; compiled for PyTorch only
  /// (`--emit=torch`).
  bool cellModule = false;
  /// T, B, then the dimensions the task binds.
  std::vector<std::string> dims;
  /// Data-bound dimensions the model fixes to a size (an output with 4
  /// classes where the task binds C): the runtime checks the data agrees.
  std::map<std::string, int64_t> dimRequirements;
  std::vector<const Binding *> inputs, targets;
  std::vector<std::unique_ptr<ParamInfo>> params;
  std::vector<Recurrence> recurrences;
  const ast::Expr *loss = nullptr;
  const Binding *output = nullptr;
  /// Options in source order with their checked values (Number, String,
  /// Symbol); defaults are the runtime's.
  std::vector<std::pair<std::string, Value>> trainOptions, generateOptions;

  // Side tables for MLIRGen, keyed by AST node.
  std::unordered_map<const ast::Expr *, Value> values;
  std::unordered_map<const ast::Expr *, const Binding *> names;
  std::unordered_map<const ast::Expr *, CallInfo> calls;
  std::unordered_map<const ast::Stmt *, std::vector<const Binding *>> lets;

  std::vector<std::unique_ptr<Binding>> bindings;
  std::vector<std::unique_ptr<CellInfo>> cells;

  const Value &valueOf(const ast::Expr &e) const { return values.at(&e); }
};

/// A compile-time override of a const: `-D hidden=512`.
struct ConstOverride {
  std::string name;
  double value;
  bool isInteger;
};

/// Parses a `NAME=VALUE` override; reports through `error` and returns
/// std::nullopt when malformed.
std::optional<ConstOverride>
parseConstOverride(llvm::StringRef text, std::string &error);

/// Checks `model`. Errors go to the MLIR diagnostic engine; returns
/// std::nullopt if there were any.
std::optional<CheckedModel>
checkModel(const ast::Model &model, llvm::ArrayRef<ConstOverride> overrides);

} // namespace rnnc::sema

#endif // RNNC_FRONTEND_SEMA_H
