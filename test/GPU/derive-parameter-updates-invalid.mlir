// rnn-gpu-derive-parameter-updates' errors, and a model it leaves alone.
// RUN: rnnc-opt --rnn-gpu-derive-parameter-updates --split-input-file --verify-diagnostics %s | FileCheck %s

// A function of the model already has one of the names.
module attributes {rnn.params = [{name = "w", type = tensor<4xf32>, init = "zeros", init_args = array<f64>}]} {
  // expected-error @+1 {{'func.func' op has the name of a parameter update function}}
  func.func @sgd_update() {
    return
  }
}

// -----

// A malformed parameter table.
// expected-error @+1 {{has an rnn.params entry without a name and a ranked tensor type}}
module attributes {rnn.params = [{type = tensor<4xf32>}]} {
}

// -----

// A parameter that is not f32: no optimizer updates it, no functions.
// CHECK: module attributes {rnn.params = [{{.*}}tensor<4xf64>
// CHECK-NOT: func.func
module attributes {rnn.params = [{name = "w", type = tensor<4xf64>, init = "zeros", init_args = array<f64>}]} {
}
