// rnn-states-in-place: in a time loop, a yielded state computed into a
// fresh tensor is computed into the loop's iteration argument instead (an
// elementwise generic that does not read its destination, or the fill a
// contraction accumulates into, cloned into the loop if it is outside or
// shared); a yielded slice of a tensor the step
// computes is copied into the iteration argument; sizes read off an
// iteration argument are read off its initial value before the loop;
// anything else is left alone.
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

// The same with the zero fill outside the loop and shared with the initial
// state (CSE makes equal fills one): the contraction gets a fill of its own
// in the loop, into the iteration argument; the outer fill stays for the
// initial state. (Before, each step allocated a new buffer for dh.)
// CHECK-LABEL: func.func @hoisted_fill
// CHECK: %[[OUTER:.*]] = linalg.fill
// CHECK: scf.for {{.*}} iter_args(%[[D:.*]] = %[[OUTER]])
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[D]] : tensor<2x4xf32>)
// CHECK: linalg.matmul ins(%arg1, %arg0 : tensor<2x4xf32>, tensor<4x4xf32>) outs(%[[Z]] : tensor<2x4xf32>)
func.func @hoisted_fill(%w: tensor<4x4xf32>, %g: tensor<2x4xf32>, %n: index) -> tensor<2x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%d = %z) -> (tensor<2x4xf32>) {
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

// -----

// The hidden block of a fused [dx, dh] adjoint is a slice of a tensor the
// step computes: it is copied into the iteration argument, so that the
// tensor it was sliced from is not carried into the next step.
// CHECK-LABEL: func.func @slice
// CHECK: scf.for {{.*}} iter_args(%[[D:.*]] = %arg0)
// CHECK: %[[P:.*]] = linalg.matmul
// CHECK: %[[S:.*]] = tensor.extract_slice %[[P]][0, 3] [2, 4] [1, 1]
// CHECK: %[[C:.*]] = linalg.copy ins(%[[S]] : tensor<2x4xf32>) outs(%[[D]] : tensor<2x4xf32>)
// CHECK: scf.yield %[[C]]
func.func @slice(%d0: tensor<2x4xf32>, %w: tensor<4x7xf32>, %n: index) -> tensor<2x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%d = %d0) -> (tensor<2x4xf32>) {
    %e = tensor.empty() : tensor<2x7xf32>
    %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x7xf32>) -> tensor<2x7xf32>
    %p = linalg.matmul ins(%d, %w : tensor<2x4xf32>, tensor<4x7xf32>) outs(%z : tensor<2x7xf32>) -> tensor<2x7xf32>
    %dh = tensor.extract_slice %p[0, 3] [2, 4] [1, 1] : tensor<2x7xf32> to tensor<2x4xf32>
    scf.yield %dh : tensor<2x4xf32>
  } {rnn.time_loop}
  return %r : tensor<2x4xf32>
}

// -----

// Sizes read off an iteration argument (here the rows of a per-step
// temporary) are read off its initial value before the loop, so that the
// temporary's size is loop-invariant and bufferization allocates it once.
// CHECK-LABEL: func.func @sizes
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: scf.for {{.*}} iter_args(%[[H:.*]] = %arg0)
// CHECK-NOT: tensor.dim
// CHECK: tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK: linalg.reduce
// CHECK: linalg.generic {{.*}} outs(%[[H]] : tensor<?x4xf32>)
// CHECK: scf.yield
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @sizes(%h0: tensor<?x4xf32>, %n: index) -> tensor<?x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<?x4xf32>) {
    %b = tensor.dim %h, %c0 : tensor<?x4xf32>
    %e = tensor.empty(%b) : tensor<?xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
    %sum = linalg.reduce ins(%h : tensor<?x4xf32>) outs(%f : tensor<?xf32>) dimensions = [1]
      (%a: f32, %acc: f32) {
        %t = arith.addf %a, %acc : f32
        linalg.yield %t : f32
      }
    %e2 = tensor.empty(%b) : tensor<?x4xf32>
    %next = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%h, %sum : tensor<?x4xf32>, tensor<?xf32>) outs(%e2 : tensor<?x4xf32>) {
    ^bb0(%a: f32, %s: f32, %o: f32):
      %t = arith.subf %a, %s : f32
      linalg.yield %t : f32
    } -> tensor<?x4xf32>
    scf.yield %next : tensor<?x4xf32>
  } {rnn.time_loop}
  return %r : tensor<?x4xf32>
}
