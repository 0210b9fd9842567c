// rnn-codegen-stack-small-buffers: a static buffer of at most
// max-buffer-bytes, outside any loop, that does not leave the function
// and receives no transpose, becomes a memref.alloca, while the
// function's promoted bytes stay within max-function-bytes.
// RUN: rnnc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(rnn-codegen-stack-small-buffers))' | FileCheck %s
// RUN: rnnc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(rnn-codegen-stack-small-buffers{max-buffer-bytes=64 max-function-bytes=96}))' | FileCheck %s --check-prefix=LIMITS

// CHECK-LABEL: func.func @temporaries
// CHECK: %[[A:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1x256xf32>
// CHECK: %[[L:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1x16xf32>
// CHECK-NOT: memref.alloc(
// LIMITS-LABEL: func.func @temporaries
// LIMITS: memref.alloc() {alignment = 64 : i64} : memref<1x256xf32>
// LIMITS: memref.alloca() {alignment = 64 : i64} : memref<1x16xf32>
func.func @temporaries(%x: memref<1x256xf32>, %out: memref<1xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<1x256xf32>
  linalg.copy ins(%x : memref<1x256xf32>) outs(%a : memref<1x256xf32>)
  %lanes = memref.alloc() {alignment = 64 : i64} : memref<1x16xf32>
  %v = memref.subview %a[0, 0] [1, 16] [1, 1] : memref<1x256xf32> to memref<1x16xf32, strided<[256, 1]>>
  linalg.copy ins(%v : memref<1x16xf32, strided<[256, 1]>>) outs(%lanes : memref<1x16xf32>)
  %c0 = arith.constant 0 : index
  %e = memref.load %lanes[%c0, %c0] : memref<1x16xf32>
  memref.store %e, %out[%c0] : memref<1xf32>
  return
}

// -----

// Within a loop (each iteration would take stack anew), of a dynamic size,
// or returned: a heap buffer still.
// CHECK-LABEL: func.func @stay_on_the_heap
// CHECK: scf.for
// CHECK-NEXT: memref.alloc() : memref<16xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: %[[R:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NOT: memref.alloca
// CHECK: return %[[R]]
func.func @stay_on_the_heap(%n: index, %x: f32) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<16xf32>
    memref.store %x, %t[%i] : memref<16xf32>
  }
  %d = memref.alloc(%n) : memref<?xf32>
  memref.store %x, %d[%c0] : memref<?xf32>
  %r = memref.alloc() : memref<4xf32>
  memref.store %x, %r[%c0] : memref<4xf32>
  return %r : memref<4xf32>
}

// -----

// Larger than 4 KiB by default (64 bytes in the second run), or filled by a
// transpose (rnn-codegen-cache-parameter-transposes' to replace).
// CHECK-LABEL: func.func @large_or_transposed
// CHECK: memref.alloc() : memref<2x1024xf32>
// CHECK: memref.alloc() : memref<4x2xf32>
// CHECK-NOT: memref.alloca
func.func @large_or_transposed(%w: memref<2x4xf32>, %x: f32) {
  %c0 = arith.constant 0 : index
  %big = memref.alloc() : memref<2x1024xf32>
  memref.store %x, %big[%c0, %c0] : memref<2x1024xf32>
  %t = memref.alloc() : memref<4x2xf32>
  linalg.transpose ins(%w : memref<2x4xf32>) outs(%t : memref<4x2xf32>) permutation = [1, 0]
  %e = memref.load %t[%c0, %c0] : memref<4x2xf32>
  memref.store %e, %big[%c0, %c0] : memref<2x1024xf32>
  return
}

// -----

// In the second run, 96 bytes a function: the first two 32-byte buffers fit, the
// third does not.
// CHECK-LABEL: func.func @budget
// LIMITS-LABEL: func.func @budget
// LIMITS: memref.alloca() : memref<8xf32>
// LIMITS: memref.alloca() : memref<8xf32>
// LIMITS: memref.alloc() : memref<16xf32>
func.func @budget(%x: f32) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<8xf32>
  memref.store %x, %a[%c0] : memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  memref.store %x, %b[%c0] : memref<8xf32>
  %c = memref.alloc() : memref<16xf32>
  memref.store %x, %c[%c0] : memref<16xf32>
  return
}
