//===- RNNInterfaces.td - op interfaces of the rnn dialect ----*- tablegen -*-===//
//
// The gradient interface: every differentiable op states its own adjoint
// rule, so that the BPTT pass is a small driver over the forward function.
// The recurrent layer interface: what passes and lowerings ask of a
// whole-sequence layer op or its backward op, without naming the op.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_INTERFACES_TD
#define RNN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def RNN_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::mlir::rnn";
  let description = [{
    An op that knows its derivative. Reverse-mode differentiation walks the
    forward function backwards and asks each op for the adjoints of its
    operands given the adjoints of its results (vector-Jacobian products).

    `resultAdjoints` has one entry per result; an entry is null where the
    result does not influence the loss (its adjoint is zero). The method
    appends one entry per operand to `operandAdjoints`, null for operands that
    are not differentiable (integer token ids, valid lengths) or whose
    adjoint is zero. The builder's insertion point is where the adjoint code
    goes; the op's own operands and results may be used there.
  }];
  let methods = [
    InterfaceMethod<
      "Build the adjoints of the operands from the adjoints of the results.",
      "::mlir::LogicalResult", "buildAdjoint",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultAdjoints,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandAdjoints)>
  ];
}

def RNN_RecurrentLayerOpInterface : OpInterface<"RecurrentLayerOpInterface"> {
  let cppNamespace = "::mlir::rnn";
  let description = [{
    A whole-sequence recurrent layer in PyTorch's semantics (rnn.vanilla,
    rnn.gru, rnn.lstm) or its backward op (rnn.*_grad). Both share the
    forward operands (input, initial states, weights) and attributes; the
    backward op also takes the forward results and their adjoints.
    Passes reach operands by these names, never by position, and decide
    on the cell kind (RNNLayers.h), never on the op class.
  }];
  let methods = [
    InterfaceMethod<"The cell the layer runs.", "::mlir::rnn::CellKind",
      "getCellKind", (ins), [{ return $_op.cellKind(); }]>,
    InterfaceMethod<"Gate blocks per weight (1, 3 or 4).", "int64_t",
      "getGateCount", (ins),
      [{ return ::mlir::rnn::gateCount($_op.cellKind()); }]>,
    InterfaceMethod<"Whether the layer carries a cell state (c0, c_n).",
      "bool", "hasCellState", (ins),
      [{ return ::mlir::rnn::hasCellState($_op.cellKind()); }]>,
    InterfaceMethod<"Whether this is a backward op.", "bool", "isBackward",
      (ins), [{ return $_op.kIsBackward; }]>,
    InterfaceMethod<"forward, reverse or bidirectional.",
      "::mlir::rnn::Direction", "getDirection", (ins),
      [{ return $_op.getDirection(); }]>,
    InterfaceMethod<"1, or 2 when bidirectional.", "int64_t",
      "getNumDirections", (ins),
      [{ return ::mlir::rnn::directionCount($_op.getDirection()); }]>,
    InterfaceMethod<"Stacked layers.", "int64_t", "getNumLayers", (ins),
      [{ return static_cast<int64_t>($_op.getNumLayers()); }]>,
    InterfaceMethod<"Hidden units H.", "int64_t", "getHiddenSize", (ins),
      [{ return static_cast<int64_t>($_op.getHiddenSize()); }]>,
    InterfaceMethod<"The matrices are stored [I, G*H] and [H, G*H].",
      "bool", "isInputMajor", (ins), [{ return $_op.getInputMajor(); }]>,
    InterfaceMethod<"Dropout between stacked layers.", "double",
      "getDropoutRate", (ins),
      [{ return $_op.getDropout().convertToDouble(); }]>,
    InterfaceMethod<"The input sequence [T, B, I].", "::mlir::Value",
      "getInput", (ins), [{ return $_op.getInput(); }]>,
    InterfaceMethod<"h0, and c0 with a cell state.",
      "::llvm::SmallVector<::mlir::Value, 2>", "getInitialStates", (ins),
      [{ return $_op.initialStates(); }]>,
    InterfaceMethod<"All weights: per layer, per direction, the four of "
      "LayerWeight.", "::mlir::OperandRange", "getWeights", (ins),
      [{ return $_op.getWeights(); }]>,
    InterfaceMethod<"One weight of one layer and direction.", "::mlir::Value",
      "getWeight", (ins "int64_t":$layer, "int64_t":$direction,
                        "::mlir::rnn::LayerWeight":$weight),
      [{
        return $_op.getWeights()[::mlir::rnn::weightIndex(
            layer, direction, ::mlir::rnn::directionCount($_op.getDirection()),
            weight)];
      }]>,
    InterfaceMethod<"The output sequence [T, B, D*H] (a result of a "
      "forward op, an operand of a backward op).", "::mlir::Value",
      "getOutput", (ins), [{ return $_op.getOutput(); }]>,
    InterfaceMethod<"h_n, and c_n with a cell state (results of a forward "
      "op, operands of a backward op).",
      "::llvm::SmallVector<::mlir::Value, 2>", "getFinalStates", (ins),
      [{ return $_op.finalStates(); }]>,
    InterfaceMethod<"A backward op's adjoints of the forward results "
      "(d_output, d_h_n, d_c_n); empty for a forward op.",
      "::llvm::SmallVector<::mlir::Value, 3>", "getResultAdjoints", (ins),
      [{ return $_op.resultAdjoints(); }]>,
    InterfaceMethod<"The name of the matching backward op (of a forward "
      "op) or forward op (of a backward op).", "::llvm::StringRef",
      "getCounterpartName", (ins), [{ return $_op.kCounterpart; }]>,
  ];
}

#endif // RNN_INTERFACES_TD
