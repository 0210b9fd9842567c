//===- RNNCellEquations.cpp - the table of cell equations -----------------===//
//
// Each cell kind's step written once, in PyTorch's gate order, with a small
// expression writer (see RNNCellEquations.h for what the nodes mean).
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNCellEquations.h"

#include <cassert>
#include <initializer_list>

using namespace mlir::rnn;
using Kind = CellTerm::Kind;

namespace {

class EquationWriter;

/// A node under construction; operators build sums and products.
struct Term {
  EquationWriter *writer;
  int id;
};

class EquationWriter {
public:
  explicit EquationWriter(CellKind cell) {
    equations.cell = cell;
    equations.gates = gateCount(cell);
    equations.states = hasCellState(cell) ? 2 : 1;
  }

  Term node(Kind kind, int index, std::initializer_list<Term> operands) {
    CellTerm term{kind, index, {}};
    for (Term operand : operands)
      term.operands.push_back(operand.id);
    equations.nodes.push_back(term);
    return {this, static_cast<int>(equations.nodes.size()) - 1};
  }

  Term gate(int k) { return node(Kind::Gate, k, {}); }
  Term gate(int k, Term hiddenOperand) {
    return node(Kind::Gate, k, {hiddenOperand});
  }
  Term inputPart(int k) { return node(Kind::InputPart, k, {}); }
  Term hiddenPart(int k) { return node(Kind::HiddenPart, k, {}); }
  Term state(int s) { return node(Kind::State, s, {}); }
  Term one() { return node(Kind::One, -1, {}); }
  Term anyOf(std::initializer_list<Term> forms) {
    return node(Kind::AnyOf, -1, forms);
  }

  /// Names `value` so that every use refers to the one value.
  Term let(Term value) {
    equations.lets.push_back(value.id);
    return node(Kind::Ref, static_cast<int>(equations.lets.size()) - 1, {});
  }

  CellEquations finish(std::initializer_list<Term> next) {
    for (Term value : next)
      equations.next.push_back(value.id);
    assert(static_cast<int64_t>(equations.next.size()) == equations.states);
    return equations;
  }

private:
  CellEquations equations;
};

Term operator+(Term a, Term b) { return a.writer->node(Kind::Add, -1, {a, b}); }
Term operator-(Term a, Term b) { return a.writer->node(Kind::Sub, -1, {a, b}); }
Term operator*(Term a, Term b) { return a.writer->node(Kind::Mul, -1, {a, b}); }
Term sigmoid(Term a) { return a.writer->node(Kind::Sigmoid, -1, {a}); }
Term tanh(Term a) { return a.writer->node(Kind::Tanh, -1, {a}); }
Term relu(Term a) { return a.writer->node(Kind::Relu, -1, {a}); }

/// h' = act(x @ W_ih + b_ih + h @ W_hh + b_hh).
CellEquations vanilla(CellKind cell) {
  EquationWriter w(cell);
  Term pre = w.gate(0);
  return w.finish({cell == CellKind::Relu ? relu(pre) : tanh(pre)});
}

/// i, f, g, o = sigma, sigma, tanh, sigma of their gates;
/// c' = f * c + i * g; h' = o * tanh(c').
CellEquations lstm() {
  EquationWriter w(CellKind::LSTM);
  Term c = w.state(1);
  Term i = w.let(sigmoid(w.gate(0))), f = w.let(sigmoid(w.gate(1)));
  Term g = w.let(tanh(w.gate(2))), o = w.let(sigmoid(w.gate(3)));
  Term cNext = w.let(f * c + i * g);
  return w.finish({o * tanh(cNext), cNext});
}

/// The GRU's last step, h' = n + z * (h - n); d2l and PyTorch's docs
/// write it z * h + (1 - z) * n.
Term interpolate(EquationWriter &w, Term z, Term h, Term n) {
  return w.anyOf({n + z * (h - n), z * h + (w.one() - z) * n});
}

/// r, z = sigma of their gates;
/// n = tanh(x @ W_in + b_in + r * (h @ W_hn + b_hn)) (PyTorch, oneDNN's
/// lbr_gru), or n = tanh(x @ W_in + (r * h) @ W_hn + b) (d2l, Cho et al.).
CellEquations gru(bool resetBefore) {
  EquationWriter w(resetBefore ? CellKind::GRUResetBefore : CellKind::GRU);
  Term h = w.state(0);
  Term r = w.let(sigmoid(w.gate(0))), z = w.let(sigmoid(w.gate(1)));
  Term n = w.let(tanh(resetBefore ? w.gate(2, r * h)
                                  : w.inputPart(2) + r * w.hiddenPart(2)));
  return w.finish({interpolate(w, z, h, n)});
}

CellEquations writeEquations(CellKind cell) {
  switch (cell) {
  case CellKind::Tanh:
  case CellKind::Relu:
    return vanilla(cell);
  case CellKind::LSTM:
    return lstm();
  case CellKind::GRU:
    return gru(/*resetBefore=*/false);
  case CellKind::GRUResetBefore:
    return gru(/*resetBefore=*/true);
  }
  return vanilla(CellKind::Tanh);
}

} // namespace

int CellEquations::hiddenOperand(int64_t gate) const {
  for (const CellTerm &term : nodes)
    if ((term.kind == Kind::Gate || term.kind == Kind::HiddenPart) &&
        term.index == gate && !term.operands.empty())
      return term.operands.front();
  return -1;
}

bool CellEquations::gatesFuse() const {
  for (const CellTerm &term : nodes)
    if (term.kind == Kind::InputPart || term.kind == Kind::HiddenPart ||
        (term.kind == Kind::Gate && !term.operands.empty()))
      return false;
  return true;
}

llvm::ArrayRef<CellKind> mlir::rnn::allCellKinds() {
  static const CellKind kinds[] = {
#define RNNC_CELL(Enumerator, Abi, Gates, CellState, Description)              \
  CellKind::Enumerator,
#include "rnnc/runtime/CellKinds.def"
  };
  return kinds;
}

const CellEquations &mlir::rnn::cellEquations(CellKind cell) {
  static const std::vector<CellEquations> table = [] {
    std::vector<CellEquations> all;
    for (CellKind kind : allCellKinds())
      all.push_back(writeEquations(kind));
    return all;
  }();
  return table[static_cast<size_t>(cell)];
}
