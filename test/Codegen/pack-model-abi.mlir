// rnn-codegen-pack-model-abi: one `rnnc_call_NAME(ptr)` per C interface of a
// function defined here; args[i] points to argument i (an i64 is loaded,
// a descriptor is passed by address), the last slot to the results. The
// rnn.* attributes are dropped.
// RUN: rnnc-opt %s --rnn-codegen-pack-model-abi | FileCheck %s

// CHECK-LABEL: llvm.func @train_step
// CHECK-NOT: rnn.dim
// CHECK-LABEL: llvm.func @_mlir_ciface_train_step
// CHECK-NOT: rnn.
// CHECK: llvm.func @rnnc_call_train_step(%[[ARGS:.*]]: !llvm.ptr) {
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[ARGS]][2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[RES:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[ARGS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P1:.*]] = llvm.load %[[S1]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[T:.*]] = llvm.load %[[P1]] : !llvm.ptr -> i64
// CHECK: %[[S2:.*]] = llvm.getelementptr %[[ARGS]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[X:.*]] = llvm.load %[[S2]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.call @_mlir_ciface_train_step(%[[RES]], %[[T]], %[[X]])
// CHECK-NOT: rnnc_call_rnnc_rt_sgemm
// CHECK-NOT: rnnc_call_helper
!desc = !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
module {
  llvm.func @_mlir_ciface_rnnc_rt_sgemm(!llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32)
  llvm.func @train_step(%t: i64 {rnn.dim = "T"}, %x: !llvm.ptr) -> !desc {
    %d = llvm.mlir.undef : !desc
    llvm.return %d : !desc
  }
  llvm.func @_mlir_ciface_train_step(%res: !llvm.ptr, %t: i64 {rnn.dim = "T"}, %x: !llvm.ptr {rnn.input = "tokens"}) {
    llvm.return
  }
  llvm.func @helper(%x: i64) -> i64 {
    llvm.return %x : i64
  }
}

