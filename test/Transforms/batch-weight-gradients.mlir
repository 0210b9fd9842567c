// rnn-batch-weight-gradients: per-step gradient accumulators leave the
// loop as one GEMM (transpose_lhs form) or one reduction over all steps.
// RUN: rnnc-opt %s --split-input-file --rnn-batch-weight-gradients | FileCheck %s

// CHECK-LABEL: func.func @accumulators
func.func @accumulators(%x: tensor<5x2x3xf32>, %d0: tensor<2x4xf32>, %w: tensor<4x4xf32>, %init: tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<4x4xf32>, tensor<3x4xf32>, tensor<4xf32>) {
  %z44 = rnn.fill 0.0 : tensor<4x4xf32>
  %z4 = rnn.fill 0.0 : tensor<4xf32>
  // The carried state adjoint stays; the accumulators go; the per-step
  // term is stacked.
  // CHECK: %[[S:.*]]:2 = rnn.scan reverse seqs(%[[X:.*]] : tensor<5x2x3xf32>) inits(%{{.*}} : tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>)
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<2x3xf32>, %[[D:.*]]: tensor<2x4xf32>):
  // CHECK-NEXT: %[[T:.*]] = rnn.tanh %[[D]]
  // CHECK-NEXT: %[[N:.*]] = rnn.matmul %[[T]], %{{.*}} {transpose_rhs}
  // CHECK-NEXT: rnn.yield %[[N]], %[[T]] :
  // CHECK: %[[GW:.*]] = rnn.matmul %[[S]]#1, %[[S]]#1 {transpose_lhs} : tensor<5x2x4xf32>, tensor<5x2x4xf32> -> tensor<4x4xf32>
  // A sequence operand is used whole; a non-zero init is added.
  // CHECK: %[[GX:.*]] = rnn.matmul %[[X]], %[[S]]#1 {transpose_lhs} : tensor<5x2x3xf32>, tensor<5x2x4xf32> -> tensor<3x4xf32>
  // CHECK: %[[GXI:.*]] = rnn.add %{{.*}}, %[[GX]] : tensor<3x4xf32>
  // CHECK: %[[GB:.*]] = rnn.reduce sum %[[S]]#1 dims [0, 1] : tensor<5x2x4xf32> -> tensor<4xf32>
  // CHECK: return %[[S]]#0, %[[GW]], %[[GXI]], %[[GB]]
  %r:4 = rnn.scan reverse seqs(%x : tensor<5x2x3xf32>) inits(%d0, %z44, %init, %z4 : tensor<2x4xf32>, tensor<4x4xf32>, tensor<3x4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<4x4xf32>, tensor<3x4xf32>, tensor<4xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %d: tensor<2x4xf32>, %aw: tensor<4x4xf32>, %ax: tensor<3x4xf32>, %ab: tensor<4xf32>):
    %t = rnn.tanh %d : tensor<2x4xf32>
    %n = rnn.matmul %t, %w {transpose_rhs} : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %gw = rnn.matmul %t, %t {transpose_lhs} : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<4x4xf32>
    %aw2 = rnn.add %aw, %gw : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
    %gx = rnn.matmul %xt, %t {transpose_lhs} : tensor<2x3xf32>, tensor<2x4xf32> -> tensor<3x4xf32>
    %ax2 = rnn.add %ax, %gx : tensor<3x4xf32>, tensor<3x4xf32> -> tensor<3x4xf32>
    %gb = rnn.reduce sum %t dims [0] : tensor<2x4xf32> -> tensor<4xf32>
    %ab2 = rnn.add %gb, %ab : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    rnn.yield %n, %aw2, %ax2, %ab2 : tensor<2x4xf32>, tensor<4x4xf32>, tensor<3x4xf32>, tensor<4xf32>
  }
  return %r#0, %r#1, %r#2, %r#3 : tensor<2x4xf32>, tensor<4x4xf32>, tensor<3x4xf32>, tensor<4xf32>
}

// -----

// An accumulator that is read in the body (not only summed) must stay.
// CHECK-LABEL: func.func @read_accumulator
func.func @read_accumulator(%x: tensor<5x4xf32>, %a0: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // CHECK: rnn.scan forward seqs(%{{.*}} : tensor<5x4xf32>) inits(%{{.*}} : tensor<4x4xf32>) -> (tensor<4x4xf32>)
  %r = rnn.scan forward seqs(%x : tensor<5x4xf32>) inits(%a0 : tensor<4x4xf32>) -> (tensor<4x4xf32>) {
  ^bb0(%xt: tensor<4xf32>, %a: tensor<4x4xf32>):
    %t = rnn.tanh %a : tensor<4x4xf32>
    %g = rnn.matmul %t, %t {transpose_lhs} : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
    %n = rnn.add %a, %g : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
    rnn.yield %n : tensor<4x4xf32>
  }
  return %r : tensor<4x4xf32>
}

// -----

// One term summed into two accumulators (an LSTM's bias_ih and bias_hh
// gradients): both leave the loop, each as its own reduction of the one
// stacked term. A term that something else also reads stays in the loop.
// CHECK-LABEL: func.func @shared_term
// CHECK: %[[S:.*]]:3 = rnn.scan reverse seqs(%{{.*}} : tensor<5x2x4xf32>) inits(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<5x2x4xf32>)
// CHECK: rnn.reduce sum %{{.*}} dims [0]
// CHECK: rnn.yield
// CHECK: %[[B1:.*]] = rnn.reduce sum %[[S]]#2 dims [0, 1] : tensor<5x2x4xf32> -> tensor<4xf32>
// CHECK: %[[B2:.*]] = rnn.reduce sum %[[S]]#2 dims [0, 1] : tensor<5x2x4xf32> -> tensor<4xf32>
// CHECK: return %[[S]]#0, %[[B1]], %[[B2]], %[[S]]#1
func.func @shared_term(%x: tensor<5x2x4xf32>, %d0: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %z4 = rnn.fill 0.0 : tensor<4xf32>
  %r:4 = rnn.scan reverse seqs(%x : tensor<5x2x4xf32>) inits(%d0, %z4, %z4, %z4 : tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  ^bb0(%xt: tensor<2x4xf32>, %d: tensor<2x4xf32>, %b1: tensor<4xf32>, %b2: tensor<4xf32>, %b3: tensor<4xf32>):
    %t = rnn.tanh %d : tensor<2x4xf32>
    %g = rnn.reduce sum %t dims [0] : tensor<2x4xf32> -> tensor<4xf32>
    %n1 = rnn.add %b1, %g : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    %n2 = rnn.add %g, %b2 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    // Read again by the state update: this sum stays in the loop.
    %h = rnn.reduce sum %xt dims [0] : tensor<2x4xf32> -> tensor<4xf32>
    %n3 = rnn.add %b3, %h : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    %dn = rnn.add %t, %h : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
    rnn.yield %dn, %n1, %n2, %n3 : tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  }
  return %r#0, %r#1, %r#2, %r#3 : tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
