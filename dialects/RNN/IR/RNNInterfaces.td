//===- RNNInterfaces.td - op interfaces of the rnn dialect ----*- tablegen -*-===//
//
// The gradient interface: every differentiable op states its own adjoint
// rule, so that the BPTT pass is a small driver over the forward function.
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

#endif // RNN_INTERFACES_TD
