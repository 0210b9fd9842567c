// rnn-transpose-invariant-weights: a product with a transposed matrix from
// outside the time loop reads it transposed once, before the loop (one
// transpose for all its products); parameters and views of them (the
// runtime keeps their transposes) and matrices computed in the loop stay.
// RUN: rnnc-opt %s --rnn-transpose-invariant-weights | FileCheck %s

// CHECK-LABEL: rnn.model @m
// CHECK: func.func @f(%[[XS:.*]]: tensor<3x2x4xf32>, %[[H0:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x4xf32>)
// CHECK: %[[P:.*]] = rnn.param_read @P
// CHECK: %[[PS:.*]] = tensor.extract_slice %[[P]]
// CHECK: %[[WT:.*]] = rnn.transpose %[[W]] : tensor<4x4xf32> -> tensor<4x4xf32>
// CHECK-NOT: rnn.transpose
// CHECK: rnn.scan forward
// CHECK: rnn.matmul %{{.*}}, %[[WT]] : tensor<2x4xf32>, tensor<4x4xf32>
// CHECK: rnn.matmul %{{.*}}, %[[WT]] : tensor<2x4xf32>, tensor<4x4xf32>
// CHECK: rnn.matmul %{{.*}}, %[[P]] {transpose_rhs}
// CHECK: rnn.matmul %{{.*}}, %[[PS]] {transpose_rhs}
// CHECK: rnn.matmul %{{.*}}, %{{.*}} {transpose_rhs} : tensor<2x4xf32>, tensor<4x4xf32>
rnn.model @m {
  rnn.param @P : tensor<4x4xf32> init #rnn.init<zeros>
  func.func @f(%xs: tensor<3x2x4xf32>, %h0: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
    %p = rnn.param_read @P : tensor<4x4xf32>
    %ps = tensor.extract_slice %p[0, 0] [4, 4] [1, 1] : tensor<4x4xf32> to tensor<4x4xf32>
    %hT = rnn.scan forward seqs(%xs : tensor<3x2x4xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>) {
    ^bb0(%x: tensor<2x4xf32>, %h: tensor<2x4xf32>):
      %a = rnn.matmul %x, %w {transpose_rhs} : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %b = rnn.matmul %h, %w {transpose_rhs} : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %c = rnn.matmul %a, %p {transpose_rhs} : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %d = rnn.matmul %b, %ps {transpose_rhs} : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %inner = rnn.add %a, %b : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
      %sq = rnn.concat %inner, %inner along 0 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
      %e = rnn.matmul %c, %sq {transpose_rhs} : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %s = rnn.add %d, %e : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
      rnn.yield %s : tensor<2x4xf32>
    }
    return %hT : tensor<2x4xf32>
  }
}
