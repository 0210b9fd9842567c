// convert-rnn-model-to-manifest: what the runtime could not pass is refused.
// RUN: rnnc-opt %s --split-input-file --verify-diagnostics --convert-rnn-model-to-func --convert-rnn-model-to-manifest

rnn.model @m {
  // expected-error@+1 {{'func.func' op argument #0 has dynamic dimension 0 without a name (rnn.dims)}}
  func.func @forward(%x: tensor<?xi32> {rnn.input = "tokens"}) -> (tensor<f32> {rnn.result = "loss"}) {
    %l = rnn.fill 0.0 : tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

rnn.model @m {
  // expected-error@+1 {{'func.func' op result #1 has no rnn role attribute}}
  func.func @forward(%x: tensor<2xi32> {rnn.input = "tokens"}) -> (tensor<f32> {rnn.result = "loss"}, tensor<f32>) {
    %l = rnn.fill 0.0 : tensor<f32>
    return %l, %l : tensor<f32>, tensor<f32>
  }
}

// -----

rnn.model @m {
  // expected-error@+1 {{'func.func' op argument #0 has element type 'f16'; the runtime knows f32, f64, i32 and i64}}
  func.func @forward(%x: tensor<2xf16> {rnn.input = "tokens"}) -> (tensor<f32> {rnn.result = "loss"}) {
    %l = rnn.fill 0.0 : tensor<f32>
    return %l : tensor<f32>
  }
}
