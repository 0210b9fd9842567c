// rnn-gpu-lower-launches: the SPIR-V embedded as constants with the kernel
// table (entry, buffers, workgroup size, each buffer's element bytes) (internal to the object: an executable's f64 build has its own;
// each function names them to the device runtime at its entry), each launch a call of rnnc_rt_gpu_launch (kernel number, grid,
// (address, bytes) of each buffer, the parameter words), host arrays moved
// to the entry, a sync before the host reads a device buffer (not before
// it reads an argument), the function named at its entry and the call
// ended before its return.
// RUN: rnnc-opt %s --rnn-gpu-outline-kernels --rnn-gpu-kernels-to-spirv --rnn-gpu-lower-launches --canonicalize | FileCheck %s

// CHECK-LABEL: llvm.mlir.global internal constant @rnnc_gpu_name_step("step\00")
// CHECK-LABEL: func.func @step
// CHECK-DAG: %[[NAME:.*]] = llvm.mlir.addressof @rnnc_gpu_name_step : !llvm.ptr
// CHECK-DAG: %[[SPIRV:.*]] = llvm.mlir.addressof @rnnc_gpu_kernel_binary : !llvm.ptr
// CHECK-DAG: %[[TABLE:.*]] = llvm.mlir.addressof @rnnc_gpu_kernels : !llvm.ptr
// CHECK-DAG: %[[PAIRS:.*]] = memref.alloca() : memref<4xi64>
// CHECK-DAG: %[[WORDS:.*]] = memref.alloca() : memref<7xi32>
// CHECK: call @rnnc_rt_gpu_begin_call(%[[NAME]], %[[SPIRV]], %[[BYTES:.*]], %[[TABLE]])
// CHECK: %[[Y:.*]] = memref.alloc
// CHECK: scf.for
// CHECK: %[[XP:.*]] = memref.extract_aligned_pointer_as_index %arg0
// CHECK: memref.store %{{.*}}, %[[PAIRS]][%c0]
// CHECK: memref.store %{{.*}}, %[[PAIRS]][%c1]
// CHECK: memref.store %{{.*}}, %[[PAIRS]][%c2]
// CHECK: memref.store %{{.*}}, %[[PAIRS]][%c3]
// CHECK: %[[PAIRSP:.*]] = memref.extract_aligned_pointer_as_index %[[PAIRS]]
// CHECK: %[[PAIRSI:.*]] = arith.index_cast %[[PAIRSP]] : index to i64
// CHECK: call @rnnc_rt_gpu_launch(%c0_i32, %{{.*}}, %{{.*}}, %c1_i64, %[[PAIRSI]], %c2_i32, %{{.*}}, %c7_i32)
// CHECK: }
// CHECK-NOT: rnnc_rt_gpu_sync
// CHECK: memref.load %arg0
// CHECK: call @rnnc_rt_gpu_sync()
// CHECK-NEXT: memref.load %[[Y]]
// CHECK: call @rnnc_rt_gpu_end_call()
// CHECK-NEXT: return
// (SPIR-V's magic number 0x07230203, little-endian; 4-byte aligned.)
// CHECK: llvm.mlir.global internal constant @rnnc_gpu_kernel_binary("\03\02#\07{{.*}}") {addr_space = 0 : i32, alignment = 4 : i64}
// CHECK: llvm.mlir.global internal constant @rnnc_gpu_kernels("elementwise_0 2 256 1 1 4 4\0A\00")
// CHECK: func.func private @rnnc_rt_gpu_launch(i32, i64, i64, i64, i64, i32, i64, i32)
// CHECK: func.func private @rnnc_rt_gpu_begin_call(!llvm.ptr, !llvm.ptr, i64, !llvm.ptr)
// CHECK-NOT: gpu.module
// CHECK-NOT: spirv.module
#map = affine_map<(d0) -> (d0)>
func.func @step(%x: memref<?xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %y = memref.alloc(%n) : memref<?xf32>
  scf.for %t = %c0 to %n step %c1 {
    linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
        ins(%x : memref<?xf32>) outs(%y : memref<?xf32>) {
    ^bb0(%a: f32, %o: f32):
      %s = arith.addf %a, %o : f32
      linalg.yield %s : f32
    }
  }
  %a = memref.load %x[%c0] : memref<?xf32>
  %b = memref.load %y[%c0] : memref<?xf32>
  %s = arith.addf %a, %b : f32
  memref.dealloc %y : memref<?xf32>
  return %s : f32
}

