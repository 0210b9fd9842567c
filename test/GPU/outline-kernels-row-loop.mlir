// rnn-gpu-outline-kernels: a host loop over token positions whose body
// reads an id, picks whole rows by it and runs one elementwise op on them
// (embedding lookups, their scatter-add gradient) becomes one kernel: a
// thread per row element runs the loop in order (the id loads, the row
// addresses and the op inside). Loops that threads could race in stay
// host loops of launches.
// RUN: rnnc-opt %s --rnn-gpu-outline-kernels --canonicalize --cse | FileCheck %s

#row = affine_map<(d0) -> (d0)>

// The gradient: dW[ids[p], :] += d[p, :] for ids in range. One launch of
// one workgroup (64 elements a row); parameters: the row's points, the
// loop's bounds and step, then each buffer's offset and strides.
// CHECK-LABEL: func.func @scatter_add
// CHECK-NOT: scf.for
// CHECK: memref.store %c64_i32, %[[P:.*]][%c0]
// CHECK: gpu.launch_func @kernels::@row_loop_0 blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%{{.*}} : memref<?xi32>, %{{.*}} : memref<?xf32>, %{{.*}} : memref<?xf32>, %{{.*}} : memref<?xi32>)
// CHECK-NOT: gpu.launch_func
// CHECK: return
func.func @scatter_add(%ids: memref<?xi32>, %d: memref<?x64xf32>, %rows: index) -> memref<?x64xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %ids, %c0 : memref<?xi32>
  %table = memref.alloc(%rows) : memref<?x64xf32>
  scf.for %p = %c0 to %n step %c1 {
    %id32 = memref.load %ids[%p] : memref<?xi32>
    %id = arith.index_cast %id32 : i32 to index
    %low = arith.cmpi sge, %id, %c0 : index
    %high = arith.cmpi slt, %id, %rows : index
    %in = arith.andi %low, %high : i1
    scf.if %in {
      %grad = memref.subview %d[%p, 0] [1, 64] [1, 1] : memref<?x64xf32> to memref<64xf32, strided<[1], offset: ?>>
      %acc = memref.subview %table[%id, 0] [1, 64] [1, 1] : memref<?x64xf32> to memref<64xf32, strided<[1], offset: ?>>
      linalg.generic {indexing_maps = [#row, #row, #row], iterator_types = ["parallel"]} ins(%grad, %acc : memref<64xf32, strided<[1], offset: ?>>, memref<64xf32, strided<[1], offset: ?>>) outs(%acc : memref<64xf32, strided<[1], offset: ?>>) {
      ^bb0(%g: f32, %a: f32, %o: f32):
        %s = arith.addf %g, %a : f32
        linalg.yield %s : f32
      }
    }
  }
  return %table : memref<?x64xf32>
}

// The lookup into [T, B, 300] rows (position p is row (p / B, p % B)):
// two workgroups for 300 elements.
// CHECK-LABEL: func.func @gather
// CHECK-NOT: scf.for
// CHECK: gpu.launch_func @kernels::@row_loop_{{[0-9]+}} blocks in (%c2, %c1, %c1) threads in (%c256, %c1, %c1)
// CHECK-NOT: scf.for
// CHECK: return
func.func @gather(%ids: memref<?xi32>, %table: memref<?x300xf32>, %t: index, %b: index) -> memref<?x?x300xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %ids, %c0 : memref<?xi32>
  %out = memref.alloc(%t, %b) : memref<?x?x300xf32>
  scf.for %p = %c0 to %n step %c1 {
    %id32 = memref.load %ids[%p] : memref<?xi32>
    %id = arith.index_cast %id32 : i32 to index
    %i = arith.divui %p, %b : index
    %j = arith.remui %p, %b : index
    %src = memref.subview %table[%id, 0] [1, 300] [1, 1] : memref<?x300xf32> to memref<300xf32, strided<[1], offset: ?>>
    %dst = memref.subview %out[%i, %j, 0] [1, 1, 300] [1, 1, 1] : memref<?x?x300xf32> to memref<300xf32, strided<[1], offset: ?>>
    linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel"]} ins(%src : memref<300xf32, strided<[1], offset: ?>>) outs(%dst : memref<300xf32, strided<[1], offset: ?>>) {
    ^bb0(%x: f32, %o: f32):
      linalg.yield %x : f32
    }
  }
  return %out : memref<?x?x300xf32>
}

// Written through an argument (which may alias the table): a host loop.
// CHECK-LABEL: func.func @into_argument
// CHECK: scf.for
// CHECK: gpu.launch_func @kernels::@elementwise
func.func @into_argument(%ids: memref<?xi32>, %table: memref<?x64xf32>, %out: memref<?x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %ids, %c0 : memref<?xi32>
  scf.for %p = %c0 to %n step %c1 {
    %id32 = memref.load %ids[%p] : memref<?xi32>
    %id = arith.index_cast %id32 : i32 to index
    %src = memref.subview %table[%id, 0] [1, 64] [1, 1] : memref<?x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    %dst = memref.subview %out[%p, 0] [1, 64] [1, 1] : memref<?x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel"]} ins(%src : memref<64xf32, strided<[1], offset: ?>>) outs(%dst : memref<64xf32, strided<[1], offset: ?>>) {
    ^bb0(%x: f32, %o: f32):
      linalg.yield %x : f32
    }
  }
  return
}

// The written allocation is also read through another view of it (shifted
// by one element: element p of its rows is another thread's): a host loop.
// CHECK-LABEL: func.func @aliased
// CHECK: scf.for
// CHECK: gpu.launch_func @kernels::@elementwise
func.func @aliased(%ids: memref<?xi32>, %n: index, %m: index) -> memref<?x64xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %out = memref.alloc(%n) : memref<?x64xf32>
  %shifted = memref.reinterpret_cast %out to offset: [1], sizes: [%m, 64], strides: [64, 1] : memref<?x64xf32> to memref<?x64xf32, strided<[64, 1], offset: 1>>
  scf.for %p = %c0 to %n step %c1 {
    %id32 = memref.load %ids[%p] : memref<?xi32>
    %id = arith.index_cast %id32 : i32 to index
    %src = memref.subview %shifted[%id, 0] [1, 64] [1, 1] : memref<?x64xf32, strided<[64, 1], offset: 1>> to memref<64xf32, strided<[1], offset: ?>>
    %dst = memref.subview %out[%p, 0] [1, 64] [1, 1] : memref<?x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel"]} ins(%src : memref<64xf32, strided<[1], offset: ?>>) outs(%dst : memref<64xf32, strided<[1], offset: ?>>) {
    ^bb0(%x: f32, %o: f32):
      linalg.yield %x : f32
    }
  }
  return %out : memref<?x64xf32>
}

// The kernel: the loop inside, the id loaded by every thread, the sum
// stored at the thread's element of row ids[p].
// CHECK: gpu.module @kernels
// CHECK-LABEL: gpu.func @row_loop_0(
// CHECK: %[[E:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK: scf.if
// CHECK: scf.for
// CHECK: memref.load %arg0
// CHECK: scf.if
// CHECK: arith.addf
// CHECK: memref.store
// CHECK: gpu.return
