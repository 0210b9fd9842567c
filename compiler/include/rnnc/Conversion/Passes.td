//===- Passes.td - conversions out of the rnn dialect ----------*- tablegen -*-===//
//
// All conversions from the rnn dialect, one directory each under
// compiler/lib/Conversion.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_CONVERSION_PASSES_TD
#define RNNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertRNNToLinalg : Pass<"convert-rnn-to-linalg"> {
  let summary = "Lower rnn ops to linalg, tensor, arith, math and scf";
  let description = [{
    The generated-code path (no library): every op becomes linalg on
    tensors, so one-shot bufferization and the LLVM lowering take over.

    - elementwise ops -> `linalg.generic` with `math`/`arith` bodies; NumPy
      broadcasting becomes the operand's indexing map (a static size-1
      dimension reads index 0; dynamic sizes are assumed equal);
    - `rnn.fill` -> `tensor.empty` + `linalg.fill`;
    - `rnn.matmul` -> `linalg.matmul`, `linalg.matmul_transpose_b` or
      `linalg.matmul_transpose_a` for 2-d operands; with leading batch
      dimensions, one `linalg.generic` contraction over all of them (no
      reshapes: MLIR 19 mis-folds expand_shape groups with several dynamic
      dimensions);
    - `rnn.reduce` -> `linalg.reduce` (a mean divides by the count);
      `rnn.one_hot`, `rnn.softmax` (last axis), `rnn.cross_entropy` and
      `rnn.cross_entropy_grad` (stable log-sum-exp, valid-length masks) ->
      `linalg.generic`/`linalg.reduce`; `rnn.linear` -> matmul + add;
      `rnn.broadcast` -> `linalg.generic`; `rnn.numel` -> `tensor.dim`
      products; `rnn.mse` -> the mean of squared differences;
    - `rnn.concat`/`split`/`select` -> tensor slices; `rnn.reverse`,
      `rnn.embedding` -> gathers; `rnn.embedding_grad` -> a scatter-add
      contraction; `rnn.layer_norm` and its gradient -> per-position
      statistics and `linalg.generic`s;
    - `rnn.scan` -> `scf.for` over the steps (reversed for `reverse`),
      states and stacked outputs as iteration arguments, step slices with
      `tensor.extract_slice`, stacked outputs with `tensor.insert_slice`.
      Output buffers are sized from a dry run of step 0, which
      canonicalisation folds down to the inputs' sizes (a scan has at least
      one step).

    Ops without a pattern yet are left in place (later patterns, or the
    oneDNN conversion, handle them).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::scf::SCFDialect"];
}

def ConvertRNNModelToFunc : Pass<"convert-rnn-model-to-func", "mlir::ModuleOp"> {
  let summary = "Turn an rnn.model into plain functions over parameter arguments";
  let description = [{
    The functions of the module's one `rnn.model` move to the module. Each
    gets one trailing argument per `rnn.param`, in declaration order, with
    the attribute `rnn.param = "NAME"`, and its `rnn.param_read`s become
    those arguments: the caller (the runtime) owns the parameter storage.

    The parameter table (name, type, initialiser kind and arguments,
    dimension names; builtin attributes only) becomes the module attribute
    `rnn.params`, and the model's own attributes (task,
    train and generate options, ...) the module attribute `rnn.model`, so
    the executable can describe and initialise its parameters.

    A private declaration of the same name at module level (for example of
    `@train_step`, which only exists after rnn-derive-bptt, called by a test
    driver) is replaced by the definition; the signatures must agree.
  }];
  let dependentDialects = ["mlir::func::FuncDialect"];
}

#endif // RNNC_CONVERSION_PASSES_TD
