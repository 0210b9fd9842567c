//===- ASTDump.cpp - printing the .rnn syntax tree -------------------------===//
//
// `rnnc compile --emit=ast`: one node a line, children indented, with the
// line:col of each node so the dump can be read against the source.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/AST.h"

#include "mlir/IR/Location.h"
#include "llvm/Support/Casting.h"

#include <cstdio>

using namespace rnnc::ast;
using llvm::cast;
using llvm::dyn_cast;

namespace {
/// 4, 0.5, 1e-05: numbers as they are written.
std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

class Dumper {
public:
  explicit Dumper(llvm::raw_ostream &os) : os(os) {}

  void model(const Model &m) {
    line(m.loc) << "Model " << m.name << "\n";
    Nest nest(depth);
    for (const StmtPtr &item : m.items)
      stmt(*item);
  }

private:
  struct Nest {
    explicit Nest(int &depth) : depth(depth) { ++depth; }
    ~Nest() { --depth; }
    int &depth;
  };

  llvm::raw_ostream &line(mlir::Location loc) {
    os.indent(2 * depth);
    if (auto fileLoc = dyn_cast<mlir::FileLineColLoc>(loc))
      os << "@" << fileLoc.getLine() << ":" << fileLoc.getColumn() << " ";
    return os;
  }

  void type(const TypeSpec &t) {
    os << t.elementType;
    if (t.dims.empty())
      return;
    os << "[";
    for (size_t i = 0; i < t.dims.size(); ++i) {
      if (i)
        os << ", ";
      inlineExpr(*t.dims[i]);
    }
    os << "]";
  }

  /// Short expressions (dimensions) are printed on one line.
  void inlineExpr(const Expr &e) {
    if (auto *n = dyn_cast<NumberExpr>(&e))
      os << number(n->getValue());
    else if (auto *n = dyn_cast<NameExpr>(&e))
      os << n->getName();
    else if (auto *b = dyn_cast<BinaryExpr>(&e)) {
      os << "(";
      inlineExpr(b->getLhs());
      os << " " << b->getOp() << " ";
      inlineExpr(b->getRhs());
      os << ")";
    } else
      os << "<expr>";
  }

  void stmt(const Stmt &s) {
    if (auto *c = dyn_cast<ConstDecl>(&s)) {
      line(s.getLoc()) << "Const " << c->name << "\n";
      Nest nest(depth);
      expr(*c->value);
    } else if (auto *i = dyn_cast<InputDecl>(&s)) {
      line(s.getLoc()) << (i->isTarget ? "Target " : "Input ") << i->name
                       << " : ";
      type(i->type);
      os << "\n";
    } else if (auto *p = dyn_cast<ParamDecl>(&s)) {
      line(s.getLoc()) << "Param " << p->name << " : ";
      type(p->type);
      os << "\n";
      Nest nest(depth);
      expr(*p->init);
    } else if (auto *st = dyn_cast<StateDecl>(&s)) {
      line(s.getLoc()) << "State " << st->name << " : ";
      type(st->type);
      os << "\n";
    } else if (auto *l = dyn_cast<LetStmt>(&s)) {
      line(s.getLoc()) << "Let";
      for (const std::string &name : l->names)
        os << " " << name;
      os << "\n";
      Nest nest(depth);
      expr(*l->value);
    } else if (auto *a = dyn_cast<AssignStmt>(&s)) {
      line(s.getLoc()) << "Assign " << a->name << "\n";
      Nest nest(depth);
      expr(*a->value);
    } else if (auto *o = dyn_cast<OutputStmt>(&s)) {
      line(s.getLoc()) << "Output" << (o->name.empty() ? "" : " ") << o->name
                       << "\n";
      Nest nest(depth);
      if (o->value)
        expr(*o->value);
    } else if (auto *l = dyn_cast<LossStmt>(&s)) {
      line(s.getLoc()) << "Loss\n";
      Nest nest(depth);
      expr(*l->value);
    } else if (auto *c = dyn_cast<CellDecl>(&s)) {
      line(s.getLoc()) << "Cell " << c->name << "(";
      for (size_t i = 0; i < c->inputs.size(); ++i) {
        os << (i ? ", " : "") << c->inputs[i].name << " : ";
        type(c->inputs[i].type);
      }
      os << ")\n";
      Nest nest(depth);
      for (const StmtPtr &item : c->body)
        stmt(*item);
    } else if (auto *b = dyn_cast<OptionsBlock>(&s)) {
      line(s.getLoc()) << "Block " << b->block << "\n";
      Nest nest(depth);
      for (const Option &option : b->options) {
        line(option.loc) << "Option " << option.name << "\n";
        Nest inner(depth);
        expr(*option.value);
      }
    }
  }

  void expr(const Expr &e) {
    switch (e.getKind()) {
    case Expr::Kind::Number: {
      auto &n = cast<NumberExpr>(e);
      line(e.getLoc()) << (n.isInteger() ? "Integer " : "Number ")
                       << number(n.getValue()) << "\n";
      return;
    }
    case Expr::Kind::String:
      line(e.getLoc()) << "String \"" << cast<StringExpr>(e).getValue()
                       << "\"\n";
      return;
    case Expr::Kind::Name:
      line(e.getLoc()) << "Name " << cast<NameExpr>(e).getName() << "\n";
      return;
    case Expr::Kind::Unary: {
      auto &u = cast<UnaryExpr>(e);
      line(e.getLoc()) << "Unary " << u.getOp() << "\n";
      Nest nest(depth);
      expr(u.getOperand());
      return;
    }
    case Expr::Kind::Binary: {
      auto &b = cast<BinaryExpr>(e);
      line(e.getLoc()) << "Binary " << b.getOp() << "\n";
      Nest nest(depth);
      expr(b.getLhs());
      expr(b.getRhs());
      return;
    }
    case Expr::Kind::Call: {
      auto &c = cast<CallExpr>(e);
      line(e.getLoc()) << "Call " << c.getCallee() << "\n";
      Nest nest(depth);
      for (const ExprPtr &arg : c.getArgs())
        expr(*arg);
      for (const NamedArg &arg : c.getNamedArgs()) {
        line(arg.loc) << "Arg " << arg.name << "\n";
        Nest inner(depth);
        expr(*arg.value);
      }
      return;
    }
    case Expr::Kind::Member: {
      auto &m = cast<MemberExpr>(e);
      line(e.getLoc()) << "Member ." << m.getMember() << "\n";
      Nest nest(depth);
      expr(m.getBase());
      return;
    }
    case Expr::Kind::Index: {
      auto &i = cast<IndexExpr>(e);
      line(e.getLoc()) << "Index\n";
      Nest nest(depth);
      expr(i.getBase());
      expr(i.getIndex());
      return;
    }
    case Expr::Kind::Tuple: {
      line(e.getLoc()) << "Tuple\n";
      Nest nest(depth);
      for (const ExprPtr &element : cast<TupleExpr>(e).getElements())
        expr(*element);
      return;
    }
    }
  }

  llvm::raw_ostream &os;
  int depth = 0;
};
} // namespace

void rnnc::ast::dump(const Model &model, llvm::raw_ostream &os) {
  Dumper(os).model(model);
}
