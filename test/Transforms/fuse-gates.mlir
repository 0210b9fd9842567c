// rnn-fuse-gates: products of one step value with several weights from
// above the scan become one product with the weights concatenated above
// the scan, split after it; other products are left alone.
// RUN: rnnc-opt %s --split-input-file --rnn-fuse-gates | FileCheck %s

// A GRU from its equations: three input products, two hidden products
// (the third multiplies r * h, another value), PyTorch-layout weights in
// a separate group.
// CHECK-LABEL: func.func @gru
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %[[H0:.*]]: tensor<2x4xf32>, %[[WXZ:.*]]: tensor<3x4xf32>, %[[WXR:.*]]: tensor<3x4xf32>, %[[WXH:.*]]: tensor<3x4xf32>, %[[WHZ:.*]]: tensor<4x4xf32>, %[[WHR:.*]]: tensor<4x4xf32>, %[[WHH:.*]]: tensor<4x4xf32>)
// CHECK-DAG: %[[WX:.*]] = rnn.concat %[[WXZ]], %[[WXR]], %[[WXH]] along 1 : (tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x12xf32>
// CHECK-DAG: %[[WH:.*]] = rnn.concat %[[WHZ]], %[[WHR]] along 1 : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x8xf32>
// CHECK: rnn.scan forward
// CHECK: ^bb0(%[[XT:.*]]: tensor<2x3xf32>, %[[H:.*]]: tensor<2x4xf32>):
// CHECK: %[[PX:.*]] = rnn.matmul %[[XT]], %[[WX]] : tensor<2x3xf32>, tensor<3x12xf32> -> tensor<2x12xf32>
// CHECK: %[[SX:.*]]:3 = rnn.split %[[PX]] along 1 sizes [4, 4, 4]
// CHECK: %[[PH:.*]] = rnn.matmul %[[H]], %[[WH]] : tensor<2x4xf32>, tensor<4x8xf32> -> tensor<2x8xf32>
// CHECK: %[[SH:.*]]:2 = rnn.split %[[PH]] along 1 sizes [4, 4]
// CHECK: rnn.add %[[SX]]#0, %[[SH]]#0
// CHECK: rnn.add %[[SX]]#1, %[[SH]]#1
// CHECK: rnn.matmul %{{.*}}, %[[WHH]] :
// CHECK: rnn.add %[[SX]]#2,
func.func @gru(%x: tensor<5x2x3xf32>, %h0: tensor<2x4xf32>, %wxz: tensor<3x4xf32>, %wxr: tensor<3x4xf32>,
               %wxh: tensor<3x4xf32>, %whz: tensor<4x4xf32>, %whr: tensor<4x4xf32>, %whh: tensor<4x4xf32>) -> tensor<5x2x4xf32> {
  %hT, %hs = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x4xf32>):
    %a = rnn.matmul %xt, %wxz : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %b = rnn.matmul %h, %whz : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %zs = rnn.add %a, %b : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %z = rnn.sigmoid %zs : tensor<2x4xf32>
    %c = rnn.matmul %xt, %wxr : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %d = rnn.matmul %h, %whr : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %rs = rnn.add %c, %d : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %r = rnn.sigmoid %rs : tensor<2x4xf32>
    %e = rnn.matmul %xt, %wxh : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %rh = rnn.mul %r, %h : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %f = rnn.matmul %rh, %whh : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %ns = rnn.add %e, %f : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %n = rnn.tanh %ns : tensor<2x4xf32>
    %zh = rnn.mul %z, %h : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %nh = rnn.add %zh, %n : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    rnn.yield %nh, %nh : tensor<2x4xf32>, tensor<2x4xf32>
  }
  return %hs : tensor<5x2x4xf32>
}

// -----

// Transposed weights (x @ W^T) concatenate along their rows; a product
// with the other layout, and a weight computed inside the body, stay apart.
// CHECK-LABEL: func.func @layouts
// CHECK: %[[W:.*]] = rnn.concat %arg2, %arg3 along 0 : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<9x3xf32>
// CHECK: rnn.matmul %{{.*}}, %[[W]] {transpose_rhs} : tensor<2x3xf32>, tensor<9x3xf32> -> tensor<2x9xf32>
// CHECK: rnn.split %{{.*}} along 1 sizes [4, 5]
// CHECK: rnn.matmul %{{.*}}, %arg4 : tensor<2x3xf32>, tensor<3x4xf32>
// CHECK: rnn.matmul %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x4xf32>
func.func @layouts(%x: tensor<5x2x3xf32>, %h0: tensor<2x4xf32>, %wa: tensor<4x3xf32>, %wb: tensor<5x3xf32>,
                   %wc: tensor<3x4xf32>) -> tensor<5x2x4xf32> {
  %hT, %hs = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x4xf32>):
    %a = rnn.matmul %xt, %wa {transpose_rhs} : tensor<2x3xf32>, tensor<4x3xf32> -> tensor<2x4xf32>
    %b = rnn.matmul %xt, %wb {transpose_rhs} : tensor<2x3xf32>, tensor<5x3xf32> -> tensor<2x5xf32>
    %c = rnn.matmul %xt, %wc : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %wd = rnn.tanh %wc : tensor<3x4xf32>
    %d = rnn.matmul %xt, %wd : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %bs:2 = rnn.split %b along 1 sizes [4, 1] : tensor<2x5xf32> -> tensor<2x4xf32>, tensor<2x1xf32>
    %s1 = rnn.add %a, %bs#0 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %s2 = rnn.add %c, %d : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %s = rnn.add %s1, %s2 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %n = rnn.tanh %s : tensor<2x4xf32>
    rnn.yield %n, %n : tensor<2x4xf32>, tensor<2x4xf32>
  }
  return %hs : tensor<5x2x4xf32>
}
