//===- AST.h - syntax tree of the .rnn language ------------------*- C++ -*-===//
//
// The parser's output: a model with its items in source order. Expressions
// and statements use LLVM-style RTTI (a kind tag and classof). Every node
// carries its source location; Sema annotates nothing here, it keeps its
// results in side tables keyed by node.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_AST_H
#define RNNC_FRONTEND_AST_H

#include "mlir/IR/Location.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace rnnc::ast {

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

class Expr {
public:
  enum class Kind { Number, String, Name, Unary, Binary, Call, Member, Index,
                    Tuple };
  Expr(Kind kind, mlir::Location loc) : kind(kind), loc(loc) {}
  virtual ~Expr() = default;
  Kind getKind() const { return kind; }
  mlir::Location getLoc() const { return loc; }

private:
  Kind kind;
  mlir::Location loc;
};
using ExprPtr = std::unique_ptr<Expr>;

/// 512, 0.01, 1e-5. `isInteger` when written without '.' or exponent.
class NumberExpr : public Expr {
public:
  NumberExpr(mlir::Location loc, double value, bool isInteger)
      : Expr(Kind::Number, loc), value(value), integer(isInteger) {}
  double getValue() const { return value; }
  bool isInteger() const { return integer; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Number; }

private:
  double value;
  bool integer;
};

class StringExpr : public Expr {
public:
  StringExpr(mlir::Location loc, std::string value)
      : Expr(Kind::String, loc), value(std::move(value)) {}
  llvm::StringRef getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::String; }

private:
  std::string value;
};

class NameExpr : public Expr {
public:
  NameExpr(mlir::Location loc, std::string name)
      : Expr(Kind::Name, loc), name(std::move(name)) {}
  llvm::StringRef getName() const { return name; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Name; }

private:
  std::string name;
};

/// -x
class UnaryExpr : public Expr {
public:
  UnaryExpr(mlir::Location loc, char op, ExprPtr operand)
      : Expr(Kind::Unary, loc), op(op), operand(std::move(operand)) {}
  char getOp() const { return op; }
  const Expr &getOperand() const { return *operand; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Unary; }

private:
  char op;
  ExprPtr operand;
};

/// a + b, a - b, a * b, a / b, a @ b
class BinaryExpr : public Expr {
public:
  BinaryExpr(mlir::Location loc, char op, ExprPtr lhs, ExprPtr rhs)
      : Expr(Kind::Binary, loc), op(op), lhs(std::move(lhs)),
        rhs(std::move(rhs)) {}
  char getOp() const { return op; }
  const Expr &getLhs() const { return *lhs; }
  const Expr &getRhs() const { return *rhs; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Binary; }

private:
  char op;
  ExprPtr lhs, rhs;
};

/// A `name = value` argument of a call.
struct NamedArg {
  std::string name;
  mlir::Location loc;
  ExprPtr value;
};

/// f(a, b, key = c)
class CallExpr : public Expr {
public:
  CallExpr(mlir::Location loc, std::string callee, std::vector<ExprPtr> args,
           std::vector<NamedArg> namedArgs)
      : Expr(Kind::Call, loc), callee(std::move(callee)),
        args(std::move(args)), namedArgs(std::move(namedArgs)) {}
  llvm::StringRef getCallee() const { return callee; }
  const std::vector<ExprPtr> &getArgs() const { return args; }
  const std::vector<NamedArg> &getNamedArgs() const { return namedArgs; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Call; }

private:
  std::string callee;
  std::vector<ExprPtr> args;
  std::vector<NamedArg> namedArgs;
};

/// enc.h: a final state of a recurrence.
class MemberExpr : public Expr {
public:
  MemberExpr(mlir::Location loc, ExprPtr base, std::string member)
      : Expr(Kind::Member, loc), base(std::move(base)),
        member(std::move(member)) {}
  const Expr &getBase() const { return *base; }
  llvm::StringRef getMember() const { return member; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Member; }

private:
  ExprPtr base;
  std::string member;
};

/// x[i]: one index along the leading dimension.
class IndexExpr : public Expr {
public:
  IndexExpr(mlir::Location loc, ExprPtr base, ExprPtr index)
      : Expr(Kind::Index, loc), base(std::move(base)),
        index(std::move(index)) {}
  const Expr &getBase() const { return *base; }
  const Expr &getIndex() const { return *index; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Index; }

private:
  ExprPtr base, index;
};

/// (a, b): initial states of a recurrence with two states.
class TupleExpr : public Expr {
public:
  TupleExpr(mlir::Location loc, std::vector<ExprPtr> elements)
      : Expr(Kind::Tuple, loc), elements(std::move(elements)) {}
  const std::vector<ExprPtr> &getElements() const { return elements; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Tuple; }

private:
  std::vector<ExprPtr> elements;
};

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// f32[T, B, hidden]; a scalar has no dimensions.
struct TypeSpec {
  std::string elementType;
  mlir::Location loc;
  std::vector<ExprPtr> dims;
};

//===----------------------------------------------------------------------===//
// Statements and items
//===----------------------------------------------------------------------===//

