//===- Passes.td - rnn dialect transformation passes ----------*- tablegen -*-===//
//
// The passes that transform models in the rnn dialect. One pass per file in
// compiler/lib/Transforms, one lit test per pass in test/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TRANSFORMS_PASSES_TD
#define RNNC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeriveBPTT : Pass<"rnn-derive-bptt", "mlir::ModuleOp"> {
  let summary = "Derive train_step by backpropagation through time";
  let description = [{
    For every `rnn.model`, adds `func.func @train_step` with the arguments of
    `@forward`, returning the loss, the final recurrent states and the
    gradient of the loss with respect to every `rnn.param` (result attribute
    `rnn.grad = "NAME"`), in the model's parameter order.

    Reverse mode over the forward function: the loss adjoint is seeded with
    1 and ops are visited backwards, each building its operand adjoints with
    `GradientOpInterface::buildAdjoint`; adjoints of values used several
    times are summed; an `rnn.param_read`'s adjoint is the parameter's
    gradient.

    `rnn.scan` is handled here:
    - the forward scan is rewritten to also output the state entering each
      step (`scan(xs, h0) -> (hT, ys)` becomes `-> (hT, ys, h_prev)`);
    - a scan in the opposite direction walks `(xs, h_prev, dys)` carrying
      the state adjoint and one accumulator per captured differentiable
      value (the weights). Its body re-runs the cell from the saved state,
      backpropagates through it, multiplies the state adjoint it passes on
      by the step's truncation mask, adds the captured values' adjoints to
      the accumulators and yields the step's input adjoints;
    - after it, the accumulators are the captured values' adjoints, the
      final carried adjoint is the initial state's.

    Truncation (`truncation` option): `model` (default: the model's
    `train.bptt`, full when absent), `full`, `truncated` with `steps=k` (the
    carried adjoint is zeroed at every k-th step, so no gradient travels
    more than k steps back), `randomized` with `probability=p` and `seed`
    (d2l 8.7: the carried adjoint is multiplied by xi_t, 1/p with
    probability p and 0 otherwise; unbiased).
  }];
  let options = [
    Option<"truncation", "truncation", "std::string", /*default=*/"\"model\"",
           "model, full, truncated or randomized">,
    Option<"steps", "steps", "int64_t", /*default=*/"0",
           "truncated: cut the gradient every this many steps">,
    Option<"probability", "probability", "double", /*default=*/"0.5",
           "randomized: the probability pi of keeping a step's gradient">,
    Option<"seed", "seed", "int64_t", /*default=*/"0",
           "randomized: the seed of the truncation draws">
  ];
  let dependentDialects = ["mlir::rnn::RNNDialect", "mlir::func::FuncDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect"];
}

#endif // RNNC_TRANSFORMS_PASSES_TD
