// rnn-codegen-cache-parameter-transposes: an f32 parameter transposed into
// a fresh buffer that is only read afterwards is read from the runtime's
// kept copy (rnnc_rt_transposed_parameter); the buffer, the transpose and
// its deallocation go. Transposes of values, into buffers also written,
// or of f64 parameters stay.
// RUN: rnnc-opt %s --rnn-codegen-cache-parameter-transposes | FileCheck %s

// CHECK: func.func private @rnnc_rt_transposed_parameter(memref<?x?xf32, strided<[?, ?], offset: ?>>) -> memref<?x?xf32> attributes {llvm.emit_c_interface}

// A single step's gather: one row of the transposed input weight.
// CHECK-LABEL: func.func @gather_row
// CHECK-NOT: memref.alloc
// CHECK: %[[SOURCE:.*]] = memref.cast %arg1 : memref<8x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[KEPT:.*]] = call @rnnc_rt_transposed_parameter(%[[SOURCE]])
// CHECK: %[[TYPED:.*]] = memref.cast %[[KEPT]] : memref<?x?xf32> to memref<?x8xf32>
// CHECK-NOT: linalg.transpose
// CHECK: memref.subview %[[TYPED]][%arg2, 0] [1, 8] [1, 1]
// CHECK: memref.load %[[TYPED]]
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @gather_row(%out: memref<8xf32>,
                      %w: memref<8x?xf32> {rnn.param = "rnn.weight_ih_l0"},
                      %token: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %v = memref.dim %w, %c1 : memref<8x?xf32>
  %t = memref.alloc(%v) {alignment = 64 : i64} : memref<?x8xf32>
  linalg.transpose ins(%w : memref<8x?xf32>) outs(%t : memref<?x8xf32>) permutation = [1, 0]
  %row = memref.subview %t[%token, 0] [1, 8] [1, 1] : memref<?x8xf32> to memref<8xf32, strided<[1], offset: ?>>
  linalg.copy ins(%row : memref<8xf32, strided<[1], offset: ?>>) outs(%out : memref<8xf32>)
  %x = memref.load %t[%c0, %c0] : memref<?x8xf32>
  memref.dealloc %t : memref<?x8xf32>
  return %x : f32
}

// Not a parameter: a transpose of an argument without rnn.param stays.
// CHECK-LABEL: func.func @value
// CHECK: memref.alloc
// CHECK: linalg.transpose
// CHECK: memref.dealloc
func.func @value(%w: memref<8x4xf32>, %out: memref<4x8xf32>) {
  %t = memref.alloc() : memref<4x8xf32>
  linalg.transpose ins(%w : memref<8x4xf32>) outs(%t : memref<4x8xf32>) permutation = [1, 0]
  memref.copy %t, %out : memref<4x8xf32> to memref<4x8xf32>
  memref.dealloc %t : memref<4x8xf32>
  return
}

// The transposed buffer is written afterwards: it stays a buffer of its own.
// CHECK-LABEL: func.func @written
// CHECK: memref.alloc
// CHECK: linalg.transpose
// CHECK: linalg.fill
func.func @written(%w: memref<8x4xf32> {rnn.param = "w"}, %out: memref<4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<4x8xf32>
  linalg.transpose ins(%w : memref<8x4xf32>) outs(%t : memref<4x8xf32>) permutation = [1, 0]
  linalg.fill ins(%zero : f32) outs(%t : memref<4x8xf32>)
  memref.copy %t, %out : memref<4x8xf32> to memref<4x8xf32>
  memref.dealloc %t : memref<4x8xf32>
  return
}

// f64 (the gradcheck build) keeps its transposes.
// CHECK-LABEL: func.func @f64
// CHECK: linalg.transpose
func.func @f64(%w: memref<8x4xf64> {rnn.param = "w"}, %out: memref<4x8xf64>) {
  %t = memref.alloc() : memref<4x8xf64>
  linalg.transpose ins(%w : memref<8x4xf64>) outs(%t : memref<4x8xf64>) permutation = [1, 0]
  memref.copy %t, %out : memref<4x8xf64> to memref<4x8xf64>
  memref.dealloc %t : memref<4x8xf64>
  return
}
