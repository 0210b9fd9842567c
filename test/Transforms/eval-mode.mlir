// rnn-eval-mode: dropout is the identity outside train_step.
// RUN: rnnc-opt %s --rnn-eval-mode | FileCheck %s

// CHECK-LABEL: func.func @forward
// CHECK-NOT: rnn.dropout
// CHECK: %[[T:.*]] = rnn.tanh %arg0
// CHECK: return %[[T]]
func.func @forward(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %d = rnn.dropout %x rate 5.000000e-01 seed 1 : tensor<4x3xf32>
  %t = rnn.tanh %d : tensor<4x3xf32>
  return %t : tensor<4x3xf32>
}

// CHECK-LABEL: func.func @train_step
// CHECK: rnn.dropout %arg0 rate 5.000000e-01 seed 1
func.func @train_step(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %d = rnn.dropout %x rate 5.000000e-01 seed 1 : tensor<4x3xf32>
  %t = rnn.tanh %d : tensor<4x3xf32>
  return %t : tensor<4x3xf32>
}
