// rnn-derive-bptt builds train_step: the loss adjoint is seeded with 1, the
// scan saves the state entering each step and the costly values that read
// it (matmuls, tanh, sigmoid, exp, log), and a reverse scan re-runs the
// rest of the cell from them, carries dh and accumulates the captured
// weights' gradients. Canonicalization then drops what it does not read.
// RUN: rnnc-opt %s --split-input-file --rnn-derive-bptt | FileCheck %s
// RUN: rnnc-opt %s --split-input-file --rnn-derive-bptt --canonicalize | FileCheck %s --check-prefix=CANON
// RUN: rnnc-opt %s --split-input-file --pass-pipeline='builtin.module(rnn-derive-bptt{truncation=truncated steps=5})' | FileCheck %s --check-prefix=TRUNC
// RUN: rnnc-opt %s --split-input-file --pass-pipeline='builtin.module(rnn-derive-bptt{truncation=randomized probability=0.25 seed=9})' | FileCheck %s --check-prefix=RANDOM

rnn.model @cell attributes {task = "language_model"} {
  rnn.param @W : tensor<4x4xf32> init #rnn.init<normal(0.0, 0.1)>
  rnn.param @U : tensor<3x4xf32> init #rnn.init<normal(0.0, 0.1)>
  rnn.param @unused : tensor<2xf32> init #rnn.init<zeros>
  func.func @forward(%x: tensor<5x2x3xf32>, %h0: tensor<2x4xf32>) -> (tensor<f32>, tensor<5x2x4xf32>, tensor<2x4xf32>) {
    %w = rnn.param_read @W : tensor<4x4xf32>
    %u = rnn.param_read @U : tensor<3x4xf32>
    %hT, %hs = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>) {
    ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x4xf32>):
      %a = rnn.matmul %xt, %u : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
      %b = rnn.matmul %h, %w : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %s = rnn.add %a, %b : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
      %hn = rnn.tanh %s : tensor<2x4xf32>
      rnn.yield %hn, %hn : tensor<2x4xf32>, tensor<2x4xf32>
    }
    %loss = rnn.mse %hs, %hs : (tensor<5x2x4xf32>, tensor<5x2x4xf32>) -> tensor<f32>
    return %loss, %hs, %hT : tensor<f32>, tensor<5x2x4xf32>, tensor<2x4xf32>
  }
}

