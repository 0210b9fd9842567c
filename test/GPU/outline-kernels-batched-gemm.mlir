// rnn-gpu-outline-kernels: the batched contractions of rnn.matmul
// (rnnc/Codegen/BufferGemm.h, the matcher the CPU target's oneDNN calls
// use) are the GEMM kernel over operands whose leading dimensions are
// collapsed: a weight gradient summed over T x B (A transposed: its
// strides swapped) and a read-out over [T, B, H] (M = T x B). One on a
// strided view cannot collapse and stays a reduction kernel.
// RUN: rnnc-opt %s --rnn-gpu-outline-kernels --canonicalize --cse | FileCheck %s

#lhs = affine_map<(d0, d1, d2, d3) -> (d2, d3, d0)>
#rhs = affine_map<(d0, d1, d2, d3) -> (d2, d3, d1)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
#x = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#w = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
#y = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>

// CHECK-LABEL: func.func @weight_gradient
// CHECK-DAG: %[[X:.*]] = memref.collapse_shape %arg0 {{\[}}[0, 1], [2]] : memref<?x?x16xf32> into memref<?x16xf32>
// CHECK-DAG: %[[D:.*]] = memref.collapse_shape %arg1 {{\[}}[0, 1], [2]] : memref<?x?x64xf32> into memref<?x64xf32>
// CHECK-DAG: %[[K:.*]] = memref.dim %[[X]], %c0
// CHECK: %[[P:.*]] = memref.alloca() : memref<12xi32>
// M = 16, N = 64, K = T x B; A (offset, stride along i = 1, along k = 16).
// CHECK: memref.store %c16_i32, %[[P]][%c0]
// CHECK: memref.store %c64_i32, %[[P]][%c1]
// CHECK: memref.store %{{.*}}, %[[P]][%c2]
// CHECK: memref.store %c1_i32, %[[P]][%c4]
// CHECK: memref.store %c16_i32, %[[P]][%c5]
// CHECK: gpu.launch_func @kernels::@gemm_0 {{.*}} args(%{{.*}} : memref<?xf32>, %{{.*}} : memref<?xf32>, %{{.*}} : memref<?xf32>, %{{.*}} : memref<?xi32>)
// CHECK-NOT: linalg.
func.func @weight_gradient(%x: memref<?x?x16xf32>, %d: memref<?x?x64xf32>, %dw: memref<16x64xf32>) {
  linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%x, %d : memref<?x?x16xf32>, memref<?x?x64xf32>) outs(%dw : memref<16x64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @read_out
// CHECK-DAG: %[[H:.*]] = memref.collapse_shape %arg0 {{\[}}[0, 1], [2]] : memref<?x?x16xf32> into memref<?x16xf32>
// CHECK-DAG: %[[Y:.*]] = memref.collapse_shape %arg2 {{\[}}[0, 1], [2]] : memref<?x?x28xf32> into memref<?x28xf32>
// CHECK: gpu.launch_func @kernels::@gemm_0
// CHECK-NOT: linalg.
func.func @read_out(%h: memref<?x?x16xf32>, %w: memref<28x16xf32>, %y: memref<?x?x28xf32>) {
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%h, %w : memref<?x?x16xf32>, memref<28x16xf32>) outs(%y : memref<?x?x28xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @strided_view
// CHECK-NOT: collapse_shape
// CHECK-NOT: @gemm_0
// CHECK: gpu.launch_func @kernels::@ordered_reduction
func.func @strided_view(%h: memref<?x?x16xf32, strided<[?, ?, 1], offset: ?>>, %w: memref<28x16xf32>, %y: memref<?x?x28xf32>) {
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%h, %w : memref<?x?x16xf32, strided<[?, ?, 1], offset: ?>>, memref<28x16xf32>) outs(%y : memref<?x?x28xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
