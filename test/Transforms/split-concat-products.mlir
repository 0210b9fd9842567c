// rnn-split-concat-products: concat(x, h) @ W as x @ W[0:V] + h @ W[V:],
// the row slices made where W is defined (outside the time loop), the
// one dynamic part's rows what the static parts leave; a column slice of
// a product with a transposed W as the product with those rows of W
// alone. Products it cannot split, or whose parts are all computed in the
// loop (nothing to hoist or gather), stay.
// RUN: rnnc-opt %s --split-input-file --rnn-split-concat-products | FileCheck %s

// CHECK-LABEL: func.func @cell
// CHECK: %[[W:.*]] = rnn.param_read @W
// CHECK: %[[ROWS:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[V:.*]] = arith.subi %[[ROWS]], %{{.*}} : index
// CHECK: %[[WX:.*]] = tensor.extract_slice %[[W]][0, 0] [%[[V]], 8] [1, 1] : tensor<?x8xf32> to tensor<?x8xf32>
// CHECK: %[[WH:.*]] = tensor.extract_slice %[[W]][%[[V]], 0] [4, 8] [1, 1] : tensor<?x8xf32> to tensor<4x8xf32>
// CHECK: rnn.scan forward
// CHECK: ^bb0(%[[XT:.*]]: tensor<2x?xf32>, %[[H:.*]]: tensor<2x4xf32>):
// CHECK-NOT: rnn.concat
// CHECK: %[[PX:.*]] = rnn.matmul %[[XT]], %[[WX]] : tensor<2x?xf32>, tensor<?x8xf32> -> tensor<2x8xf32>
// CHECK: %[[PH:.*]] = rnn.matmul %[[H]], %[[WH]] : tensor<2x4xf32>, tensor<4x8xf32> -> tensor<2x8xf32>
// CHECK: rnn.add %[[PX]], %[[PH]]
rnn.model @m {
  rnn.param @W : tensor<?x8xf32> init #rnn.init<zeros> {dim_names = ["V + 4", ""]}
  func.func @cell(%xs: tensor<3x2x?xf32>, %h0: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %w = rnn.param_read @W : tensor<?x8xf32>
    %hT = rnn.scan forward seqs(%xs : tensor<3x2x?xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>) {
    ^bb0(%xt: tensor<2x?xf32>, %h: tensor<2x4xf32>):
      %c = rnn.concat %xt, %h along 1 : (tensor<2x?xf32>, tensor<2x4xf32>) -> tensor<2x?xf32>
      %g = rnn.matmul %c, %w : tensor<2x?xf32>, tensor<?x8xf32> -> tensor<2x8xf32>
      %i, %f = rnn.split %g along 1 sizes [4, 4] : tensor<2x8xf32> -> tensor<2x4xf32>, tensor<2x4xf32>
      %n = rnn.mul %i, %f : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
      rnn.yield %n : tensor<2x4xf32>
    }
    return %hT : tensor<2x4xf32>
  }
}

// -----

// The adjoint of the concat: only the h part of dG W^T is read.
// CHECK-LABEL: func.func @adjoint
// CHECK: %[[WH:.*]] = tensor.extract_slice %arg1[%arg2, 0] [4, 8] [1, 1] : tensor<?x8xf32> to tensor<4x8xf32>
// CHECK: %[[P:.*]] = rnn.matmul %arg0, %[[WH]] {transpose_rhs} : tensor<2x8xf32>, tensor<4x8xf32> -> tensor<2x4xf32>
// (The slice of its rows, every row, folds away.)
// CHECK: return %[[P]]
func.func @adjoint(%dg: tensor<2x8xf32>, %w: tensor<?x8xf32>, %v: index) -> tensor<2x4xf32> {
  %d = rnn.matmul %dg, %w {transpose_rhs} : tensor<2x8xf32>, tensor<?x8xf32> -> tensor<2x?xf32>
  %dh = tensor.extract_slice %d[0, %v] [2, 4] [1, 1] : tensor<2x?xf32> to tensor<2x4xf32>
  return %dh : tensor<2x4xf32>
}

// -----

// Two parts of unknown size, a transposed W, a slice that keeps every
// column: nothing to do.
// CHECK-LABEL: func.func @kept
// CHECK: rnn.concat
// CHECK: rnn.matmul %{{.*}}, %{{.*}} : tensor<2x?xf32>, tensor<?x8xf32>
// CHECK: rnn.matmul %{{.*}}, %{{.*}} {transpose_rhs} : tensor<2x?xf32>, tensor<8x?xf32>
// CHECK: rnn.matmul %{{.*}}, %{{.*}} {transpose_rhs} : tensor<2x8xf32>, tensor<4x8xf32> -> tensor<2x4xf32>
// CHECK-NOT: tensor.extract_slice %arg
func.func @kept(%a: tensor<2x?xf32>, %b: tensor<2x?xf32>, %w: tensor<?x8xf32>, %wt: tensor<8x?xf32>, %dg: tensor<2x8xf32>, %w4: tensor<4x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x4xf32>) {
  %c = rnn.concat %a, %b along 1 : (tensor<2x?xf32>, tensor<2x?xf32>) -> tensor<2x?xf32>
  %p = rnn.matmul %c, %w : tensor<2x?xf32>, tensor<?x8xf32> -> tensor<2x8xf32>
  %q = rnn.matmul %c, %wt {transpose_rhs} : tensor<2x?xf32>, tensor<8x?xf32> -> tensor<2x8xf32>
  %d = rnn.matmul %dg, %w4 {transpose_rhs} : tensor<2x8xf32>, tensor<4x8xf32> -> tensor<2x4xf32>
  %s = tensor.extract_slice %d[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> to tensor<2x4xf32>
  return %p, %q, %s : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x4xf32>
}

// -----

// Parts computed in the loop (a backward pass's gate adjoints), none a
// step slice of a sequence nor one-hot: one product of the joined operand,
// one GEMM, stays.
// CHECK-LABEL: func.func @joined_adjoints
// CHECK: rnn.scan reverse
// CHECK: %[[D:.*]] = rnn.concat
// CHECK: rnn.matmul %[[D]], %{{.*}} : tensor<2x8xf32>, tensor<8x4xf32> -> tensor<2x4xf32>
rnn.model @n {
  rnn.param @W : tensor<8x4xf32> init #rnn.init<zeros>
  func.func @joined_adjoints(%ds: tensor<3x2x4xf32>, %d0: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %w = rnn.param_read @W : tensor<8x4xf32>
    %dT = rnn.scan reverse seqs(%ds : tensor<3x2x4xf32>) inits(%d0 : tensor<2x4xf32>) -> (tensor<2x4xf32>) {
    ^bb0(%dt: tensor<2x4xf32>, %dh: tensor<2x4xf32>):
      %di = rnn.mul %dt, %dh : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
      %df = rnn.add %dt, %dh : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
      %g = rnn.concat %di, %df along 1 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
      %n = rnn.matmul %g, %w : tensor<2x8xf32>, tensor<8x4xf32> -> tensor<2x4xf32>
      rnn.yield %n : tensor<2x4xf32>
    }
    return %dT : tensor<2x4xf32>
  }
}
