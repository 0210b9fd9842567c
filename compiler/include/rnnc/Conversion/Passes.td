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
      marked `rnn.time_loop` (for rnn-unroll-steps),
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

def ConvertRNNModelToManifest : Pass<"convert-rnn-model-to-manifest", "mlir::ModuleOp"> {
  let summary = "Describe the model's functions and parameters for the runtime";
  let description = [{
    Runs after `convert-rnn-model-to-func`. The executable's runtime learns
    everything it needs about the generated code from one JSON document,
    the model manifest, which this pass stores as the exported constant
    string `@rnnc_model_manifest` (an `llvm.mlir.global`): the model's name,
    task, train and generate options, the parameter table (name, element
    type, shape with symbolic dimensions, initialiser) and, for every public
    function with rnn roles, its arguments and results in order with their
    role (`dim`, `input`, `target`, `state_in`, `param`; `result`, `output`,
    `state_out`, `grad`), name, element type and shape, and whether
    `train_step` applies dropout, and the module attribute
    `rnnc.compiled_with` (the driver's options) when present. Static
    dimensions
    are written as numbers, symbolic ones as their expressions (`"V"`,
    `"V + 256"`).

    Each described function gets `llvm.emit_c_interface`, so that
    `rnn-codegen-pack-model-abi` can give it a uniform entry point after the LLVM
    conversion, and `bufferization.writable = false` on its tensor
    arguments: they are the runtime's buffers, which generated code reads
    and never writes (one-shot bufferization copies rather than write over
    one). Layout of the manifest: `docs/runtime.md`.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect",
                           "mlir::bufferization::BufferizationDialect"];
}

def ConvertRNNToOneDNN : Pass<"convert-rnn-to-onednn", "mlir::ModuleOp"> {
  let summary = "Named f32 layers and their gradients to oneDNN RNN primitive calls";
  let description = [{
    Runs on tensors, after convert-rnn-model-to-func and before
    convert-rnn-to-linalg. Every f32 single-layer, single-direction
    `rnn.vanilla`/`rnn.gru`/`rnn.lstm` (rnn-decompose-layers{library=true}
    splits deep and bidirectional layers into these) becomes a call of the
    runtime's `rnnc_rt_layer_forward`, and every `rnn.*_grad` a call of
    `rnnc_rt_layer_backward` (Runtime.h). Operands are passed as read-only
    buffers (`bufferization.to_memref`), results are fresh buffers
    (`memref.alloc`, back to tensors with `bufferization.to_tensor
    restrict`, not writable: no later op may overwrite a buffer that a
    gradient call still reads), so one-shot bufferization needs no
    knowledge of the calls.

    Each forward layer op is a *site* with its own number. The runtime
    keeps per site the primitives (created once per shape and cached), the
    weights reordered into the primitives' layouts, and the workspace of
    `forward_training`, which the gradient of the same site (it reads the
    forward op's results) passes to the backward primitive. A layer whose
    results feed a gradient runs `forward_training`; any other
    `forward_inference`. Gate orders and the GRU's linear-before-reset
    biases are translated from PyTorch's layout by the runtime.
  }];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::bufferization::BufferizationDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect"];
}

#endif // RNNC_CONVERSION_PASSES_TD