// The forward function stays; train_step returns the loss, the final
// state and one gradient per parameter, in declaration order.
// CHECK-LABEL: func.func @forward
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: -> (tensor<f32>, tensor<2x4xf32>, tensor<4x4xf32> {rnn.grad = "W"}, tensor<3x4xf32> {rnn.grad = "U"}, tensor<2xf32> {rnn.grad = "unused"})
// CHECK: %[[W:.*]] = rnn.param_read @W
// CHECK: %[[U:.*]] = rnn.param_read @U
// The forward scan also stacks the state entering each step, the product
// h W and the activation tanh(x U + h W), which read it (x U does not: it
// is recomputed).
// CHECK: %[[FWD:.*]]:5 = rnn.scan forward seqs(%{{.*}} : tensor<5x2x3xf32>) inits(%{{.*}} : tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>)
// CHECK: ^bb0(%{{.*}}: tensor<2x3xf32>, %[[H:.*]]: tensor<2x4xf32>):
// CHECK: %[[HW:.*]] = rnn.matmul %[[H]], %[[W]]
// CHECK: %[[HN:.*]] = rnn.tanh
// CHECK: rnn.yield %[[HN]], %[[HN]], %[[H]], %[[HW]], %[[HN]] :
// CHECK: %[[ONE:.*]] = rnn.fill 1.000000e+00 : tensor<f32>
// The reverse scan: inputs, saved states, saved values and output
// adjoints in; the state adjoint and one accumulator per captured weight
// carried; the inputs' adjoints are not needed (x is not a parameter's
// function).
// CHECK: %[[REV:.*]]:3 = rnn.scan reverse seqs(%{{.*}}, %[[FWD]]#2, %[[FWD]]#3, %[[FWD]]#4, %{{.*}} : tensor<5x2x3xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>) inits(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>) -> (tensor<2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>)
// CHECK: ^bb0(%[[XT:.*]]: tensor<2x3xf32>, %[[HP:.*]]: tensor<2x4xf32>, %{{.*}}: tensor<2x4xf32>, %[[T:.*]]: tensor<2x4xf32>, %[[DY:.*]]: tensor<2x4xf32>, %[[DH:.*]]: tensor<2x4xf32>, %[[AU:.*]]: tensor<3x4xf32>, %[[AW:.*]]: tensor<4x4xf32>):
// tanh's adjoint reads the saved activation: no tanh is evaluated again.
// CHECK-NOT: rnn.tanh
// CHECK: %[[D:.*]] = rnn.add %[[DH]], %[[DY]]
// CHECK: %[[DS:.*]] = rnn.sub %[[D]], %{{.*}}
// CHECK: %[[DHP:.*]] = rnn.matmul %[[DS]], %[[W]] {transpose_rhs}
// CHECK: %[[DW:.*]] = rnn.matmul %[[HP]], %[[DS]] {transpose_lhs}
// CHECK: %[[DU:.*]] = rnn.matmul %[[XT]], %[[DS]] {transpose_lhs}
// CHECK: %[[NU:.*]] = rnn.add %[[AU]], %[[DU]]
// CHECK: %[[NW:.*]] = rnn.add %[[AW]], %[[DW]]
// CHECK: rnn.yield %[[DHP]], %[[NU]], %[[NW]] :
// Nothing in the reverse scan reads the pre-activation any more: with
// canonicalization the product h W is neither recomputed nor saved.
// CANON-LABEL: func.func @train_step
// CANON: rnn.scan forward {{.*}} -> (tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>)
// CANON: rnn.yield %[[HN:.*]], %[[HN]], %{{.*}}, %[[HN]] :
// CANON: rnn.scan reverse
// CANON-NOT: rnn.tanh
// CANON-NOT: rnn.matmul %{{.*}}, %{{.*}} :
// CANON: rnn.matmul %{{.*}}, %{{.*}} {transpose_rhs}
// A parameter the loss does not reach has a zero gradient.
// CHECK: %[[Z:.*]] = rnn.fill 0.000000e+00 : tensor<2xf32>
// CHECK: return %{{.*}}, %[[FWD]]#0, %[[REV]]#2, %[[REV]]#1, %[[Z]]

// Truncation: the state adjoint passed back is multiplied by a mask.
// TRUNC: %[[MASK:.*]] = rnn.truncation_mask truncated steps 5 : tensor<5xf32>
// TRUNC: rnn.scan reverse seqs({{.*}}, %[[MASK]] : {{.*}}, tensor<5xf32>)
// TRUNC: ^bb0({{.*}}, %[[M:[^:]*]]: tensor<f32>, %{{.*}}: tensor<2x4xf32>,
// TRUNC: %[[CUT:.*]] = rnn.mul %{{.*}}, %[[M]] : tensor<2x4xf32>, tensor<f32> -> tensor<2x4xf32>
// TRUNC: rnn.yield %[[CUT]],
// RANDOM: rnn.truncation_mask randomized probability 2.500000e-01 {seed = 9 : i64} : tensor<5xf32>

// -----

// truncation=model (the default) reads the model's train block.
rnn.model @from_model attributes {task = "language_model", train = {bptt = "truncated", bptt_steps = 3 : i64}} {
  rnn.param @W : tensor<4x4xf32> init #rnn.init<normal(0.0, 0.1)>
  func.func @forward(%h0: tensor<2x4xf32>, %x: tensor<6x2x4xf32>) -> (tensor<f32>, tensor<2x4xf32>) {
    %w = rnn.param_read @W : tensor<4x4xf32>
    %hT = rnn.scan forward seqs(%x : tensor<6x2x4xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>) {
    ^bb0(%xt: tensor<2x4xf32>, %h: tensor<2x4xf32>):
      %b = rnn.matmul %h, %w : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %s = rnn.add %xt, %b : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
      rnn.yield %s : tensor<2x4xf32>
    }
    %loss = rnn.reduce mean %hT dims [0, 1] : tensor<2x4xf32> -> tensor<f32>
    return %loss, %hT : tensor<f32>, tensor<2x4xf32>
  }
}
// CHECK-LABEL: rnn.model @from_model
// Mean's adjoint spreads the seed and divides by the element count.
// CHECK: rnn.numel %{{.*}} dims [0, 1]
// CHECK: rnn.truncation_mask truncated steps 3 : tensor<6xf32>
