// rnn-fold-one-hot: products with rnn.one_hot(ids) become row gathers
// (rnn.embedding) and scatter-adds (rnn.embedding_grad), with a transpose
// where the weight is [out, in] or the result is [M, V].
// RUN: rnnc-opt %s --rnn-fold-one-hot --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @gathers
// CHECK-SAME: (%[[IDS:.*]]: tensor<5x2xi32>, %[[W:.*]]: tensor<7x4xf32>, %[[WT:.*]]: tensor<4x7xf32>)
// one_hot x W [V, N]: rows of W.
// CHECK: %[[A:.*]] = rnn.embedding %[[IDS]], %[[W]] : tensor<5x2xi32>, tensor<7x4xf32> -> tensor<5x2x4xf32>
// one_hot x W^T with W [N, V]: rows of the transpose.
// CHECK: %[[T:.*]] = rnn.transpose %[[WT]] : tensor<4x7xf32> -> tensor<7x4xf32>
// CHECK: %[[B:.*]] = rnn.embedding %[[IDS]], %[[T]] : tensor<5x2xi32>, tensor<7x4xf32> -> tensor<5x2x4xf32>
// CHECK-NOT: rnn.one_hot
// CHECK: return %[[A]], %[[B]]
func.func @gathers(%ids: tensor<5x2xi32>, %w: tensor<7x4xf32>, %wt: tensor<4x7xf32>) -> (tensor<5x2x4xf32>, tensor<5x2x4xf32>) {
  %x = rnn.one_hot %ids : tensor<5x2xi32> -> tensor<5x2x7xf32>
  %a = rnn.matmul %x, %w : tensor<5x2x7xf32>, tensor<7x4xf32> -> tensor<5x2x4xf32>
  %b = rnn.matmul %x, %wt {transpose_rhs} : tensor<5x2x7xf32>, tensor<4x7xf32> -> tensor<5x2x4xf32>
  return %a, %b : tensor<5x2x4xf32>, tensor<5x2x4xf32>
}

// -----

// The weight gradients: one_hot^T D is a scatter-add into a zero [V, N]
// table; D^T one_hot its transpose. A dynamic depth comes from the one-hot.
// CHECK-LABEL: func.func @scatters
// CHECK-SAME: (%[[IDS:.*]]: tensor<5x2xi32>, %[[D:.*]]: tensor<5x2x4xf32>, %[[V:.*]]: index)
// CHECK: %[[Z:.*]] = rnn.fill 0.000000e+00(%[[V]]) : tensor<?x4xf32>
// CHECK: %[[G:.*]] = rnn.embedding_grad %[[IDS]], %[[D]], %[[Z]] : (tensor<5x2xi32>, tensor<5x2x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK: %[[Z2:.*]] = rnn.fill 0.000000e+00(%[[V]]) : tensor<?x4xf32>
// CHECK: %[[G2:.*]] = rnn.embedding_grad %[[IDS]], %[[D]], %[[Z2]]
// CHECK: %[[GT:.*]] = rnn.transpose %[[G2]] : tensor<?x4xf32> -> tensor<4x?xf32>
// CHECK: return %[[G]], %[[GT]]
func.func @scatters(%ids: tensor<5x2xi32>, %d: tensor<5x2x4xf32>, %v: index) -> (tensor<?x4xf32>, tensor<4x?xf32>) {
  %x = rnn.one_hot %ids depth %v : tensor<5x2xi32> -> tensor<5x2x?xf32>
  %g = rnn.matmul %x, %d {transpose_lhs} : tensor<5x2x?xf32>, tensor<5x2x4xf32> -> tensor<?x4xf32>
  %gt = rnn.matmul %d, %x {transpose_lhs} : tensor<5x2x4xf32>, tensor<5x2x?xf32> -> tensor<4x?xf32>
  return %g, %gt : tensor<?x4xf32>, tensor<4x?xf32>
}

// -----

// Products without a one-hot operand, and a one-hot on the right of an
// untransposed product (a weight, not an input), stay.
// CHECK-LABEL: func.func @kept
// CHECK: rnn.matmul
// CHECK: rnn.matmul
// CHECK-NOT: rnn.embedding
func.func @kept(%x: tensor<5x7xf32>, %w: tensor<7x4xf32>, %ids: tensor<7xi32>) -> (tensor<5x4xf32>, tensor<5x4xf32>) {
  %a = rnn.matmul %x, %w : tensor<5x7xf32>, tensor<7x4xf32> -> tensor<5x4xf32>
  %h = rnn.one_hot %ids : tensor<7xi32> -> tensor<7x4xf32>
  %b = rnn.matmul %x, %h : tensor<5x7xf32>, tensor<7x4xf32> -> tensor<5x4xf32>
  return %a, %b : tensor<5x4xf32>, tensor<5x4xf32>
}

// -----

// The product's type knows fewer sizes than the scatter-add's: a cast.
// CHECK-LABEL: func.func @cast
// CHECK: %[[G:.*]] = rnn.embedding_grad %{{.*}}, %{{.*}}, %{{.*}} : (tensor<5x2xi32>, tensor<5x2x4xf32>, tensor<7x4xf32>) -> tensor<7x4xf32>
// CHECK: %[[C:.*]] = tensor.cast %[[G]] : tensor<7x4xf32> to tensor<?x4xf32>
// CHECK: return %[[C]]
func.func @cast(%ids: tensor<5x2xi32>, %d: tensor<5x2x4xf32>) -> tensor<?x4xf32> {
  %x = rnn.one_hot %ids : tensor<5x2xi32> -> tensor<5x2x7xf32>
  %g = rnn.matmul %x, %d {transpose_lhs} : tensor<5x2x7xf32>, tensor<5x2x4xf32> -> tensor<?x4xf32>
  return %g : tensor<?x4xf32>
}
