// rnn-states-in-place: in a time loop, a yielded state computed into a
// fresh tensor is computed into the loop's iteration argument instead (an
// elementwise generic that does not read its destination, or the fill a
// contraction accumulates into); anything else is left alone.
// RUN: rnnc-opt %s --split-input-file --rnn-states-in-place | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @elementwise
// CHECK: scf.for {{.*}} iter_args(%[[H:.*]] = %arg0)
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x4xf32>) outs(%[[H]] : tensor<2x4xf32>)
func.func @elementwise(%h0: tensor<2x4xf32>, %x: tensor<2x4xf32>, %n: index) -> tensor<2x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<2x4xf32>) {
    %e = tensor.empty() : tensor<2x4xf32>
    %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%h, %x : tensor<2x4xf32>, tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %t = arith.addf %a, %b : f32
      linalg.yield %t : f32
    } -> tensor<2x4xf32>
    %e2 = tensor.empty() : tensor<2x4xf32>
    %next = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<2x4xf32>) outs(%e2 : tensor<2x4xf32>) {
    ^bb0(%a: f32, %o: f32):
      %t = math.tanh %a : f32
      linalg.yield %t : f32
    } -> tensor<2x4xf32>
    scf.yield %next : tensor<2x4xf32>
  } {rnn.time_loop}
  return %r : tensor<2x4xf32>
}

// -----

// The carried adjoint dh W: the fill it accumulates into takes the
// iteration argument.
// CHECK-LABEL: func.func @contraction
// CHECK: scf.for {{.*}} iter_args(%[[D:.*]] = %arg0)
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[D]] : tensor<2x4xf32>)
// CHECK: linalg.matmul ins(%arg2, %arg1 : tensor<2x4xf32>, tensor<4x4xf32>) outs(%[[Z]] : tensor<2x4xf32>)
func.func @contraction(%d0: tensor<2x4xf32>, %w: tensor<4x4xf32>, %g: tensor<2x4xf32>, %n: index) -> tensor<2x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%d = %d0) -> (tensor<2x4xf32>) {
    %e = tensor.empty() : tensor<2x4xf32>
    %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
    %next = linalg.matmul ins(%g, %w : tensor<2x4xf32>, tensor<4x4xf32>) outs(%z : tensor<2x4xf32>) -> tensor<2x4xf32>
    scf.yield %next : tensor<2x4xf32>
  } {rnn.time_loop}
  return %r : tensor<2x4xf32>
}

// -----

// Left alone: a loop that is not a time loop, and a generic that reads its
// destination (an accumulation onto a fill).
// CHECK-LABEL: func.func @others
// CHECK: linalg.generic {{.*}} outs(%{{[0-9]+}} : tensor<2x4xf32>)
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{[0-9]+}} : tensor<2x4xf32>)
// CHECK: linalg.generic {{.*}} outs(%{{[0-9]+}} : tensor<2x4xf32>)
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @others(%h0: tensor<2x4xf32>, %n: index) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c0f = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<2x4xf32>) {
    %e = tensor.empty() : tensor<2x4xf32>
    %next = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%h : tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) {
    ^bb0(%a: f32, %o: f32):
      linalg.yield %a : f32
    } -> tensor<2x4xf32>
    scf.yield %next : tensor<2x4xf32>
  }
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<2x4xf32>) {
    %e = tensor.empty() : tensor<2x4xf32>
    %f = linalg.fill ins(%c0f : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
    %acc = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%h : tensor<2x4xf32>) outs(%f : tensor<2x4xf32>) {
    ^bb0(%a: f32, %o: f32):
      %t = arith.addf %a, %o : f32
      linalg.yield %t : f32
    } -> tensor<2x4xf32>
    scf.yield %acc : tensor<2x4xf32>
  } {rnn.time_loop}
  return %r, %s : tensor<2x4xf32>, tensor<2x4xf32>
}
