// rnn-codegen-pack-model-abi: the runtime's row offset and step counter,
// which dropout reads, are thread-local (threads train their rows of a
// batch at once); other globals are not.
// RUN: rnnc-opt %s --rnn-codegen-pack-model-abi | FileCheck %s
// CHECK: llvm.mlir.global external thread_local @rnnc_rt_batch_offset() {{.*}} : i64
// CHECK: llvm.mlir.global external thread_local @rnnc_rt_training_step() {{.*}} : i64
// CHECK: llvm.mlir.global external @other() {{.*}} : i64
// CHECK-NOT: thread_local
llvm.mlir.global external @rnnc_rt_batch_offset() {addr_space = 0 : i32} : i64
llvm.mlir.global external @rnnc_rt_training_step() {addr_space = 0 : i32} : i64
llvm.mlir.global external @other() {addr_space = 0 : i32} : i64
