//===- RNNAttrs.td - enums and attributes of the rnn dialect --*- tablegen -*-===//
//
// Enumerations (recurrence direction, activation, reductions, initialiser
// kinds) and the parameter initialiser attribute `#rnn.init<...>`.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_ATTRS_TD
#define RNN_ATTRS_TD

include "RNN/IR/RNNDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enumerations
//===----------------------------------------------------------------------===//

def RNN_Direction : I32EnumAttr<"Direction", "direction of a recurrence", [
    I32EnumAttrCase<"forward", 0>,
    I32EnumAttrCase<"reverse", 1>,
    I32EnumAttrCase<"bidirectional", 2>]> {
  let cppNamespace = "::mlir::rnn";
}

def RNN_Activation : I32EnumAttr<"Activation", "cell activation", [
    I32EnumAttrCase<"tanh", 0>,
    I32EnumAttrCase<"relu", 1>]> {
  let cppNamespace = "::mlir::rnn";
}

def RNN_ReduceKind : I32EnumAttr<"ReduceKind", "reduction combiner", [
    I32EnumAttrCase<"sum", 0>,
    I32EnumAttrCase<"mean", 1>]> {
  let cppNamespace = "::mlir::rnn";
}

def RNN_LossReduction : I32EnumAttr<"LossReduction", "how a loss is reduced", [
    I32EnumAttrCase<"mean", 0>,
    I32EnumAttrCase<"sum", 1>]> {
  let cppNamespace = "::mlir::rnn";
}

def RNN_Truncation : I32EnumAttr<"Truncation", "BPTT truncation scheme", [
    I32EnumAttrCase<"truncated", 0>,
    I32EnumAttrCase<"randomized", 1>]> {
  let cppNamespace = "::mlir::rnn";
}

def RNN_InitKind : I32EnumAttr<"InitKind", "parameter initialiser", [
    I32EnumAttrCase<"zeros", 0>,
    I32EnumAttrCase<"ones", 1>,
    I32EnumAttrCase<"constant", 2>,
    I32EnumAttrCase<"normal", 3>,
    I32EnumAttrCase<"uniform", 4>,
    I32EnumAttrCase<"xavier_uniform", 5>,
    I32EnumAttrCase<"xavier_normal", 6>]> {
  let cppNamespace = "::mlir::rnn";
  let genSpecializedAttr = 0;
}

//===----------------------------------------------------------------------===//
// Initialiser attribute
//===----------------------------------------------------------------------===//

def RNN_InitializerAttr : AttrDef<RNN_Dialect, "Initializer"> {
  let mnemonic = "init";
  let summary = "how a parameter is initialised";
  let description = [{
    The distribution a parameter is drawn from when training starts. The
    runtime draws the values from a seeded generator, so runs reproduce.

    | kind             | arguments    | meaning                                  |
    |------------------|--------------|------------------------------------------|
    | `zeros`, `ones`  | none         | constant 0 or 1                          |
    | `constant(c)`    | value        | constant c                               |
    | `normal(m, s)`   | mean, stddev | N(m, s^2), s > 0                         |
    | `uniform(a, b)`  | low, high    | U(a, b), a < b                           |
    | `xavier_uniform` | none         | U(-k, k), k = sqrt(6 / (fan_in + fan_out)) |
    | `xavier_normal`  | none         | N(0, 2 / (fan_in + fan_out))             |

    Example: `#rnn.init<normal(0.0, 0.01)>`, `#rnn.init<zeros>`.
  }];
  let parameters = (ins "::mlir::rnn::InitKind":$kind,
                        "::mlir::DenseF64ArrayAttr":$args);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The number of arguments `kind` takes.
    static unsigned getArity(::mlir::rnn::InitKind kind);
    /// The arguments as doubles (mean and stddev, low and high, ...).
    ::llvm::ArrayRef<double> getValues() const { return getArgs().asArrayRef(); }
  }];
}

#endif // RNN_ATTRS_TD
