// rnn-gpu-kernels-to-spirv: the generated kernels become one spirv.module
// for Vulkan: each kernel an entry point with its workgroup size, buffers
// as storage-buffer bindings of set 0 in argument order (the parameter
// buffer last), workgroup memory in the Workgroup storage class, gpu
// barriers as control barriers, math as GLSL.std.450. The gpu.module stays
// for the host's launches.
// RUN: rnnc-opt %s --rnn-gpu-outline-kernels --rnn-gpu-kernels-to-spirv | FileCheck %s

// CHECK: gpu.launch_func @kernels::@gemm_rows_1
// CHECK: gpu.launch_func @kernels::@gemm_0
// CHECK: gpu.launch_func @kernels::@elementwise_2
// CHECK: spirv.module @__spv__kernels Logical GLSL450 requires #spirv.vce<v1.0, [Shader], [SPV_KHR_storage_buffer_storage_class]>
// CHECK-DAG: spirv.GlobalVariable @[[A:__workgroup_mem__[0-9]+]] : !spirv.ptr<!spirv.struct<(!spirv.array<1024 x f32>)>, Workgroup>
// CHECK-DAG: spirv.GlobalVariable @{{__workgroup_mem__[0-9]+}} : !spirv.ptr<!spirv.struct<(!spirv.array<1024 x f32>)>, Workgroup>
// CHECK: spirv.GlobalVariable @gemm_0_arg_0 bind(0, 0) : !spirv.ptr<!spirv.struct<(!spirv.rtarray<f32, stride=4> [0])>, StorageBuffer>
// CHECK: spirv.GlobalVariable @gemm_0_arg_1 bind(0, 1)
// CHECK: spirv.GlobalVariable @gemm_0_arg_2 bind(0, 2)
// CHECK: spirv.GlobalVariable @gemm_0_arg_3 bind(0, 3) : !spirv.ptr<!spirv.struct<(!spirv.rtarray<i32, stride=4> [0])>, StorageBuffer>
// CHECK: spirv.func @gemm_0() "None"
// CHECK-COUNT-2: spirv.ControlBarrier <Workgroup>, <Workgroup>, <AcquireRelease|WorkgroupMemory>
// CHECK: spirv.func @gemm_rows_1() "None"
// CHECK: spirv.func @elementwise_2() "None"
// CHECK: spirv.GL.Tanh
// CHECK: spirv.GL.Exp
// CHECK-DAG: spirv.EntryPoint "GLCompute" @gemm_0
// CHECK-DAG: spirv.ExecutionMode @gemm_0 "LocalSize", 256, 1, 1
// CHECK-DAG: spirv.EntryPoint "GLCompute" @elementwise_2
// CHECK-DAG: spirv.ExecutionMode @elementwise_2 "LocalSize", 256, 1, 1
// CHECK: gpu.module @kernels
// CHECK: gpu.func @gemm_0(%{{.*}}: memref<?xf32>, %{{.*}}: memref<?xf32>, %{{.*}}: memref<?xf32>, %{{.*}}: memref<?xi32>) kernel

func.func @gemm(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

#map = affine_map<(d0) -> (d0)>
func.func @gate(%x: memref<?xf32>, %y: memref<?xf32>) {
  linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%x : memref<?xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %t = math.tanh %a : f32
    %e = math.exp %t : f32
    linalg.yield %e : f32
  }
  return
}
