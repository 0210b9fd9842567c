// rnn-derive-bptt on a model whose train_step it derived before (marked
// rnn.train_step: a module dumped with `rnnc compile --emit=bptt` and
// compiled on): the train_step is kept as it is, edits included; running
// the pass twice derives once.
// RUN: rnnc-opt %s --rnn-derive-bptt | FileCheck %s
// RUN: rnnc-opt %s --rnn-derive-bptt --rnn-derive-bptt | FileCheck %s --check-prefix=TWICE

// CHECK-LABEL: rnn.model @kept
// CHECK: func.func @train_step() -> tensor<f32> attributes {rnn.train_step}
// CHECK-NEXT: rnn.fill 2.000000e+00
// CHECK-NOT: func.func @train_step
// CHECK-LABEL: rnn.model @derived
rnn.model @kept {
  func.func @forward() -> (tensor<f32>, tensor<f32>) {
    %l = rnn.fill 1.0 : tensor<f32>
    return %l, %l : tensor<f32>, tensor<f32>
  }
  func.func @train_step() -> tensor<f32> attributes {rnn.train_step} {
    %l = rnn.fill 2.0 : tensor<f32>
    return %l : tensor<f32>
  }
}

// TWICE-LABEL: rnn.model @derived
// TWICE: func.func @train_step() -> (tensor<f32> {rnn.result = "loss"}) attributes {rnn.train_step}
// TWICE-NOT: func.func @train_step
rnn.model @derived {
  func.func @forward() -> (tensor<f32> {rnn.result = "loss"}, tensor<f32>) {
    %l = rnn.fill 1.0 : tensor<f32>
    return %l, %l : tensor<f32>, tensor<f32>
  }
}
