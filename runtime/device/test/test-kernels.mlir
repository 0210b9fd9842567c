// test-kernels.mlir - kernels for the device runtime's unit tests, not a
// model's: built to SPIR-V at build time by build-test-kernels.sh.
// accumulate: y[i] += x[i] for i < n, n the first parameter.
module attributes {gpu.container_module, spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader, Float64, Int64], [SPV_KHR_storage_buffer_storage_class]>, #spirv.resource_limits<max_compute_workgroup_invocations = 256, max_compute_workgroup_size = [256, 256, 64]>>} {
  gpu.module @kernels {
    gpu.func @accumulate(%x: memref<?xf32>, %y: memref<?xf32>, %p: memref<?xi32>) kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [64, 1, 1]>} {
      %b = gpu.block_id x
      %t = gpu.thread_id x
      %c64 = arith.constant 64 : index
      %c0 = arith.constant 0 : index
      %o = arith.muli %b, %c64 : index
      %i = arith.addi %o, %t : index
      %n32 = memref.load %p[%c0] : memref<?xi32>
      %n = arith.index_cast %n32 : i32 to index
      %in = arith.cmpi ult, %i, %n : index
      scf.if %in {
        %v = memref.load %x[%i] : memref<?xf32>
        %w = memref.load %y[%i] : memref<?xf32>
        %s = arith.addf %v, %w : f32
        memref.store %s, %y[%i] : memref<?xf32>
      }
      gpu.return
    }
  }
}
