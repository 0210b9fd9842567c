// convert-rnn-to-onednn takes only what oneDNN's single-layer primitives
// compute; everything else must have been split or decomposed before.
// RUN: rnnc-opt %s --split-input-file --convert-rnn-to-onednn -verify-diagnostics

func.func @deep(%x: tensor<5x2x4xf32>, %h0: tensor<2x2x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) -> tensor<5x2x4xf32> {
  // expected-error @+1 {{convert-rnn-to-onednn takes f32 single-layer, single-direction layers; run rnn-decompose-layers{library=true} first}}
  %y, %hn = rnn.vanilla forward %x, %h0 weights(%w, %w, %b, %b, %w, %w, %b, %b) {hidden_size = 4 : i64, num_layers = 2 : i64} : (tensor<5x2x4xf32>, tensor<2x2x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<2x2x4xf32>)
  return %y : tensor<5x2x4xf32>
}

// -----

func.func @double(%x: tensor<5x2x3xf64>, %h0: tensor<1x2x4xf64>, %wih: tensor<4x3xf64>, %whh: tensor<4x4xf64>, %b: tensor<4xf64>) -> tensor<5x2x4xf64> {
  // expected-error @+1 {{convert-rnn-to-onednn takes f32 single-layer}}
  %y, %hn = rnn.vanilla forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf64>, tensor<1x2x4xf64>, tensor<4x3xf64>, tensor<4x4xf64>, tensor<4xf64>, tensor<4xf64>) -> (tensor<5x2x4xf64>, tensor<1x2x4xf64>)
  return %y : tensor<5x2x4xf64>
}

// -----

// A gradient whose forward results come from elsewhere (here: arguments)
// has no site to share the forward's workspace with.
func.func @orphan_grad(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>, %wih: tensor<4x3xf32>, %whh: tensor<4x4xf32>, %b: tensor<4xf32>,
                       %y: tensor<5x2x4xf32>, %hn: tensor<1x2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{convert-rnn-to-onednn: the forward layer of this gradient is not in the same function}}
  %dx, %dh0, %dw:4 = rnn.vanilla_grad forward %x, %h0 weights(%wih, %whh, %b, %b) outputs(%y, %hn) grads(%y, %hn) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %dw#0 : tensor<4x3xf32>
}
