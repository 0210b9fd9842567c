// Errors of rnn-derive-vjp.
// RUN: rnnc-opt %s --split-input-file --verify-diagnostics --rnn-derive-vjp

// expected-error @+1 {{'rnn.model' op has no func.func @forward to derive vjp from}}
rnn.model @m {
}

// -----

// expected-error @+1 {{'rnn.model' op already has a @vjp}}
rnn.model @m {
  func.func @forward() -> tensor<f32> {
    %l = rnn.fill 1.0 : tensor<f32>
    return %l : tensor<f32>
  }
  func.func @vjp() -> tensor<f32> {
    %l = rnn.fill 2.0 : tensor<f32>
    return %l : tensor<f32>
  }
}
