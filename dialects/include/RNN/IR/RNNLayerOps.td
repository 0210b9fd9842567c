//===- RNNLayerOps.td - whole-sequence layers --------------*- tablegen -*-===//
//
// Included by RNNOps.td, which defines `Differentiable` and the
// interfaces these ops use.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_LAYER_OPS_TD
#define RNN_LAYER_OPS_TD

//===----------------------------------------------------------------------===//
// Whole-sequence library layers
//===----------------------------------------------------------------------===//

// The shared shape of vanilla/GRU/LSTM layers. `cellKind` is the body of
// `cellKind()`, the op's mlir::rnn::CellKind (RNNLayers.h), which fixes the
// gate blocks stacked in each weight (1, 3, 4); `withCell` adds the LSTM
// cell state. RecurrentLayerOpInterface reads all of it.
// Weights come per layer, then per direction, in PyTorch's order:
// weight_ih [G*H, I_l], weight_hh [G*H, H], bias_ih [G*H], bias_hh [G*H],
// where I_0 is the input size and I_l = D*H above the first layer.
// `input_major` stores the two matrices transposed, [I_l, G*H] and
// [H, G*H] (`x @ W`, as cells written from their equations do, and
// oneDNN's ldigo layout).
class RNN_LayerOp<string mnemonic, bit withCell, code cellKind,
                  dag extraArgs = (ins)>
    : RNN_Op<mnemonic, [Pure, Differentiable, RNN_RecurrentLayerOpInterface]> {
  let arguments = !con(
      (ins RNN_FloatTensor:$input, RNN_FloatTensor:$h0),
      !if(withCell, (ins RNN_FloatTensor:$c0), (ins)),
      (ins Variadic<RNN_FloatTensor>:$weights,
           RNN_Direction:$direction,
           ConfinedAttr<I64Attr, [IntPositive]>:$hidden_size,
           ConfinedAttr<I64Attr, [IntPositive]>:$num_layers,
           DefaultValuedAttr<F64Attr, "0.0">:$dropout,
           UnitAttr:$input_major),
      extraArgs);
  let results = !con(
      (outs RNN_FloatTensor:$output, RNN_FloatTensor:$h_n),
      !if(withCell, (outs RNN_FloatTensor:$c_n), (outs)));
  let assemblyFormat = "$direction $input `,` $h0 "
      # !if(withCell, "`,` $c0 ", "")
      # "`weights` `(` $weights `)` attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static constexpr bool kIsBackward = false;
    static constexpr ::llvm::StringLiteral kCounterpart = "rnn.}] # mnemonic
      # [{_grad";
    ::mlir::rnn::CellKind cellKind() { }] # cellKind # [{ }
    ::llvm::SmallVector<::mlir::Value, 2> initialStates() {
      return {getH0()}] # !if(withCell, ", getC0()", "") # [{};
    }
    ::llvm::SmallVector<::mlir::Value, 2> finalStates() {
      return {getHN()}] # !if(withCell, ", getCN()", "") # [{};
    }
    ::llvm::SmallVector<::mlir::Value, 3> resultAdjoints() { return {}; }
  }];
}

// The backward op of a layer: operands are the forward operands, the forward
// results and the adjoints of the results; results are the adjoints of the
// input, the initial states and every weight.
class RNN_LayerGradOp<string mnemonic, string forward, bit withCell,
                      code cellKind, dag extraArgs = (ins)>
    : RNN_Op<mnemonic, [Pure, RNN_RecurrentLayerOpInterface]> {
  let summary = "backward pass of `rnn." # forward # "`";
  let description = "The vector-Jacobian product of `rnn." # forward # "`: "
      # "given the forward operands and results and the adjoints of the "
      # "results, the adjoints of the input, initial state(s) and weights. "
      # "Attributes equal the forward op's. Lowered onto the library's "
      # "backward primitive, sharing the forward pass's workspace.";
  let arguments = !con(
      (ins RNN_FloatTensor:$input, RNN_FloatTensor:$h0),
      !if(withCell, (ins RNN_FloatTensor:$c0), (ins)),
      (ins Variadic<RNN_FloatTensor>:$weights,
           RNN_FloatTensor:$output, RNN_FloatTensor:$h_n),
      !if(withCell, (ins RNN_FloatTensor:$c_n), (ins)),
      (ins RNN_FloatTensor:$d_output, RNN_FloatTensor:$d_h_n),
      !if(withCell, (ins RNN_FloatTensor:$d_c_n), (ins)),
      (ins RNN_Direction:$direction,
           ConfinedAttr<I64Attr, [IntPositive]>:$hidden_size,
           ConfinedAttr<I64Attr, [IntPositive]>:$num_layers,
           DefaultValuedAttr<F64Attr, "0.0">:$dropout,
           UnitAttr:$input_major),
      extraArgs);
  let results = !con(
      (outs RNN_FloatTensor:$d_input, RNN_FloatTensor:$d_h0),
      !if(withCell, (outs RNN_FloatTensor:$d_c0), (outs)),
      (outs Variadic<RNN_FloatTensor>:$d_weights));
  let assemblyFormat = "$direction $input `,` $h0 "
      # !if(withCell, "`,` $c0 ", "")
      # "`weights` `(` $weights `)` `outputs` `(` $output `,` $h_n "
      # !if(withCell, "`,` $c_n ", "")
      # "`)` `grads` `(` $d_output `,` $d_h_n "
      # !if(withCell, "`,` $d_c_n ", "")
      # "`)` attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static constexpr bool kIsBackward = true;
    static constexpr ::llvm::StringLiteral kCounterpart = "rnn.}] # forward
      # [{";
    ::mlir::rnn::CellKind cellKind() { }] # cellKind # [{ }
    ::llvm::SmallVector<::mlir::Value, 2> initialStates() {
      return {getH0()}] # !if(withCell, ", getC0()", "") # [{};
    }
    ::llvm::SmallVector<::mlir::Value, 2> finalStates() {
      return {getHN()}] # !if(withCell, ", getCN()", "") # [{};
    }
    ::llvm::SmallVector<::mlir::Value, 3> resultAdjoints() {
      return {getDOutput(), getDHN()}] # !if(withCell, ", getDCN()", "")
      # [{};
    }
  }];
}

