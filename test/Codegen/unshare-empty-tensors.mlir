// rnn-codegen-unshare-empty-tensors: every use of a tensor.empty after the first
// gets its own copy of the op, so that empty-tensor elimination can put
// each value where it is inserted.
// RUN: rnnc-opt %s --rnn-codegen-unshare-empty-tensors | FileCheck %s
// RUN: rnnc-opt %s --rnn-codegen-unshare-empty-tensors --eliminate-empty-tensors | FileCheck %s --check-prefix=ELIM

#id = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @two_results
// CHECK: %[[E1:.*]] = tensor.empty(%{{.*}}) : tensor<?x8xf32>
// CHECK: %[[E2:.*]] = tensor.empty(%{{.*}}) : tensor<?x8xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E1]], %[[E2]] :
// Once unshared, both results are computed in the slices they go to.
// ELIM-LABEL: func.func @two_results
// ELIM-NOT: tensor.empty
// ELIM: %[[S1:.*]] = tensor.extract_slice %arg1[%arg3, 0, 0]
// ELIM: %[[S2:.*]] = tensor.extract_slice %arg2[%arg3, 0, 0]
// ELIM: linalg.generic {{.*}} outs(%[[S1]], %[[S2]] :
func.func @two_results(%a: tensor<?x8xf32>, %s1: tensor<4x?x8xf32>, %s2: tensor<4x?x8xf32>, %t: index) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %c0 = arith.constant 0 : index
  %b = tensor.dim %a, %c0 : tensor<?x8xf32>
  %e = tensor.empty(%b) : tensor<?x8xf32>
  %r:2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<?x8xf32>) outs(%e, %e : tensor<?x8xf32>, tensor<?x8xf32>) {
  ^bb0(%x: f32, %o1: f32, %o2: f32):
    %y = math.tanh %x : f32
    %z = math.exp %x : f32
    linalg.yield %y, %z : f32, f32
  } -> (tensor<?x8xf32>, tensor<?x8xf32>)
  %i1 = tensor.insert_slice %r#0 into %s1[%t, 0, 0] [1, %b, 8] [1, 1, 1] : tensor<?x8xf32> into tensor<4x?x8xf32>
  %i2 = tensor.insert_slice %r#1 into %s2[%t, 0, 0] [1, %b, 8] [1, 1, 1] : tensor<?x8xf32> into tensor<4x?x8xf32>
  return %i1, %i2 : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}
