// rnn-sink-embeddings: a whole-sequence row gather that only feeds a scan
// becomes a gather per step inside the scan, which then iterates over the
// ids. Without canonicalization the old sequence stays, unread; with it,
// the scan and the function drop it.
// RUN: rnnc-opt %s --rnn-sink-embeddings --split-input-file | FileCheck %s
// RUN: rnnc-opt %s --rnn-sink-embeddings --canonicalize --split-input-file | FileCheck %s --check-prefix=CANON

// CHECK-LABEL: func.func @sunk
// CHECK-SAME: (%[[IDS:.*]]: tensor<5x2xi32>, %[[T:.*]]: tensor<7x4xf32>, %[[H0:.*]]: tensor<2x4xf32>)
// CHECK: %[[E:.*]] = rnn.embedding %[[IDS]], %[[T]]
// CHECK: rnn.scan forward seqs(%[[E]], %[[IDS]] : tensor<5x2x4xf32>, tensor<5x2xi32>) inits(%[[H0]] : tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[OLD:.*]]: tensor<2x4xf32>, %[[STEP:.*]]: tensor<2xi32>, %[[H:.*]]: tensor<2x4xf32>):
// CHECK-NEXT: %[[ROWS:.*]] = rnn.embedding %[[STEP]], %[[T]] : tensor<2xi32>, tensor<7x4xf32> -> tensor<2x4xf32>
// CHECK-NEXT: rnn.add %[[ROWS]], %[[H]]
// CANON-LABEL: func.func @sunk
// CANON-NOT: tensor<5x2x4xf32>
// CANON: rnn.scan forward seqs(%{{.*}} : tensor<5x2xi32>)
// CANON-NEXT: ^bb0(%[[STEP:.*]]: tensor<2xi32>, %{{.*}}: tensor<2x4xf32>):
// CANON-NEXT: rnn.embedding %[[STEP]]
func.func @sunk(%ids: tensor<5x2xi32>, %table: tensor<7x4xf32>, %h0: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %e = rnn.embedding %ids, %table : tensor<5x2xi32>, tensor<7x4xf32> -> tensor<5x2x4xf32>
  %h = rnn.scan forward seqs(%e : tensor<5x2x4xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>) {
  ^bb0(%x: tensor<2x4xf32>, %hp: tensor<2x4xf32>):
    %s = rnn.add %x, %hp : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %n = rnn.tanh %s : tensor<2x4xf32>
    rnn.yield %n : tensor<2x4xf32>
  }
  return %h : tensor<2x4xf32>
}

// -----

// A gather read outside the scan too stays whole (sinking it would gather
// twice).
// CHECK-LABEL: func.func @shared
// CHECK: %[[E:.*]] = rnn.embedding
// CHECK: rnn.scan forward seqs(%[[E]] : tensor<5x2x4xf32>)
// CHECK-NOT: rnn.embedding
// CHECK: return
func.func @shared(%ids: tensor<5x2xi32>, %table: tensor<7x4xf32>, %h0: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>) {
  %e = rnn.embedding %ids, %table : tensor<5x2xi32>, tensor<7x4xf32> -> tensor<5x2x4xf32>
  %h = rnn.scan forward seqs(%e : tensor<5x2x4xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>) {
  ^bb0(%x: tensor<2x4xf32>, %hp: tensor<2x4xf32>):
    %s = rnn.add %x, %hp : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    rnn.yield %s : tensor<2x4xf32>
  }
  return %h, %e : tensor<2x4xf32>, tensor<5x2x4xf32>
}

// -----

// A sequence that is no gather (a projection by a weight matrix, one GEMM
// before the loop) stays.
// CHECK-LABEL: func.func @projection
// CHECK: %[[P:.*]] = rnn.matmul
// CHECK: rnn.scan reverse seqs(%[[P]] : tensor<5x2x4xf32>)
// CHECK-NOT: rnn.embedding
func.func @projection(%x: tensor<5x2x3xf32>, %w: tensor<3x4xf32>, %h0: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %p = rnn.matmul %x, %w : tensor<5x2x3xf32>, tensor<3x4xf32> -> tensor<5x2x4xf32>
  %h = rnn.scan reverse seqs(%p : tensor<5x2x4xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>) {
  ^bb0(%xt: tensor<2x4xf32>, %hp: tensor<2x4xf32>):
    %s = rnn.add %xt, %hp : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    rnn.yield %s : tensor<2x4xf32>
  }
  return %h : tensor<2x4xf32>
}
