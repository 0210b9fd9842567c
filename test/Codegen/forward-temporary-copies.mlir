// rnn-codegen-forward-temporary-copies: a temporary written by one linalg op and
// then copied into its target is dropped; the op writes the target.
// RUN: rnnc-opt %s --rnn-codegen-forward-temporary-copies --split-input-file | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>

// The two quarters of a concatenation stored in a stacked buffer: both
// copies go (the second once the first is gone; the quarters are disjoint
// slices), and the views move before the writer.
// CHECK-LABEL: func.func @quarters
// CHECK-SAME: (%[[STACK:.*]]: memref<3x2x8xf32>, %[[T:.*]]: index)
// CHECK: %[[X:.*]] = memref.alloc
// CHECK-NOT: memref.alloc
// CHECK: %[[ROW:.*]] = memref.subview %[[STACK]][%[[T]], 0, 0] [1, 2, 8] [1, 1, 1]
// CHECK: %[[Q0:.*]] = memref.subview %[[ROW]][0, 0] [2, 4] [1, 1]
// CHECK: %[[Q1:.*]] = memref.subview %[[ROW]][0, 4] [2, 4] [1, 1]
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]] : memref<2x4xf32>) outs(%[[Q0]], %[[Q1]] :
// CHECK-NOT: memref.copy
// CHECK: return
func.func @quarters(%stack: memref<3x2x8xf32>, %t: index) {
  // The input is a buffer of the function's own, so it cannot alias the
  // argument (two arguments might).
  %x = memref.alloc() : memref<2x4xf32>
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%x : memref<2x4xf32>)
  %a = memref.alloc() : memref<2x4xf32>
  %b = memref.alloc() : memref<2x4xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<2x4xf32>) outs(%a, %b : memref<2x4xf32>, memref<2x4xf32>) {
  ^bb0(%in: f32, %o0: f32, %o1: f32):
    %n = arith.negf %in : f32
    linalg.yield %in, %n : f32, f32
  }
  %row = memref.subview %stack[%t, 0, 0] [1, 2, 8] [1, 1, 1] : memref<3x2x8xf32> to memref<2x8xf32, strided<[8, 1], offset: ?>>
  %q0 = memref.subview %row[0, 0] [2, 4] [1, 1] : memref<2x8xf32, strided<[8, 1], offset: ?>> to memref<2x4xf32, strided<[8, 1], offset: ?>>
  memref.copy %a, %q0 : memref<2x4xf32> to memref<2x4xf32, strided<[8, 1], offset: ?>>
  %q1 = memref.subview %row[0, 4] [2, 4] [1, 1] : memref<2x8xf32, strided<[8, 1], offset: ?>> to memref<2x4xf32, strided<[8, 1], offset: ?>>
  memref.copy %b, %q1 : memref<2x4xf32> to memref<2x4xf32, strided<[8, 1], offset: ?>>
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// The writer reads the buffer the target is a slice of: writing the target
// directly could change what it reads. The copy stays.
// CHECK-LABEL: func.func @reads_target
// CHECK: %[[TMP:.*]] = memref.alloc
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[TMP]] :
// CHECK: memref.copy %[[TMP]]
func.func @reads_target(%buf: memref<4x4xf32>) {
  %tmp = memref.alloc() : memref<2x4xf32>
  %in = memref.subview %buf[1, 0] [2, 4] [1, 1] : memref<4x4xf32> to memref<2x4xf32, strided<[4, 1], offset: 4>>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<2x4xf32, strided<[4, 1], offset: 4>>) outs(%tmp : memref<2x4xf32>) {
  ^bb0(%i: f32, %o: f32):
    %n = arith.negf %i : f32
    linalg.yield %n : f32
  }
  %out = memref.subview %buf[0, 0] [2, 4] [1, 1] : memref<4x4xf32> to memref<2x4xf32, strided<[4, 1]>>
  memref.copy %tmp, %out : memref<2x4xf32> to memref<2x4xf32, strided<[4, 1]>>
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Memory written between the writer and the copy, and a temporary read
// after the copy: both copies stay.
// CHECK-LABEL: func.func @not_alone
// CHECK-COUNT-2: memref.copy
func.func @not_alone(%x: memref<2x4xf32>, %y: memref<2x4xf32>, %z: memref<2x4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %tmp = memref.alloc() : memref<2x4xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<2x4xf32>) outs(%tmp : memref<2x4xf32>) {
  ^bb0(%i: f32, %o: f32):
    linalg.yield %i : f32
  }
  memref.store %f, %y[%c0, %c0] : memref<2x4xf32>
  memref.copy %tmp, %y : memref<2x4xf32> to memref<2x4xf32>
  %tmp2 = memref.alloc() : memref<2x4xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<2x4xf32>) outs(%tmp2 : memref<2x4xf32>) {
  ^bb0(%i: f32, %o: f32):
    linalg.yield %i : f32
  }
  memref.copy %tmp2, %z : memref<2x4xf32> to memref<2x4xf32>
  %v = memref.load %tmp2[%c0, %c0] : memref<2x4xf32>
  return %v : f32
}
