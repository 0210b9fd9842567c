// rnn-gpu-outline-kernels: every linalg op on buffers becomes a generated
// kernel in gpu.module @kernels and a gpu.launch_func in its place, with
// flat buffers and a parameter buffer laid out as rnnc/device/KernelABI.h
// says. (The kernels' numerics: rnnc_kernel_tests, on the device.)
// RUN: rnnc-opt %s --rnn-gpu-outline-kernels --canonicalize --cse | FileCheck %s

// A transposed-B GEMM: up to 8 rows of C, a thread per output (256 along
// N, a row per workgroup along y); more, a grid of 64x64 tiles (x over N, y
// over M) of 256 threads. Twelve parameter words with B's two strides
// swapped (stride along k, the stored column stride 1, then along j, the
// row stride).
// CHECK-LABEL: func.func @gemm
// CHECK-DAG: %[[M:.*]] = memref.dim %arg2, %c0
// CHECK-DAG: %[[N:.*]] = memref.dim %arg2, %c1
// CHECK: %{{.*}}, %{{.*}}, %{{.*}}:2, %[[BS:.*]]:2 = memref.extract_strided_metadata %arg1
// CHECK: %[[BROW:.*]] = arith.index_cast %[[BS]]#0 : index to i32
// CHECK: %[[FEW:.*]] = arith.cmpi ule, %[[M]], %c8
// CHECK: scf.if %[[FEW]] {
// CHECK: %[[NR:.*]] = arith.addi %[[N]], %c255
// CHECK: %[[RX:.*]] = arith.divui %[[NR]], %c256
// CHECK: %[[P:.*]] = memref.alloca() : memref<12xi32>
// CHECK: memref.store %c1_i32, %[[P]][%c7]
// CHECK: memref.store %[[BROW]], %[[P]][%c8]
// CHECK: %[[PARAMS:.*]] = memref.cast %[[P]] : memref<12xi32> to memref<?xi32>
// CHECK: gpu.launch_func @kernels::@gemm_rows_1 blocks in (%[[RX]], %[[M]], %c1) threads in (%c256, %c1, %c1) args(%{{.*}} : memref<?xf32>, %{{.*}} : memref<?xf32>, %{{.*}} : memref<?xf32>, %[[PARAMS]] : memref<?xi32>)
// CHECK: } else {
// CHECK: %[[MT:.*]] = arith.addi %[[M]], %c63
// CHECK: %[[GY:.*]] = arith.divui %[[MT]], %c64
// CHECK: %[[NT:.*]] = arith.addi %[[N]], %c63
// CHECK: %[[GX:.*]] = arith.divui %[[NT]], %c64
// CHECK: gpu.launch_func @kernels::@gemm_0 blocks in (%[[GX]], %[[GY]], %c1) threads in (%c256, %c1, %c1)
// CHECK-NOT: linalg.
func.func @gemm(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul_transpose_b ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// An elementwise op, a copy and the same op again: two launches of one
// elementwise kernel (kernels equal up to their name are kept once) and
// one copy kernel; one thread per point, ceil(points / 256) workgroups.
// CHECK-LABEL: func.func @elementwise
// CHECK: gpu.launch_func @kernels::@[[ADD:elementwise_[0-9]+]] blocks in
// CHECK-SAME: threads in (%c256, %c1, %c1)
// CHECK: gpu.launch_func @kernels::@[[COPY:elementwise_[0-9]+]]
// CHECK: gpu.launch_func @kernels::@[[ADD]]
// CHECK-NOT: memref.copy
#map = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @elementwise(%x: memref<?x?xf32>, %bias: memref<?xf32>, %y: memref<?x?xf32>, %z: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [#map, #row, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x, %bias : memref<?x?xf32>, memref<?xf32>) outs(%y : memref<?x?xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  }
  memref.copy %y, %z : memref<?x?xf32> to memref<?x?xf32>
  linalg.generic {indexing_maps = [#map, #row, #map], iterator_types = ["parallel", "parallel"]}
      ins(%z, %bias : memref<?x?xf32>, memref<?xf32>) outs(%y : memref<?x?xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  }
  return
}

// Row sums: a workgroup per row (the grid is the row count) for rows of
// 1,024 values or more, else a thread per row.
// CHECK-LABEL: func.func @row_sums
// CHECK: %[[ROWS:.*]] = memref.dim %arg0, %c0
// CHECK: %[[LEN:.*]] = memref.dim %arg0, %c1
// CHECK: %[[LONG:.*]] = arith.cmpi uge, %[[LEN]], %c1024
// CHECK: scf.if %[[LONG]] {
// CHECK: %[[GX:.*]] = arith.minui %[[ROWS]], %c65535
// CHECK: gpu.launch_func @kernels::@[[TREE:reduction_[0-9]+]] blocks in (%[[GX]],
// CHECK: } else {
// CHECK: gpu.launch_func @kernels::@[[LOOP:ordered_reduction_[0-9]+]]
// A body that is not combine(f(x), out): in order, a thread per row.
// CHECK-LABEL: func.func @ordered
// CHECK-NOT: scf.if
// CHECK: gpu.launch_func @kernels::@ordered_reduction_{{[0-9]+}}
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d0)>
func.func @row_sums(%x: memref<?x?xf32>, %sums: memref<?xf32>) {
  linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf32>) outs(%sums : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  }
  return
}
func.func @ordered(%x: memref<?x?xf32>, %out: memref<?xf32>) {
  linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf32>) outs(%out : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %h = arith.mulf %o, %o : f32
    %s = arith.addf %h, %a : f32
    linalg.yield %s : f32
  }
  return
}

