// rnn-promote-f64: every f32 of the model (parameters, signatures, block
// arguments, results) becomes f64; integers stay.
// RUN: rnnc-opt %s --rnn-promote-f64 | FileCheck %s

// CHECK: rnn.param @W : tensor<3x2xf64>
// CHECK: func.func @forward(%[[X:.*]]: tensor<4x3xf64>, %[[I:.*]]: tensor<4xi32>, %[[H:.*]]: tensor<2xf64>) -> tensor<f64>
// CHECK: rnn.param_read @W : tensor<3x2xf64>
// CHECK: rnn.scan forward seqs(%[[X]] : tensor<4x3xf64>) inits(%[[H]] : tensor<2xf64>) -> (tensor<2xf64>)
// CHECK: ^bb0(%{{.*}}: tensor<3xf64>, %{{.*}}: tensor<2xf64>):
// CHECK: rnn.fill 0.000000e+00 : tensor<f64>
// CHECK-NOT: f32
rnn.model @m {
  rnn.param @W : tensor<3x2xf32> init #rnn.init<zeros>
  func.func @forward(%x: tensor<4x3xf32>, %ids: tensor<4xi32>, %h0: tensor<2xf32>) -> tensor<f32> {
    %w = rnn.param_read @W : tensor<3x2xf32>
    %h = rnn.scan forward seqs(%x : tensor<4x3xf32>) inits(%h0 : tensor<2xf32>) -> (tensor<2xf32>) {
    ^bb0(%xt: tensor<3xf32>, %ht: tensor<2xf32>):
      %y = rnn.tanh %ht : tensor<2xf32>
      rnn.yield %y : tensor<2xf32>
    }
    %l = rnn.fill 0.0 : tensor<f32>
    return %l : tensor<f32>
  }
}
