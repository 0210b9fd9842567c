//===- RNNMathOps.td - math, shapes and losses -------------*- tablegen -*-===//
//
// Included by RNNOps.td, which defines `Differentiable` and the
// interfaces these ops use.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_MATH_OPS_TD
#define RNN_MATH_OPS_TD

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class RNN_UnaryOp<string mnemonic, string math>
    : RNN_Op<mnemonic, [Pure, Elementwise, SameOperandsAndResultType,
                        Differentiable]> {
  let summary = "elementwise " # math;
  let description = "Computes `" # math # "` of every element.\n\n"
      # "Example: `%y = rnn." # mnemonic # " %x : tensor<32x256xf32>`";
  let arguments = (ins RNN_FloatTensor:$input);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def RNN_TanhOp : RNN_UnaryOp<"tanh", "tanh(x)">;
def RNN_SigmoidOp : RNN_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def RNN_ReluOp : RNN_UnaryOp<"relu", "max(x, 0)">;
def RNN_ExpOp : RNN_UnaryOp<"exp", "exp(x)">;
def RNN_LogOp : RNN_UnaryOp<"log", "log(x)">;
def RNN_NegOp : RNN_UnaryOp<"neg", "-x">;
def RNN_SqrtOp : RNN_UnaryOp<"sqrt", "sqrt(x)">;
def RNN_AbsOp : RNN_UnaryOp<"abs", "|x| (derivative sign(x), 0 at 0)">;
def RNN_SoftplusOp
    : RNN_UnaryOp<"softplus", "log(1 + exp(x)), as max(x, 0) + log1p(exp(-|x|))">;

def RNN_PowOp : RNN_Op<"pow", [Pure, Elementwise, SameOperandsAndResultType,
                               Differentiable]> {
  let summary = "elementwise x to a constant power";
  let description = [{
    `x ^ exponent` of every element. An integer exponent is exact
    repeated multiplication (negative: its reciprocal; x ^ 0 = 1, also at
    0), 0.5 is sqrt, any other exp(exponent * log(x)) (NaN for x < 0, as
    pow gives for a non-integer exponent).

    Example: `%y = rnn.pow %x exponent 3.0 : tensor<32x256xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input, F64Attr:$exponent);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input `exponent` $exponent attr-dict `:` type($result)";
}

def RNN_ClampOp : RNN_Op<"clamp", [Pure, Elementwise, SameOperandsAndResultType,
                                   Differentiable]> {
  let summary = "elementwise min(max(x, lo), hi)";
  let description = [{
    Every element held to [lo, hi] (lo <= hi; NaN stays NaN). The
    derivative is 1 on the closed interval, boundaries included, and 0
    outside (PyTorch's clamp).

    Example: `%y = rnn.clamp %x lo -1.0 hi 1.0 : tensor<32x256xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input, F64Attr:$lo, F64Attr:$hi);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input `lo` $lo `hi` $hi attr-dict `:` type($result)";
  let hasVerifier = 1;
}
def RNN_StepOp : RNN_Op<"step", [Pure, Elementwise, SameOperandsAndResultType]> {
  let summary = "elementwise x > 0 ? 1 : 0 (the derivative of relu)";
  let description = [{
    Appears in adjoint code; its own derivative is zero almost everywhere
    and it is not differentiated.

    Example: `%m = rnn.step %x : tensor<32x256xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

class RNN_BinaryOp<string mnemonic, string math>
    : RNN_Op<mnemonic, [Pure, Differentiable]> {
  let summary = "elementwise " # math # " with broadcasting";
  let description = "Computes `" # math # "` elementwise. Shapes broadcast "
      # "as in NumPy: aligned from the right, a dimension of 1 stretches.\n\n"
      # "Example: `%y = rnn." # mnemonic # " %a, %b : tensor<32x256xf32>, "
      # "tensor<256xf32> -> tensor<32x256xf32>`";
  let arguments = (ins RNN_FloatTensor:$lhs, RNN_FloatTensor:$rhs);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RNN_AddOp : RNN_BinaryOp<"add", "lhs + rhs">;
def RNN_SubOp : RNN_BinaryOp<"sub", "lhs - rhs">;
def RNN_MulOp : RNN_BinaryOp<"mul", "lhs * rhs">;
def RNN_DivOp : RNN_BinaryOp<"div", "lhs / rhs">;
// Ties share the adjoint equally between the operands (PyTorch's
// maximum and minimum); NaN propagates.
def RNN_MaxOp : RNN_BinaryOp<"max", "max(lhs, rhs)">;
def RNN_MinOp : RNN_BinaryOp<"min", "min(lhs, rhs)">;

def RNN_FillOp : RNN_Op<"fill", [Pure]> {
  let summary = "a tensor filled with one value";
  let description = [{
    A tensor whose elements all equal `value`. Dynamic dimensions take their
    sizes from the index operands, in order.

    Example: `%h0 = rnn.fill 0.0 (%b) : tensor<?x256xf32>`
  }];
  let arguments = (ins F64Attr:$value, Variadic<Index>:$dynamic_sizes);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $value (`(` $dynamic_sizes^ `)`)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Linear algebra and shape
//===----------------------------------------------------------------------===//

def RNN_MatmulOp : RNN_Op<"matmul", [Pure, Differentiable]> {
  let summary = "matrix product, optionally with a transposed operand";
  let description = [{
    Three forms:
    - `lhs [..., K] @ rhs [K, N] -> [..., N]`: leading dimensions of `lhs` are
      batch dimensions (one GEMM over all of them, e.g. the input projection
      of every time step).
    - `transpose_rhs`: `rhs` is `[N, K]` (PyTorch's weight layout).
    - `transpose_lhs`: `lhs [P..., M]`, `rhs [P..., N] -> [M, N]`, the sum over
      all leading dimensions of `lhs^T rhs` (a weight gradient over every
      time step and batch row in one GEMM).

    Example:
    ```mlir
    %y = rnn.matmul %x, %w : tensor<35x32x28xf32>, tensor<28x256xf32> -> tensor<35x32x256xf32>
    %dw = rnn.matmul %x, %dy {transpose_lhs} : tensor<35x32x28xf32>, tensor<35x32x256xf32> -> tensor<28x256xf32>
    ```
  }];
  let arguments = (ins RNN_FloatTensor:$lhs, RNN_FloatTensor:$rhs,
                       UnitAttr:$transpose_lhs, UnitAttr:$transpose_rhs);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RNN_ConcatOp : RNN_Op<"concat", [Pure, Differentiable]> {
  let summary = "joins tensors along one dimension";
  let description = [{
    All inputs have the same rank and element type and agree on every
    dimension but `axis`; the result's `axis` dimension is their sum.

    Example: `%xh = rnn.concat %x, %h along 1 : (tensor<32x28xf32>, tensor<32x256xf32>) -> tensor<32x284xf32>`
  }];
  let arguments = (ins Variadic<RNN_FloatTensor>:$inputs,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $inputs `along` $axis attr-dict `:` functional-type($inputs, $result)
  }];
  let hasVerifier = 1;
}

def RNN_SplitOp : RNN_Op<"split", [Pure, Differentiable]> {
  let summary = "cuts a tensor into pieces along one dimension";
  let description = [{
    Cuts `input` along `axis` into pieces of the given `sizes` (which sum to
    the dimension). `chunk(x, n)` is a split into n equal sizes.

    Example: `%i, %f = rnn.split %g along 1 sizes [256, 256] : tensor<32x512xf32> -> tensor<32x256xf32>, tensor<32x256xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<RNN_FloatTensor>:$results);
  let assemblyFormat = [{
    $input `along` $axis `sizes` $sizes attr-dict `:` type($input) `->` type($results)
  }];
  let hasVerifier = 1;
}

def RNN_ReverseOp : RNN_Op<"reverse", [Pure, SameOperandsAndResultType, Differentiable]> {
  let summary = "reverses a tensor along one dimension (time by default)";
  let description = [{
    Example: `%r = rnn.reverse %x along 0 : tensor<35x32x28xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input,
                       ConfinedAttr<DefaultValuedAttr<I64Attr, "0">,
                                    [IntNonNegative]>:$axis);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input `along` $axis attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def RNN_TransposeOp : RNN_Op<"transpose", [Pure, Differentiable]> {
  let summary = "swaps the two dimensions of a matrix";
  let description = [{
    `input [M, N] -> [N, M]`. rnn-fold-one-hot uses it to read a PyTorch
    `[out, in]` weight as an embedding table `[in, out]`.

    Example: `%t = rnn.transpose %w : tensor<1024x28xf32> -> tensor<28x1024xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def RNN_ReduceOp : RNN_Op<"reduce", [Pure, Differentiable]> {
  let summary = "sum, mean or max over some dimensions";
  let description = [{
    Reduces `input` over the sorted, distinct dimensions `dims` by sum or
    mean. With `keep_dims` the reduced dimensions stay as size 1.

    Example: `%db = rnn.reduce sum %dy dims [0, 1] : tensor<35x32x256xf32> -> tensor<256xf32>`
  }];
  let arguments = (ins RNN_ReduceKind:$kind, RNN_FloatTensor:$input,
                       DenseI64ArrayAttr:$dims, UnitAttr:$keep_dims);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $kind $input `dims` $dims attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RNN_BroadcastOp : RNN_Op<"broadcast", [Pure, Differentiable]> {
  let summary = "stretches a tensor to a larger shape";
  let description = [{
    NumPy broadcasting made explicit: `input` aligns with the result from
    the right, and each of its dimensions is 1 or equal to the result's.
    Dynamic result dimensions take their sizes from the index operands, in
    order. Repeats the encoder's context at every decoder step.

    Example: `%c = rnn.broadcast %ctx (%t) : tensor<64x32xf32> -> tensor<?x64x32xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input, Variadic<Index>:$dynamic_sizes);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`(` $dynamic_sizes^ `)`)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def RNN_SelectOp : RNN_Op<"select", [Pure, Differentiable]> {
  let summary = "takes one index along a dimension, dropping it";
  let description = [{
    `input [d0, ..., dn]` at position `index` of dimension `axis` gives the
    tensor without that dimension. The top layer's final state of a stacked
    recurrence is `select` at index L*D-1 of `h_n`.

    Example: `%top = rnn.select %hn along 0 at 1 : tensor<2x64x32xf32> -> tensor<64x32xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$index);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `along` $axis `at` $index attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Neural-network layers (stateless)
//===----------------------------------------------------------------------===//

def RNN_OneHotOp : RNN_Op<"one_hot", [Pure]> {
  let summary = "one-hot encodes integer ids";
  let description = [{
    `indices [...] -> [..., depth]` with 1 at each id and 0 elsewhere. When
    the depth is dynamic (a vocabulary bound at run time) it is given by the
    `depth` operand.

    Example: `%x = rnn.one_hot %ids depth %v : tensor<35x32xi32> -> tensor<35x32x?xf32>`
  }];
  let arguments = (ins RNN_IndexTensor:$indices, Optional<Index>:$depth);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $indices (`depth` $depth^)? attr-dict `:` type($indices) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RNN_EmbeddingOp : RNN_Op<"embedding", [Pure, Differentiable]> {
  let summary = "looks up rows of an embedding table";
  let description = [{
    `indices [...]`, `table [V, E] -> [..., E]`. An index outside [0, V)
    gives a row of zeros, as `rnn.one_hot` does (and `rnn.embedding_grad`
    adds nothing for it).

    Example: `%e = rnn.embedding %ids, %table : tensor<10x64xi32>, tensor<?x32xf32> -> tensor<10x64x32xf32>`
  }];
  let arguments = (ins RNN_IndexTensor:$indices, RNN_FloatTensor:$table);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $indices `,` $table attr-dict `:` type($indices) `,` type($table) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RNN_LinearOp : RNN_Op<"linear", [Pure, Differentiable]> {
  let summary = "affine map with a PyTorch-layout weight";
  let description = [{
    `y = x W^T + b` with `x [..., I]`, `weight [O, I]`, optional `bias [O]`,
    result `[..., O]`: PyTorch's `nn.Linear`.

    Example: `%y = rnn.linear %h, %w, %b : (tensor<35x32x256xf32>, tensor<28x256xf32>, tensor<28xf32>) -> tensor<35x32x28xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input, RNN_FloatTensor:$weight,
                       Optional<RNN_FloatTensor>:$bias);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, $result)
  }];
  let hasVerifier = 1;
}

def RNN_LayerNormOp : RNN_Op<"layer_norm", [Pure, Differentiable]> {
  let summary = "layer normalisation over the last dimension";
  let description = [{
    `y = (x - mean) / sqrt(var + epsilon) * gamma + beta`, the statistics
    taken over the last dimension N; `gamma` and `beta` are `[N]`.

    Example: `%y = rnn.layer_norm %x, %g, %b eps 1.0e-05 : (tensor<32x1024xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<32x1024xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input, RNN_FloatTensor:$gamma,
                       RNN_FloatTensor:$beta,
                       DefaultValuedAttr<F64Attr, "1.0e-5">:$epsilon);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `eps` $epsilon attr-dict `:` functional-type(operands, $result)
  }];
  let hasVerifier = 1;
}

def RNN_DropoutOp : RNN_Op<"dropout", [Pure, SameOperandsAndResultType, Differentiable]> {
  let summary = "seeded inverted dropout (identity outside training)";
  let description = [{
    In training, zeroes each element with probability `rate` and scales the
    rest by `1 / (1 - rate)`; the mask comes from a counter-based generator
    keyed by `seed` and the training step, so runs reproduce. Evaluation
    and generation use the identity.

    `batch_dim`, when present, is the dimension of the batch's rows: the
    mask of row i is drawn at row `i + rnnc_rt_batch_offset` (a global the
    runtime sets, Runtime.h), so that a rank training on rows [k, k + n) of
    a minibatch draws the masks one process draws for those rows
    (docs/distributed.md).

    Example: `%y = rnn.dropout %x rate 1.000000e-01 seed 7 {batch_dim = 0 : i64} : tensor<32x256xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input, F64Attr:$rate, I64Attr:$seed,
                       OptionalAttr<ConfinedAttr<I64Attr, [IntNonNegative]>>:$batch_dim);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input `rate` $rate `seed` $seed attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def RNN_SoftmaxOp : RNN_Op<"softmax", [Pure, SameOperandsAndResultType, Differentiable]> {
  let summary = "softmax along one dimension";
  let description = [{
    Example: `%p = rnn.softmax %logits along 1 : tensor<32x28xf32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$input `along` $axis attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def RNN_CrossEntropyOp : RNN_Op<"cross_entropy", [Pure, Differentiable]> {
  let summary = "softmax cross-entropy, optionally masked by valid lengths";
  let description = [{
    `logits [..., C]` against integer `targets [...]` (one dimension fewer).
    With `valid_lengths [B]` the logits are time-major `[T, B, C]` and step t
    of sequence b counts only when `t < valid_lengths[b]` (the masked loss of
    sequence-to-sequence training). `mean` divides by the number of counted
    positions, `sum` does not. The result is a scalar.

    Example:
    ```mlir
    %l = rnn.cross_entropy mean %logits, %y valid_lengths %len
         : (tensor<10x64x201xf32>, tensor<10x64xi32>, tensor<64xi32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins RNN_LossReduction:$reduction, RNN_FloatTensor:$logits,
                       RNN_IndexTensor:$targets,
                       Optional<RNN_IndexTensor>:$valid_lengths);
  let results = (outs RNN_ScalarTensor:$result);
  let assemblyFormat = [{
    $reduction $logits `,` $targets (`valid_lengths` $valid_lengths^)? attr-dict
    `:` functional-type(operands, $result)
  }];
  let hasVerifier = 1;
}

def RNN_MseOp : RNN_Op<"mse", [Pure, Differentiable]> {
  let summary = "mean squared error";
  let description = [{
    The mean over all elements of `(prediction - target)^2`; both have the
    same shape, the result is a scalar.

    Example: `%l = rnn.mse %p, %y : (tensor<16x1xf32>, tensor<16x1xf32>) -> tensor<f32>`
  }];
  let arguments = (ins RNN_FloatTensor:$prediction, RNN_FloatTensor:$target);
  let results = (outs RNN_ScalarTensor:$result);
  let assemblyFormat = [{
    $prediction `,` $target attr-dict `:` functional-type(operands, $result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Gradient helpers (produced by rnn-derive-bptt)
//===----------------------------------------------------------------------===//

def RNN_NumelOp : RNN_Op<"numel", [Pure]> {
  let summary = "the number of elements over some dimensions, as a float";
  let description = [{
    The product of the sizes of `dims` of `input`, as a scalar of the
    result's element type: the divisor of a mean when sizes are dynamic.

    Example: `%n = rnn.numel %x dims [0, 1] : tensor<?x?x28xf32> -> tensor<f32>`
  }];
  let arguments = (ins RNN_FloatTensor:$input, DenseI64ArrayAttr:$dims);
  let results = (outs RNN_ScalarTensor:$result);
  let assemblyFormat = [{
    $input `dims` $dims attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def RNN_CrossEntropyGradOp : RNN_Op<"cross_entropy_grad", [Pure]> {
  let summary = "the gradient of cross_entropy with respect to the logits";
  let description = [{
    `d_loss * (softmax(logits) - one_hot(targets)) / N` at counted positions
    and 0 elsewhere, N the number of counted positions for `mean` (1 for
    `sum`); the same masking by `valid_lengths` as `rnn.cross_entropy`.

    Example:
    ```mlir
    %d = rnn.cross_entropy_grad mean %logits, %y, %dl
         : (tensor<35x32x28xf32>, tensor<35x32xi32>, tensor<f32>) -> tensor<35x32x28xf32>
    ```
  }];
  let arguments = (ins RNN_LossReduction:$reduction, RNN_FloatTensor:$logits,
                       RNN_IndexTensor:$targets, RNN_ScalarTensor:$d_loss,
                       Optional<RNN_IndexTensor>:$valid_lengths);
  let results = (outs RNN_FloatTensor:$d_logits);
  let assemblyFormat = [{
    $reduction $logits `,` $targets `,` $d_loss
    (`valid_lengths` $valid_lengths^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def RNN_LayerNormGradOp : RNN_Op<"layer_norm_grad", [Pure]> {
  let summary = "the gradient of layer_norm";
  let description = [{
    Given the forward input, gamma and the adjoint of the output, the
    adjoints of the input, gamma and beta (the statistics are recomputed).

    Example:
    ```mlir
    %dx, %dg, %db = rnn.layer_norm_grad %x, %g, %dy eps 1.0e-05
        : (tensor<32x256xf32>, tensor<256xf32>, tensor<32x256xf32>)
        -> (tensor<32x256xf32>, tensor<256xf32>, tensor<256xf32>)
    ```
  }];
  let arguments = (ins RNN_FloatTensor:$input, RNN_FloatTensor:$gamma,
                       RNN_FloatTensor:$d_result, F64Attr:$epsilon);
  let results = (outs RNN_FloatTensor:$d_input, RNN_FloatTensor:$d_gamma,
                      RNN_FloatTensor:$d_beta);
  let assemblyFormat = [{
    $input `,` $gamma `,` $d_result `eps` $epsilon attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def RNN_EmbeddingGradOp : RNN_Op<"embedding_grad", [Pure]> {
  let summary = "the gradient of embedding with respect to the table";
  let description = [{
    Scatter-adds each row of `d_result [..., E]` into row `indices[...]` of
    a zero tensor shaped like `table [V, E]` (the table gives the shape).

    Example:
    ```mlir
    %dt = rnn.embedding_grad %ids, %dy, %table
        : (tensor<10x64xi32>, tensor<10x64x32xf32>, tensor<?x32xf32>) -> tensor<?x32xf32>
    ```
  }];
  let arguments = (ins RNN_IndexTensor:$indices, RNN_FloatTensor:$d_result,
                       RNN_FloatTensor:$table);
  let results = (outs RNN_FloatTensor:$d_table);
  let assemblyFormat = [{
    $indices `,` $d_result `,` $table attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def RNN_TruncationMaskOp : RNN_Op<"truncation_mask", [Pure]> {
  let summary = "per-step multipliers of the carried adjoint in truncated BPTT";
  let description = [{
    A `[T]` vector multiplying the state adjoint carried from step t to
    step t-1. `truncated` with `steps = k`: 0 where t is a multiple of k,
    1 elsewhere (the gradient stops every k steps). `randomized` with
    `probability = pi`: xi_t = 1/pi with probability pi and 0 otherwise,
    drawn from `seed` and the training step, so E[xi_t] = 1 and the
    gradient stays unbiased (Tallec & Ollivier; d2l 8.7).

    Examples: `%m = rnn.truncation_mask truncated steps 5 (%t) : tensor<?xf32>`,
    `%m = rnn.truncation_mask randomized probability 5.0e-01 (%t) {seed = 3 : i64} : tensor<?xf32>`
  }];
  let arguments = (ins RNN_Truncation:$kind,
                       OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$steps,
                       OptionalAttr<F64Attr>:$probability,
                       DefaultValuedAttr<I64Attr, "0">:$seed,
                       Variadic<Index>:$dynamic_sizes);
  let results = (outs 1DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = [{
    $kind (`steps` $steps^)? (`probability` $probability^)?
    (`(` $dynamic_sizes^ `)`)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

#endif // RNN_MATH_OPS_TD