// The kernels. The GEMM stages A's and B's slices in workgroup memory
// (memory space 3), with a barrier after staging and after use.
// CHECK: gpu.module @kernels
// CHECK-LABEL: gpu.func @gemm_0(%{{.*}}: memref<?xf32>, %{{.*}}: memref<?xf32>, %{{.*}}: memref<?xf32>, %{{.*}}: memref<?xi32>) kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [256, 1, 1]>}
// CHECK-COUNT-2: memref.alloc() : memref<1024xf32, 3>
// CHECK: scf.for {{.*}} iter_args
// CHECK: gpu.barrier
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-16: arith.mulf
// CHECK: gpu.barrier
// CHECK-COUNT-16: memref.store {{.*}} : memref<?xf32>
// CHECK: gpu.return
// The few-row GEMM: a thread per output, the sum over K in a loop.
// CHECK-LABEL: gpu.func @gemm_rows_1(
// CHECK-NOT: gpu.barrier
// CHECK: scf.for {{.*}} iter_args
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: gpu.return
// The elementwise kernel: its global number (y * gridX + x) * 256 +
// thread checked against the point count, the point split over the loop
// sizes, the operands read at their strides.
// CHECK: gpu.func @[[ADD]](
// CHECK: %[[POINTS:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK: gpu.thread_id x
// CHECK: gpu.block_id x
// CHECK: gpu.block_id y
// CHECK: gpu.grid_dim x
// CHECK: scf.if
// CHECK: arith.remui
// CHECK: arith.divui
// CHECK: math.tanh
// CHECK: memref.store
// CHECK: gpu.return
// The per-row loop: one thread per output point, the reduced points in
// order, no barrier.
// CHECK: gpu.func @[[LOOP]](
// CHECK-NOT: gpu.barrier
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c1
// CHECK: gpu.return
// The tree reduction: 256 partial sums in workgroup memory, a barrier
// before the tree and after each of its eight steps.
// CHECK: gpu.func @[[TREE]](
// CHECK: memref.alloc() : memref<256xf32, 3>
// CHECK: scf.for %{{.*}} = %thread_id_x to %{{.*}} step %c256
// CHECK-COUNT-9: gpu.barrier
// CHECK: gpu.return
