// rnn-hoist-input-projection: x_t @ W with a loop-invariant W becomes one
// product over the sequence before the loop, read per step.
// RUN: rnnc-opt %s --split-input-file --rnn-hoist-input-projection | FileCheck %s

// CHECK-LABEL: func.func @matmul_and_linear
func.func @matmul_and_linear(%x: tensor<5x2x3xf32>, %h0: tensor<2x4xf32>, %w: tensor<3x4xf32>, %u: tensor<4x4xf32>, %lw: tensor<4x3xf32>, %lb: tensor<4xf32>) -> tensor<2x4xf32> {
  // CHECK: %[[P:.*]] = rnn.matmul %{{.*}}, %{{.*}} : tensor<5x2x3xf32>, tensor<3x4xf32> -> tensor<5x2x4xf32>
  // CHECK: %[[L:.*]] = rnn.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<5x2x4xf32>
  // CHECK: rnn.scan forward seqs(%{{.*}}, %[[P]], %[[L]] : tensor<5x2x3xf32>, tensor<5x2x4xf32>, tensor<5x2x4xf32>)
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<2x3xf32>, %[[PT:.*]]: tensor<2x4xf32>, %[[LT:.*]]: tensor<2x4xf32>, %[[H:.*]]: tensor<2x4xf32>):
  // The recurrent product depends on the state: it stays.
  // CHECK-NEXT: %[[B:.*]] = rnn.matmul %[[H]], %{{.*}} : tensor<2x4xf32>, tensor<4x4xf32>
  // CHECK-NEXT: %[[S:.*]] = rnn.add %[[PT]], %[[B]]
  // CHECK-NEXT: %[[S2:.*]] = rnn.add %[[S]], %[[LT]]
  // CHECK-NEXT: rnn.yield %[[S2]]
  %r = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x4xf32>):
    %a = rnn.matmul %xt, %w : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %b = rnn.matmul %h, %u : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %s = rnn.add %a, %b : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %l = rnn.linear %xt, %lw, %lb : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
    %s2 = rnn.add %s, %l : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    rnn.yield %s2 : tensor<2x4xf32>
  }
  return %r : tensor<2x4xf32>
}

// -----

// A weight computed inside the body is not loop-invariant: nothing moves.
// CHECK-LABEL: func.func @variant_weight
func.func @variant_weight(%x: tensor<5x4xf32>, %h0: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // CHECK-NOT: rnn.matmul {{.*}} tensor<5x4xf32>
  // CHECK: rnn.scan forward seqs(%{{.*}} : tensor<5x4xf32>)
  // CHECK: rnn.matmul %{{.*}}, %{{.*}} : tensor<4xf32>, tensor<4x4xf32>
  %r = rnn.scan forward seqs(%x : tensor<5x4xf32>) inits(%h0 : tensor<4x4xf32>) -> (tensor<4x4xf32>) {
  ^bb0(%xt: tensor<4xf32>, %h: tensor<4x4xf32>):
    %a = rnn.matmul %xt, %h : tensor<4xf32>, tensor<4x4xf32> -> tensor<4xf32>
    %n = rnn.add %h, %a : tensor<4x4xf32>, tensor<4xf32> -> tensor<4x4xf32>
    rnn.yield %n : tensor<4x4xf32>
  }
  return %r : tensor<4x4xf32>
}
