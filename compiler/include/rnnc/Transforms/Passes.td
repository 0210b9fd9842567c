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
    For every `rnn.model`, adds `func.func @train_step` (unit attribute
    `rnn.train_step`) with the arguments of
    `@forward`, returning the loss, the final recurrent states and the
    gradient of the loss with respect to every `rnn.param` (result attribute
    `rnn.grad = "NAME"`), in the model's parameter order. A model that
    already has a train_step marked `rnn.train_step` (a module dumped after
    this pass, `rnnc compile --emit=bptt`, and compiled on) keeps it as it
    is; an unmarked one is an error.

    Reverse mode over the forward function: the loss adjoint is seeded with
    1 and ops are visited backwards, each building its operand adjoints with
    `GradientOpInterface::buildAdjoint`; adjoints of values used several
    times are summed; an `rnn.param_read`'s adjoint is the parameter's
    gradient.

    `rnn.scan` is handled here:
    - the forward scan is rewritten to also output the state entering each
      step and every costly value of the body that reads the state: the
      results of `rnn.matmul`, `rnn.tanh`, `rnn.sigmoid`, `rnn.exp` and
      `rnn.log` (`scan(xs, h0) -> (hT, ys)` becomes
      `-> (hT, ys, h_prev, saved...)`). They are kept rather than computed
      twice; matmuls of the inputs alone are recomputed, to be hoisted out
      of both loops by rnn-hoist-input-projection, and so is the cheap
      elementwise rest (canonicalization drops what the reverse scan does
      not read: with an LSTM's activations saved, the pre-activations and
      their product `h W` are not needed);
    - a scan in the opposite direction walks `(xs, h_prev, saved, dys)`
      carrying the state adjoint and one accumulator per captured
      differentiable value (the weights). Its body re-runs the cell from
      the saved state and values, backpropagates through it, multiplies the state adjoint it passes on
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