class Stmt {
public:
  enum class Kind { Const, Input, Param, State, Let, Assign, Output, Loss,
                    Cell, Options };
  Stmt(Kind kind, mlir::Location loc) : kind(kind), loc(loc) {}
  virtual ~Stmt() = default;
  Kind getKind() const { return kind; }
  mlir::Location getLoc() const { return loc; }

private:
  Kind kind;
  mlir::Location loc;
};
using StmtPtr = std::unique_ptr<Stmt>;

/// const hidden = 256
struct ConstDecl : Stmt {
  ConstDecl(mlir::Location loc, std::string name, ExprPtr value)
      : Stmt(Kind::Const, loc), name(std::move(name)),
        value(std::move(value)) {}
  std::string name;
  ExprPtr value;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Const; }
};

/// input tokens: i32[T, B]   /   target y: f32[B, 1]
struct InputDecl : Stmt {
  InputDecl(mlir::Location loc, std::string name, TypeSpec type, bool isTarget)
      : Stmt(Kind::Input, loc), name(std::move(name)), type(std::move(type)),
        isTarget(isTarget) {}
  std::string name;
  TypeSpec type;
  bool isTarget;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Input; }
};

/// param W_hh: f32[hidden, hidden] = normal(0, 0.01)
struct ParamDecl : Stmt {
  ParamDecl(mlir::Location loc, std::string name, TypeSpec type, ExprPtr init)
      : Stmt(Kind::Param, loc), name(std::move(name)), type(std::move(type)),
        init(std::move(init)) {}
  std::string name;
  TypeSpec type;
  ExprPtr init;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Param; }
};

/// state h: f32[B, hidden]   (inside a cell)
struct StateDecl : Stmt {
  StateDecl(mlir::Location loc, std::string name, TypeSpec type)
      : Stmt(Kind::State, loc), name(std::move(name)), type(std::move(type)) {}
  std::string name;
  TypeSpec type;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::State; }
};

/// let y = expr   /   let (i, f, g, o) = chunk(z, 4)
struct LetStmt : Stmt {
  LetStmt(mlir::Location loc, std::vector<std::string> names,
          std::vector<mlir::Location> nameLocs, ExprPtr value)
      : Stmt(Kind::Let, loc), names(std::move(names)),
        nameLocs(std::move(nameLocs)), value(std::move(value)) {}
  std::vector<std::string> names;
  std::vector<mlir::Location> nameLocs;
  ExprPtr value;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Let; }
};

/// h = expr   (a state update inside a cell)
struct AssignStmt : Stmt {
  AssignStmt(mlir::Location loc, std::string name, ExprPtr value)
      : Stmt(Kind::Assign, loc), name(std::move(name)),
        value(std::move(value)) {}
  std::string name;
  ExprPtr value;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Assign; }
};

/// output logits = expr  /  output logits  (model);  output expr  (cell)
struct OutputStmt : Stmt {
  OutputStmt(mlir::Location loc, std::string name, ExprPtr value)
      : Stmt(Kind::Output, loc), name(std::move(name)),
        value(std::move(value)) {}
  std::string name; // empty in a cell
  ExprPtr value;    // null for `output NAME` naming an existing value
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Output; }
};

/// loss cross_entropy(logits, targets)
struct LossStmt : Stmt {
  LossStmt(mlir::Location loc, ExprPtr value)
      : Stmt(Kind::Loss, loc), value(std::move(value)) {}
  ExprPtr value;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Loss; }
};

/// A cell's per-step input: x: f32[B, V]
struct CellInput {
  std::string name;
  mlir::Location loc;
  TypeSpec type;
};

/// cell rnn_cell(x: f32[B, V]) { state h: ...; param ...; h = ... }
struct CellDecl : Stmt {
  CellDecl(mlir::Location loc, std::string name, std::vector<CellInput> inputs,
           std::vector<StmtPtr> body)
      : Stmt(Kind::Cell, loc), name(std::move(name)),
        inputs(std::move(inputs)), body(std::move(body)) {}
  std::string name;
  std::vector<CellInput> inputs;
  std::vector<StmtPtr> body;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Cell; }
};

/// One `key = value` of a train or generate block.
struct Option {
  std::string name;
  mlir::Location loc;
  ExprPtr value;
};

/// train { batch = 32 ... }   /   generate { prefix = "time traveller" }
struct OptionsBlock : Stmt {
  OptionsBlock(mlir::Location loc, std::string block,
               std::vector<Option> options)
      : Stmt(Kind::Options, loc), block(std::move(block)),
        options(std::move(options)) {}
  std::string block; // "train" or "generate"
  std::vector<Option> options;
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Options; }
};

/// model NAME { items }
struct Model {
  std::string name;
  mlir::Location loc;
  std::vector<StmtPtr> items;
};

/// Prints the tree, one node a line, indented by depth (`--emit=ast`).
void dump(const Model &model, llvm::raw_ostream &os);

} // namespace rnnc::ast

#endif // RNNC_FRONTEND_AST_H
