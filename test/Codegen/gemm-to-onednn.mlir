// rnn-codegen-gemm-to-onednn: f32 GEMMs on buffers become rnnc_rt_sgemm calls
// (C += op(A) op(B)); the batched contractions of convert-rnn-to-linalg
// are collapsed to one 2-d GEMM when their layout allows; f64 stays. The
// third flag marks a B that is (a view of) a parameter argument; the last
// says that the call overwrites C, whose zero fill it replaces.
// RUN: rnnc-opt %s --rnn-codegen-gemm-to-onednn | FileCheck %s

// CHECK: func.func private @rnnc_rt_sgemm(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, i32, i32, i32, i32) attributes {llvm.emit_c_interface}

// CHECK-LABEL: func.func @named
// CHECK: %[[A:.*]] = memref.cast %arg0
// CHECK: %[[B:.*]] = memref.cast %arg1
// CHECK: %[[C:.*]] = memref.cast %arg2
// CHECK: call @rnnc_rt_sgemm(%[[A]], %[[B]], %[[C]], %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}})
// CHECK: call @rnnc_rt_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %c1_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}})
// CHECK: call @rnnc_rt_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %c1_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}})
// CHECK-NOT: linalg.matmul
func.func @named(%a: memref<4x3xf32>, %b: memref<3x5xf32>, %c: memref<4x5xf32>,
                 %bt: memref<5x3xf32>, %at: memref<3x4xf32>) {
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  linalg.matmul_transpose_b ins(%a, %bt : memref<4x3xf32>, memref<5x3xf32>) outs(%c : memref<4x5xf32>)
  linalg.matmul_transpose_a ins(%at, %b : memref<3x4xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  return
}

// The hoisted input projection: [T, B, K] x [K, N].
// CHECK-LABEL: func.func @batched
// CHECK: %[[X:.*]] = memref.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : memref<?x?x3xf32> into memref<?x3xf32>
// CHECK: %[[Y:.*]] = memref.collapse_shape %arg2 {{\[\[}}0, 1], [2]] : memref<?x?x5xf32> into memref<?x5xf32>
// CHECK: call @rnnc_rt_sgemm
// CHECK-NOT: linalg.generic
#lhs = affine_map<(b, t, n, k) -> (b, t, k)>
#rhs = affine_map<(b, t, n, k) -> (k, n)>
#out = affine_map<(b, t, n, k) -> (b, t, n)>
func.func @batched(%x: memref<?x?x3xf32>, %w: memref<3x5xf32>, %y: memref<?x?x5xf32>) {
  linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<?x?x3xf32>, memref<3x5xf32>) outs(%y : memref<?x?x5xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}

// The batched weight gradient: sum over [T, B] of lhs^T rhs.
// CHECK-LABEL: func.func @batched_transpose_a
// CHECK: memref.collapse_shape %arg0
// CHECK: memref.collapse_shape %arg1
// CHECK: call @rnnc_rt_sgemm({{.*}}, %c1_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}})
#la = affine_map<(m, n, p0, p1) -> (p0, p1, m)>
#ra = affine_map<(m, n, p0, p1) -> (p0, p1, n)>
#oa = affine_map<(m, n, p0, p1) -> (m, n)>
func.func @batched_transpose_a(%x: memref<?x?x3xf32>, %g: memref<?x?x5xf32>, %dw: memref<3x5xf32>) {
  linalg.generic {indexing_maps = [#la, #ra, #oa], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%x, %g : memref<?x?x3xf32>, memref<?x?x5xf32>) outs(%dw : memref<3x5xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}

// Left alone: f64, a strided batched operand, and a body that is not a
// multiply-accumulate.
// CHECK-LABEL: func.func @kept
// CHECK-NOT: call @rnnc_rt_sgemm
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK: linalg.generic
func.func @kept(%a: memref<4x3xf64>, %b: memref<3x5xf64>, %c: memref<4x5xf64>,
                %xs: memref<?x?x3xf32, strided<[?, ?, 1], offset: ?>>, %w: memref<3x5xf32>, %y: memref<?x?x5xf32>) {
  linalg.matmul ins(%a, %b : memref<4x3xf64>, memref<3x5xf64>) outs(%c : memref<4x5xf64>)
  linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%xs, %w : memref<?x?x3xf32, strided<[?, ?, 1], offset: ?>>, memref<3x5xf32>) outs(%y : memref<?x?x5xf32>) {
  ^bb0(%a0: f32, %b0: f32, %o: f32):
    %p = arith.mulf %a0, %b0 : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%xs, %w : memref<?x?x3xf32, strided<[?, ?, 1], offset: ?>>, memref<3x5xf32>) outs(%y : memref<?x?x5xf32>) {
  ^bb0(%a0: f32, %b0: f32, %o: f32):
    %p = arith.mulf %a0, %b0 : f32
    %s = arith.maximumf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}

// B is a parameter argument (through a cast): the flag is set; an A that
// is a parameter does not matter.
// CHECK-LABEL: func.func @parameter
// CHECK: call @rnnc_rt_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %c1_i32{{[_0-9]*}}, %c1_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}})
// CHECK: call @rnnc_rt_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}})
func.func @parameter(%h: memref<1x3xf32>, %w: memref<5x3xf32> {rnn.param = "w"},
                     %c: memref<1x5xf32>, %b: memref<3x5xf32>) {
  %wc = memref.cast %w : memref<5x3xf32> to memref<?x3xf32>
  linalg.matmul_transpose_b ins(%h, %wc : memref<1x3xf32>, memref<?x3xf32>) outs(%c : memref<1x5xf32>)
  linalg.matmul ins(%h, %b : memref<1x3xf32>, memref<3x5xf32>) outs(%c : memref<1x5xf32>)
  return
}

// A zero fill of C that the GEMM is the next access after becomes the
// overwrite flag (beta = 0): the fill goes. A fill of another value, or one
// with a write to memory between it and the GEMM, stays.
// CHECK-LABEL: func.func @zero_fill
// CHECK-NOT: linalg.fill
// CHECK: call @rnnc_rt_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c1_i32{{[_0-9]*}})
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%arg2
// CHECK: call @rnnc_rt_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}})
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%arg2
// CHECK: memref.store
// CHECK: call @rnnc_rt_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}}, %c0_i32{{[_0-9]*}})
func.func @zero_fill(%a: memref<4x3xf32>, %b: memref<3x5xf32>, %c: memref<4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %i = arith.constant 0 : index
  linalg.fill ins(%zero : f32) outs(%c : memref<4x5xf32>)
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  linalg.fill ins(%one : f32) outs(%c : memref<4x5xf32>)
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  linalg.fill ins(%zero : f32) outs(%c : memref<4x5xf32>)
  memref.store %one, %a[%i, %i] : memref<4x3xf32>
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  return
}