// The cell kinds of the three layer families.
defvar VanillaCellKind = [{
  return getActivation() == ::mlir::rnn::Activation::relu
             ? ::mlir::rnn::CellKind::Relu : ::mlir::rnn::CellKind::Tanh;
}];
defvar GRUCellKind = [{
  return getResetBefore() ? ::mlir::rnn::CellKind::GRUResetBefore
                          : ::mlir::rnn::CellKind::GRU;
}];
defvar LSTMCellKind = [{ return ::mlir::rnn::CellKind::LSTM; }];

def RNN_VanillaOp : RNN_LayerOp<"vanilla", 0, VanillaCellKind,
    (ins DefaultValuedAttr<RNN_Activation, "::mlir::rnn::Activation::tanh">:$activation)> {
  let summary = "multi-layer Elman RNN over a whole sequence";
  let description = [{
    `h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)` per layer and
    direction, as PyTorch's `nn.RNN`. Operands: `input [T, B, I]`,
    `h0 [L*D, B, H]`, then 4 weights per layer and direction. Results:
    `output [T, B, D*H]` (the top layer) and `h_n [L*D, B, H]`.

    Example:
    ```mlir
    %y, %hn = rnn.vanilla forward %x, %h0 weights(%wih, %whh, %bih, %bhh)
        {hidden_size = 512 : i64, num_layers = 1 : i64}
        : (tensor<35x32x28xf32>, tensor<1x32x512xf32>, tensor<512x28xf32>,
           tensor<512x512xf32>, tensor<512xf32>, tensor<512xf32>)
        -> (tensor<35x32x512xf32>, tensor<1x32x512xf32>)
    ```
  }];
}

def RNN_GRUOp : RNN_LayerOp<"gru", 0, GRUCellKind,
                            (ins UnitAttr:$reset_before)> {
  let summary = "multi-layer GRU over a whole sequence";
  let description = [{
    PyTorch's `nn.GRU` (gate order r, z, n; the reset gate multiplies the
    hidden projection after its bias, "linear before reset"):
    `n_t = tanh(W_in x + b_in + r * (W_hn h + b_hn))`,
    `h_t = (1 - z) * n_t + z * h_{t-1}`. Shapes as `rnn.vanilla` with
    3H rows per weight.

    With `reset_before`, the GRU of Cho et al. and d2l 10.2 (oneDNN's
    plain `gru`): the reset gate multiplies the state before its product,
    `n_t = tanh(W_in x + b_in + W_hn (r * h_{t-1}) + b_hn)`; the rest is
    the same. rnn-recognize-cells makes it from cells written that way.

    Example:
    ```mlir
    %y, %hn = rnn.gru forward %x, %h0 weights(%wih, %whh, %bih, %bhh)
        {hidden_size = 256 : i64, num_layers = 1 : i64}
        : (tensor<35x32x28xf32>, tensor<1x32x256xf32>, tensor<768x28xf32>,
           tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>)
        -> (tensor<35x32x256xf32>, tensor<1x32x256xf32>)
    ```
  }];
}

def RNN_LSTMOp : RNN_LayerOp<"lstm", 1, LSTMCellKind> {
  let summary = "multi-layer LSTM over a whole sequence";
  let description = [{
    PyTorch's `nn.LSTM` (gate order i, f, g, o), with a cell state:
    operands `input [T, B, I]`, `h0`, `c0 [L*D, B, H]`, then 4 weights per
    layer and direction with 4H rows; results `output [T, B, D*H]`, `h_n`,
    `c_n`.

    Example:
    ```mlir
    %y, %hn, %cn = rnn.lstm forward %x, %h0, %c0 weights(%wih, %whh, %bih, %bhh)
        {hidden_size = 256 : i64, num_layers = 1 : i64}
        : (tensor<35x32x28xf32>, tensor<1x32x256xf32>, tensor<1x32x256xf32>,
           tensor<1024x28xf32>, tensor<1024x256xf32>, tensor<1024xf32>,
           tensor<1024xf32>)
        -> (tensor<35x32x256xf32>, tensor<1x32x256xf32>, tensor<1x32x256xf32>)
    ```
  }];
}

def RNN_VanillaGradOp : RNN_LayerGradOp<"vanilla_grad", "vanilla", 0,
    VanillaCellKind,
    (ins DefaultValuedAttr<RNN_Activation, "::mlir::rnn::Activation::tanh">:$activation)>;
def RNN_GRUGradOp : RNN_LayerGradOp<"gru_grad", "gru", 0, GRUCellKind,
    (ins UnitAttr:$reset_before)>;
def RNN_LSTMGradOp : RNN_LayerGradOp<"lstm_grad", "lstm", 1, LSTMCellKind>;

#endif // RNN_LAYER_OPS_TD
