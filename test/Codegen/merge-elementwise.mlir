// rnn-codegen-merge-elementwise: elementwise generics of a block that read each
// other's results element for element become one generic, with a result
// for each value read outside the cluster.
// RUN: rnnc-opt %s --rnn-codegen-merge-elementwise --split-input-file | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>

// A value read twice (the upstream fusion leaves it): one generic; t is
// read only inside, p and q outside. The bias is a broadcast input.
// CHECK-LABEL: func.func @shared_value
// CHECK-SAME: (%[[A:.*]]: tensor<?x8xf32>, %[[B:.*]]: tensor<?x8xf32>, %[[BIAS:.*]]: tensor<8xf32>, %[[E:.*]]: tensor<?x8xf32>)
// CHECK: %[[M:.*]]:2 = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[BIAS]], %[[B]] : tensor<?x8xf32>, tensor<8xf32>, tensor<?x8xf32>) outs(%[[E]], %[[E]] : tensor<?x8xf32>, tensor<?x8xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[C:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X]], %[[C]] : f32
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[S]] : f32
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[T]], %[[Y]] : f32
// CHECK-NEXT: %[[Q:.*]] = arith.subf %[[T]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[P]], %[[Q]] : f32, f32
// CHECK-NOT: linalg.generic
// CHECK: return %[[M]]#0, %[[M]]#1
func.func @shared_value(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>, %bias: tensor<8xf32>, %e: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %t = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%a, %bias : tensor<?x8xf32>, tensor<8xf32>) outs(%e : tensor<?x8xf32>) {
  ^bb0(%x: f32, %c: f32, %o: f32):
    %s = arith.addf %x, %c : f32
    %y = math.tanh %s : f32
    linalg.yield %y : f32
  } -> tensor<?x8xf32>
  %p = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%t, %b : tensor<?x8xf32>, tensor<?x8xf32>) outs(%e : tensor<?x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<?x8xf32>
  %q = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%t, %p : tensor<?x8xf32>, tensor<?x8xf32>) outs(%e : tensor<?x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %d = arith.subf %x, %y : f32
    linalg.yield %d : f32
  } -> tensor<?x8xf32>
  return %p, %q : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>

// Two independent activations joined by a later generic: one cluster.
// CHECK-LABEL: func.func @joined
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK: math.exp
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
func.func @joined(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>, %e: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.tanh %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %u = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.exp %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %p = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%t, %u : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  return %p : tensor<4x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>

// A use by another op closes the cluster: the generic after the reduction
// reads tanh's result and the reduction's, so merging it with tanh would
// put the merged op both before and after the reduction. It stays a
// generic of its own, reading tanh's result as an input.
// CHECK-LABEL: func.func @closed
// CHECK: %[[T:.*]] = linalg.generic
// CHECK: linalg.reduce ins(%[[T]]
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[T]], %{{.*}} :
func.func @closed(%a: tensor<4x8xf32>, %e: tensor<4x8xf32>, %r: tensor<8xf32>) -> tensor<4x8xf32> {
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.tanh %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %s = linalg.reduce ins(%t : tensor<4x8xf32>) outs(%r : tensor<8xf32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %z = arith.addf %in, %acc : f32
      linalg.yield %z : f32
    }
  %p = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%t, %s : tensor<4x8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  return %p : tensor<4x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// A generic whose body reads a member's result as a captured tensor (as
// rnn.reverse's lowering does) is a use like any other: it closes tanh's
// cluster, so tanh stays a generic of its own, before the one that reads
// it; the capturing generic and the product that reads it merge.
// CHECK-LABEL: func.func @captured
// CHECK: %[[T:.*]] = linalg.generic
// CHECK: math.tanh
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[T]] : tensor<4x8xf32>)
// CHECK: tensor.extract %[[T]]
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
func.func @captured(%a: tensor<4x8xf32>, %e: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.tanh %x : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<4x8xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %y = tensor.extract %t[%i, %j] : tensor<4x8xf32>
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  %p = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%t, %r : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  return %p : tensor<4x8xf32>
}
