// Errors of convert-rnn-model-to-func.
// RUN: rnnc-opt %s --split-input-file --verify-diagnostics --convert-rnn-model-to-func

rnn.model @a {
}
// expected-error @+1 {{'rnn.model' op is a second rnn.model; convert-rnn-model-to-func expects one per module}}
rnn.model @b {
}

// -----

// expected-error @+1 {{'func.func' op declares '(tensor<2xf32>) -> ()' but the model's @forward is '(tensor<3xf32>) -> ()'}}
func.func private @forward(tensor<2xf32>)
rnn.model @m {
  func.func @forward(%x: tensor<3xf32>) {
    return
  }
}

// -----

// expected-error @+1 {{'func.func' op clashes with @forward of the model}}
func.func @forward() {
  return
}
rnn.model @m {
  func.func @forward() {
    return
  }
}