def DeriveVJP : Pass<"rnn-derive-vjp", "mlir::ModuleOp"> {
  let summary = "Derive the vector-Jacobian product of forward";
  let description = [{
    For every `rnn.model`, adds `func.func @forward_saving` and
    `func.func @vjp` (unit attribute `rnn.vjp`): backpropagation through
    time started from given adjoints instead of from the loss, what a
    framework's autograd calls for a module (`rnnc compile --emit=torch`).

    `@vjp`'s arguments are `@forward`'s, then one adjoint per float result
    of forward (the loss, when it has one, the output, the final states;
    argument attribute `rnn.adjoint_of = i`, the result's index), then the
    values `@forward_saving` kept (`rnn.saved = "k"`); it returns the
    adjoint of every float argument of forward (inputs and initial states;
    result attribute `rnn.adjoint_of = i`, the argument's index; zeros
    where none reaches it), then the gradient of every `rnn.param` as
    train_step returns them (`rnn.grad = "NAME"`). Integer arguments
    (token ids, lengths) have none. Adjoints of arguments and results with
    an rnn role also carry `rnn.adjoint = "ROLE:NAME"` and the same
    `rnn.dims`, for the manifest.

    `@forward_saving` takes forward's arguments and returns forward's
    results, then every value the reverse sweep reads from the forward
    sweep (`rnn.saved = "k"`): the forward sweep runs once. Parameter
    reads, fills, constants and index arithmetic are recomputed in @vjp
    rather than kept (SavedValues.h).

    The same reverse mode as rnn-derive-bptt (ReverseMode.h: the forward
    scan saves its costly values, a reverse scan carries the state
    adjoints), with full BPTT and every float argument active as well as
    the parameters. A model that already has a vjp marked `rnn.vjp` keeps
    it; an unmarked one is an error.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect", "mlir::func::FuncDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect"];
}

def TransposeInvariantWeights : Pass<"rnn-transpose-invariant-weights"> {
  let summary = "Transpose a time loop's matrices once, not at every step";
  let description = [{
    In a scan body, a product with a transposed matrix defined outside the
    loop reads the matrix transposed once, before the loop:

      scan { matmul(a_t, W {transpose_rhs}) }
        =>  Wt = transpose(W); scan { matmul(a_t, Wt) }

    oneDNN 2.6's sgemm runs A B^T slower than A B at every RNN shape
    measured (runtime/src/kernels/Gemm.cpp). Parameters (rnn.param_read
    and views of one) are left alone: the runtime keeps their transposes
    from call to call. What this catches are matrices computed per call:
    the fused gate matrices rnn-fuse-gates concatenates from a scratch
    cell's weights (the reverse scan of lstm_scratch's train_step), and the
    values a vjp takes from forward_saving (rnnc compile --emit=torch).
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect"];
}

def SplitConcatProducts : Pass<"rnn-split-concat-products"> {
  let summary = "A product of joined operands as the sum of its parts' products";
  let description = [{
    A cell that multiplies `concat(x, h)` by one fused matrix (the
    layer-norm LSTM's and the sLSTM's `concat(x, h) @ W`) multiplies each
    part by its own rows of the matrix:

      matmul(concat(a, b), W)  =>  matmul(a, W[0:Ka]) + matmul(b, W[Ka:])

    so that the input's part, a product of a sequence's step slice with a
    loop-invariant matrix, is hoisted out of the time loop
    (rnn-hoist-input-projection, which runs next) and, when the input is
    one-hot, becomes a row gather (rnn-fold-one-hot): a step of one stream
    reads one row of the input block instead of all V. Only products with
    such a part (a scan sequence's step slice or an `rnn.one_hot`) are
    split: a backward pass's joined gate adjoints stay one GEMM, not four
    narrower ones. The row slices of
    W are views, made where W is defined; a part's size may be dynamic for
    one part at most (its rows are then what the others leave).

    Its adjoint, a column slice of a product with a transposed matrix,
    reads only those rows of the matrix:

      extract_slice(matmul(D, W {transpose_rhs}), columns [o, o + s))
        =>  matmul(D, W[o:o + s] {transpose_rhs})

    so the backward of `concat(x, h) @ W` no longer computes the one-hot
    part's adjoint that nothing reads. Runs after rnn-derive-bptt (the
    slices have no adjoint rule; the sum changes the order of the sums).
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect"];
}

def HoistInputProjection : Pass<"rnn-hoist-input-projection"> {
  let summary = "Compute the input projection of every time step in one GEMM";
  let description = [{
    In a scan body, a product of a sequence's step slice with a
    loop-invariant matrix becomes one product over the whole sequence
    before the loop, read back per step as a new sequence:

      scan(xs){ x_t @ W ... }  =>  P = xs @ W; scan(xs, P){ p_t ... }

    `rnn.matmul` (also with `transpose_rhs`) and `rnn.linear` (with a
    loop-invariant weight and bias) are hoisted. One [T*B, K] x [K, N] GEMM
    replaces T small [B, K] x [K, N] ones.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect"];
}

def FoldOneHot : Pass<"rnn-fold-one-hot"> {
  let summary = "Products with one-hot matrices as row gathers and scatter-adds";
  let description = [{
    A product with `rnn.one_hot(ids)` (depth V) reads or writes one row per
    id; the dense GEMM over the one-hot matrix does V times that work:

      matmul(one_hot(ids), W)                  =>  embedding(ids, W)
      matmul(one_hot(ids), W {transpose_rhs})  =>  embedding(ids, transpose(W))
      matmul(one_hot(ids), D {transpose_lhs})  =>  embedding_grad(ids, D)
      matmul(D, one_hot(ids) {transpose_lhs})  =>  transpose(embedding_grad(ids, D))

    The first two are the input projection of a one-hot language model (d2l
    feeds characters one-hot), the last two its weight gradient; the
    gradient of the inputs themselves is never needed (ids are integers).
    An id outside [0, V) reads a zero row and adds nothing, as with the
    one-hot matrix. Runs after rnn-hoist-input-projection, which makes the
    products whole-sequence ones outside the time loops, and after
    rnn-derive-bptt (no one-hot product is differentiated).
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect",
                           "mlir::tensor::TensorDialect"];
}

def SinkEmbeddings : Pass<"rnn-sink-embeddings"> {
  let summary = "Row gathers feeding a time loop done step by step inside it";
  let description = [{
    A scan sequence that is a whole-sequence `rnn.embedding(ids, table)`,
    read by the scan alone, with the table defined outside the scan:

      scan seqs(embedding(ids, T)) { ^(x_t): ... x_t ... }
        =>  scan seqs(ids) { ^(ids_t): ... embedding(ids_t, T) ... }

    A gather is no GEMM: done before the loop it gains nothing from the
    whole sequence, but writes a [T, B, E] tensor to memory and reads it
    back a step at a time (4.6 MB per training step for the LSTM 256's
    one-hot input projection, out of the caches). Per step the rows land in
    a [B, E] buffer that the step reads at once. Runs after
    rnn-fold-one-hot, which makes the hoisted one-hot projections
    embeddings; a projection of embedded inputs by a real weight matrix
    stays one GEMM before the loop. The unread whole-sequence embedding is
    left to the scan's canonicalization and dead-code removal.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect"];
}

def BatchWeightGradients : Pass<"rnn-batch-weight-gradients"> {
  let summary = "Sum per-step weight gradients in one GEMM after the loop";
  let description = [{
    A carried accumulator that adds one term per step, as the reverse scan
    of rnn-derive-bptt accumulates weight gradients:

      scan(...){ acc' = acc + matmul(a_t, b_t) {transpose_lhs} }
        =>  scan(...){ ...; output b_t }; acc = init + matmul(A, B) {transpose_lhs}

      scan(...){ acc' = acc + reduce sum(b_t) over leading dims }
        =>  scan(...){ ...; output b_t }; acc = init + reduce sum(B)

    A term that feeds several accumulators and nothing else (the
    gradients of an LSTM's bias_ih and bias_hh) leaves the loop for each.
    The step operands are stacked as per-step outputs (sequence operands are
    used whole); the accumulator leaves the loop, and one [T*B, M]^T x
    [T*B, N] GEMM (or one reduction) replaces T small ones. The sum is the
    same in any order, so the scan's direction does not matter.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect"];
}

def RecognizeCells : Pass<"rnn-recognize-cells"> {
  let summary = "Turn user-written Elman, LSTM and GRU cells into named layers";
  let description = [{
    A top-level `rnn.scan` with one sequence whose body is exactly one of
    the cells of RNNCellEquations.cpp (the equations rnn-decompose-layers
    builds from, so that decomposing a layer and recognising it gives the
    layer back), in any order of sums and products, each gate's products
    written per gate or fused and split into gates:

      Elman  h' = tanh|relu(x @ W_x + h @ W_h [+ b [+ b']])
      LSTM   i, f, o = sigmoid(x @ W_x* + h @ W_h* [+ b*]),
             g = tanh(x @ W_xg + h @ W_hg [+ b_g]),
             c' = f * c + i * g,  h' = o * tanh(c')   (states h, c in
             either order)
      GRU    z, r = sigmoid(x @ W_x* + h @ W_h* [+ b*]),
             n = tanh(x @ W_xh + (r * h) @ W_hh [+ b_h])        (d2l), or
             n = tanh(x @ W_xn [+ b_xn] + r * (h @ W_hn [+ b_hn])) (PyTorch),
             h' = z * h + (1 - z) * n, or n + z * (h - n)

    with the weights defined above the scan and h' the only per-step
    output, becomes one `rnn.vanilla`, `rnn.lstm` or `rnn.gru` layer (one
    layer, the scan's direction). d2l's GRU (10.2, Cho et al.'s) resets h
    before its product: its layer gets `reset_before` (oneDNN's plain
    GRU). PyTorch's resets the product: its layer is `rnn.gru` as the
    frontend's `gru(...)`, with b_hn in `bias_hh`'s n block. Per-gate matrices are concatenated above the scan in
    PyTorch's gate order (LSTM i, f, g, o; GRU r, z, n). `x @ W` keeps
    the user's matrices as they are, with `input_major`; `x @ W^T`
    (`transpose_rhs`, PyTorch's layout) without. Missing biases are zeros.
    The final states are the layer's `h_n` (and `c_n`) at 0. So d2l's
    RNN, GRU and LSTM "from scratch" run on the same library primitives as
    the built-in layers, and their gradients are the layers'. Scans that
    differ in anything (another activation, an extra term, a dropout, a
    reset applied after the product) are left alone.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect",
                           "mlir::tensor::TensorDialect"];
}

def FuseGates : Pass<"rnn-fuse-gates"> {
  let summary = "One GEMM for the gate matrices a cell multiplies one value by";
  let description = [{
    In an `rnn.scan` body, the products of one value with several weights
    defined above the scan, in one layout (d2l's GRU and LSTM from scratch
    compute `x @ W_xz`, `x @ W_xr`, `x @ W_xh` and `h @ W_hz`, `h @ W_hr`,
    ...), become one product with the weights concatenated along their
    output axis (`rnn.concat` above the scan, once per call) and an
    `rnn.split` of the result. Run before rnn-derive-bptt: the adjoints of
    the concatenation and the split route each gate's gradient back to its
    own weight, and the backward body gets the same single GEMM. With
    rnn-hoist-input-projection after it, a cell's input products become one
    GEMM over all time steps. Products need 2-d operands and static output
    widths; groups of one are left alone.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect"];
}

def DeriveStep : Pass<"rnn-derive-step", "mlir::ModuleOp"> {
  let summary = "Derive the single-time-step function generation calls";
  let description = [{
    For every `rnn.model` whose task is `language_model`, adds
    `func.func @step` (unit attribute `rnn.step`): `@forward` specialised
    to one time step. A model that already has a step marked `rnn.step`
    (derived before, in a dumped module compiled on) keeps it. It takes the model's dimensions but `T`, its inputs
    with a static time extent of 1 and its recurrent states, and returns
    its output(s) (time extent 1) and the next states; the loss and the
    targets are gone.

    - The `T` argument becomes the constant 1; inputs and outputs whose
      `rnn.dims` name `T` get a static 1 there (a `tensor.cast` to the
      forward's types at the entry and back at the return), so every
      time loop of the step has a constant trip count of one and is
      folded away once lowered.
    - rnn-decompose-layers expands the layers of an `rnn.step` function
      into scans even on the library path: one step is a matrix-vector
      product per gate block, which generated code and the GEMM calls do
      without the RNN primitives' per-call set-up.

    A forward without an `rnn.output` result (IR written without roles)
    gets no step. Errors: a layer or scan that runs backwards in time (a bidirectional
    language model cannot generate one token at a time), and a forward
    that reads its targets for more than the loss.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect", "mlir::func::FuncDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::tensor::TensorDialect"];
}

def SpecialiseSingleStream
    : Pass<"rnn-specialise-single-stream", "mlir::ModuleOp"> {
  let summary = "Add @step_single: a language model's step for one stream";
  let description = [{
    Runs after rnn-derive-step. For every `rnn.model` with a `func.func
    @step` marked `rnn.step`, adds `func.func @step_single` (marked
    `rnn.step` too): the step with the batch dimension `B` fixed to 1,
    the way rnn-derive-step fixes `T` (the `B` argument becomes the
    constant 1; inputs, states and outputs whose `rnn.dims` name `B` get a
    static 1 there). Generation of one stream calls it (the runtime's
    StepAdapter with one row); several streams call `@step`.

    A step's shapes are then static but for the vocabulary's: its
    temporaries (a gate block, a layer norm's partial sums) have sizes
    known at compile time, so rnn-codegen-stack-small-buffers puts them on
    the stack instead of allocating and freeing each one per token, and
    LLVM sees the trip count of every loop. Both functions compute each
    row the same way (the same IR but for the static extent); `gradcheck`
    checks `@step_single` against `@forward` on each row of its batch
    (test/Integration/gradcheck-examples.test).

    A step without a `B` argument gets none; a model that already has a
    `@step_single` marked `rnn.step` (a dumped module compiled on) keeps
    it, and one with another `@step_single` is an error.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect", "mlir::func::FuncDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::tensor::TensorDialect"];
}

def DeriveDecoderStep : Pass<"rnn-derive-decoder-step", "mlir::ModuleOp"> {
  let summary = "Derive a seq2seq model's encoder and single-step decoder";
  let description = [{
    For every `rnn.model` whose task is `seq2seq`, cuts `@forward` in two,
    so that translation runs the encoder once per sentence and the decoder
    one token at a time instead of the whole forward per token:

    - the decoder: every op that reads the decoder input (the second input
      over `T`, the runtime's convention), and the region-free ops over
      time-free values it reads (a `select` of the encoder's final state,
      its `broadcast` over `T`), which the step recomputes;
    - `func.func @encode` (unit attribute `rnn.encode`): the forward
      returning what the decoder reads from the rest — the initial values
      of the decoder's recurrent states (`rnn.state_out`, named after the
      layer: `decoder.h`, `decoder.c`) and the encoder's values it reads
      (`rnn.context`: `encoder.h_n`, or an argument's name);
    - `func.func @decode_step` (unit attribute `rnn.step`): the decoder for
      one time step (T fixed to one as rnn-derive-step fixes it), taking
      the decoder input `[1, B]`, the states and the contexts, returning
      the output(s) `[1, B, ...]` and the next states.

    Only time-free values cross (arguments whose dims do not name `T`, the
    final states of layers and scans, and what is computed from them). A
    decoder that reads the encoder's output sequence (attention), reverses
    time, runs a layer backwards or reads its own final state has no step: the pass warns and leaves
    the model as it is (translation then runs the forward per token). A
    model that already has both functions, derived before, keeps them.
  }];
  let dependentDialects = ["mlir::rnn::RNNDialect", "mlir::func::FuncDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::tensor::TensorDialect"];
}

def DecomposeLayers : Pass<"rnn-decompose-layers"> {
  let summary = "Expand rnn.vanilla/gru/lstm into rnn.scan and cell math";
  let description = [{
    The generated-code path for the whole-sequence layers: each layer and
    direction becomes one `rnn.scan` whose body is the cell written with
    `rnn.matmul` (weights in PyTorch's [G*H, I] layout, `transpose_rhs`),
    elementwise math and `rnn.split` of the gate blocks, in PyTorch's gate
    order, built from the cell's equations in RNNCellEquations.cpp (the
    ones rnn-recognize-cells matches):

      vanilla  h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)
      LSTM     i, f, g, o = split(x W_ih^T + b_ih + h W_hh^T + b_hh)
               c' = sigmoid(f) c + sigmoid(i) tanh(g);  h' = sigmoid(o) tanh(c')
      GRU      r, z, n (input part) and r, z, n (hidden part), each + bias
               r = sigmoid(.), z = sigmoid(.), n = tanh(n_i + r n_h)
               h' = n + z (h - n)
      GRU with reset_before: as above but n = tanh(n_i + (r h) W_hn^T + b_hn)

    The reverse direction scans backwards; a bidirectional layer
    concatenates both directions' outputs along the feature axis, and the
    next layer reads that. Inter-layer `dropout` becomes `rnn.dropout`.
    Final states are stacked back into `[L*D, B, H]`. Run before
    rnn-derive-bptt, the gradients of the layers are then derived like
    those of any user cell.

    With `library=true` (the default pipeline for f32 models), layers stay
    named ops for convert-rnn-to-onednn, one per layer and direction: a
    deep or bidirectional layer is split into single-layer, single-direction
    layers (oneDNN's multi-layer primitives cannot place dropout between
    layers and need equal input and hidden sizes), with the same dropout,
    concatenation and state stacking as above. Layers of f64 models and of
    models trained with truncated BPTT (which the library's backward
    primitive cannot truncate) are still expanded into scans, and so are
    the layers of the single-step function (rnn-derive-step).
  }];
  let options = [
    Option<"library", "library", "bool", /*default=*/"false",
           "Keep f32 layers as single-layer, single-direction named ops">,
  ];
  let dependentDialects = ["mlir::rnn::RNNDialect",
                           "mlir::tensor::TensorDialect"];
}

def PromoteToF64 : Pass<"rnn-promote-f64", "mlir::ModuleOp"> {
  let summary = "Compute the whole model in f64";
  let description = [{
    Rewrites every f32 in the module (parameters, function signatures,
    block arguments, op results) to f64, so the model is compiled in double
    precision: `rnnc compile --dtype=f64`, or `dtype = f64` in the model's
    train block. `./model gradcheck` of such an executable compares the
    derived gradients with central finite differences at 1e-6.
  }];
}

def StatesInPlace : Pass<"rnn-states-in-place"> {
  let summary = "Time loops write their next states over the current ones";
  let description = [{
    Runs on linalg on tensors, after elementwise fusion. In a time loop
    (`scf.for` marked `rnn.time_loop`), a yielded state computed by an
    elementwise `linalg.generic` into a fresh `tensor.empty`, or by a
    contraction accumulating into a `linalg.fill` of one (cloned into the
    loop for the contraction alone if it is outside it or shared: CSE
    merges equal zero fills), gets the loop's own iteration argument as
    its destination instead. The new
    state then overwrites the old one, and one-shot bufferization keeps
    one buffer for the state across all steps, where it allocated a new
    one per step. Where the old state is still read after the write,
    bufferization copies as before, so the result never changes; the
    buffer that enters the loop is copied once if it must survive it.

    A yielded state that is a slice of a tensor the step computes (the
    hidden block of a fused `[dx, dh]` adjoint) is copied into the
    iteration argument: yielded as a slice, it would carry the whole
    tensor's buffer into the next step. Sizes that now read an iteration
    argument (through the rewritten destinations) are read off its initial
    value before the loop, so every temporary of the step keeps a
    loop-invariant size and is allocated once per call.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

def UnrollSteps : Pass<"rnn-unroll-steps"> {
  let summary = "Unroll the time loops of the recurrences";
  let description = [{
    Runs on the `scf.for` loops that lower `rnn.scan` (marked
    `rnn.time_loop`), on tensors or on buffers. The pipeline runs it after
    one-shot bufferization and the hoisting of the step buffers: the
    bufferization analysis grows faster than the size of a block, and
    unrolling before it made `--unroll=140` of the scratch RNN spend 31 s
    in MLIR instead of 2.2 s. `factor = N` unrolls each by N
    (T need not be a multiple: the remainder runs in an epilogue loop, so
    dynamic sequence lengths work); `factor = 0` unrolls completely, which
    needs a trip count known at compile time (a loop whose count is not
    known is left as it is, with a remark). The unrolled code computes
    exactly what the loop computes, step for step in the same order
    (`test/Integration/unroll.test` compares trained weights bit for bit).
    `rnnc compile --unroll=none|full|N`.
  }];
  let options = [
    Option<"factor", "factor", "unsigned", "0",
           "Steps per unrolled iteration (0: unroll completely)">
  ];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::arith::ArithDialect"];
}

def EvalMode : Pass<"rnn-eval-mode", "mlir::ModuleOp"> {
  let summary = "Dropout is the identity outside training";
  let description = [{
    Runs after rnn-derive-bptt. Every `rnn.dropout` outside `@train_step`
    (the `forward` function serves evaluation, generation, translation and
    prediction) is replaced by its input, as PyTorch's `model.eval()` does;
    `train_step` keeps its dropouts, and their adjoints draw the same
    masks.
  }];
}

#endif // RNNC_TRANSFORMS_PASSES_TD
