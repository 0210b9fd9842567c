// rnn-gpu-kernels-to-nvvm: the same generated kernels lowered through NVVM
// for the CUDA target: workgroup memory as .shared arrays, each kernel's
// workgroup size as .maxntid, the GEMM's multiply-adds as FMAs, math
// through libdevice; with format=isa the gpu.binary holds PTX for sm_80
// and sm_90 (format=fatbin, the default: one fatbin of both cubins and
// sm_90's PTX, assembled by ptxas and fatbinary). Either way the binary
// keeps the kernel table the host side embeds. The host's launches stay.
// REQUIRES: cuda
// RUN: rnnc-opt %s --rnn-gpu-outline-kernels --rnn-gpu-kernels-to-nvvm=format=isa | FileCheck %s
// RUN: rnnc-opt %s --rnn-gpu-outline-kernels --rnn-gpu-kernels-to-nvvm | FileCheck %s --check-prefix=FATBIN
// RUN: not rnnc-opt %s --rnn-gpu-outline-kernels --rnn-gpu-kernels-to-nvvm=format=cubin 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: rnn-gpu-kernels-to-nvvm: format 'cubin' is not fatbin or isa

// CHECK: gpu.launch_func @kernels::@gemm_rows_1
// CHECK: gpu.launch_func @kernels::@gemm_0
// CHECK: gpu.launch_func @kernels::@elementwise_2
// CHECK: gpu.binary @kernels  {rnn.kernel_table = "gemm_0 3 256 1 1 4 4 4\0A{{.*}}"} [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">, properties = {O = 3 : i32}, assembly = "
// CHECK-SAME: .target sm_80
// CHECK-SAME: .visible .entry gemm_0(
// CHECK-SAME: .maxntid 256, 1, 1
// CHECK-SAME: .shared .align 4 .b8 __wg_gemm_0_0[4096];
// CHECK-SAME: bar.sync
// CHECK-SAME: fma.rn.f32
// CHECK-SAME: .visible .entry gemm_rows_1(
// CHECK-SAME: .visible .entry elementwise_2(
// CHECK-SAME: ex2.approx
// CHECK-SAME: #gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">, properties = {O = 3 : i32}, assembly = "
// CHECK-SAME: .target sm_90
// CHECK-NOT: gpu.module
// (A fatbin starts with its magic 0xBA55ED50, little-endian.)
// FATBIN: gpu.binary @kernels  {rnn.kernel_table = "gemm_0 3 256 1 1 4 4 4\0Agemm_rows_1 3 256 1 1 4 4 4\0Aelementwise_2 2 256 1 1 4 4\0A"} [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">, properties = {cubins = ["sm_80", "sm_90"], ptx = "sm_90"}, "P\EDU\BA
// FATBIN-NOT: #gpu.object

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
