// rnn-gpu-device-allocations: in the LLVM dialect, the memref lowering's
// allocation functions become the device runtime's, declarations and calls
// alike; nothing else changes.
// RUN: rnnc-opt %s --rnn-gpu-device-allocations | FileCheck %s

// CHECK-DAG: llvm.func @rnnc_rt_gpu_alloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @rnnc_rt_gpu_aligned_alloc(i64, i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @rnnc_rt_gpu_free(!llvm.ptr)
// CHECK-DAG: llvm.func @other(i64) -> !llvm.ptr
// CHECK-NOT: _mlir_memref_to_llvm
// CHECK-LABEL: llvm.func @buffers
// CHECK: %[[A:.*]] = llvm.call @rnnc_rt_gpu_alloc(%arg0)
// CHECK: %[[B:.*]] = llvm.call @rnnc_rt_gpu_aligned_alloc(%arg0, %arg0)
// CHECK: llvm.call @other(%arg0)
// CHECK: llvm.call @rnnc_rt_gpu_free(%[[A]])
// CHECK: llvm.call @rnnc_rt_gpu_free(%[[B]])
llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64, i64) -> !llvm.ptr
llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
llvm.func @other(i64) -> !llvm.ptr
llvm.func @buffers(%n: i64) {
  %a = llvm.call @_mlir_memref_to_llvm_alloc(%n) : (i64) -> !llvm.ptr
  %b = llvm.call @_mlir_memref_to_llvm_aligned_alloc(%n, %n) : (i64, i64) -> !llvm.ptr
  %c = llvm.call @other(%n) : (i64) -> !llvm.ptr
  llvm.call @_mlir_memref_to_llvm_free(%a) : (!llvm.ptr) -> ()
  llvm.call @_mlir_memref_to_llvm_free(%b) : (!llvm.ptr) -> ()
  llvm.return
}
