// rnn-unroll-steps: the time loops (scf.for marked rnn.time_loop) are
// unrolled by a factor, with an epilogue for a dynamic trip count, or
// completely when the count is static; other loops are left alone.
// RUN: rnnc-opt %s --split-input-file --pass-pipeline='builtin.module(rnn-unroll-steps{factor=2},canonicalize)' | FileCheck %s --check-prefix=TWO
// RUN: rnnc-opt %s --split-input-file --pass-pipeline='builtin.module(rnn-unroll-steps{factor=0},canonicalize)' --verify-diagnostics | FileCheck %s --check-prefix=FULL

// TWO-LABEL: func.func @dynamic
// TWO: scf.for {{.*}} step %c2
// TWO-COUNT-2: arith.mulf
// TWO: scf.for
// TWO-COUNT-1: arith.mulf
// FULL-LABEL: func.func @dynamic
// FULL: scf.for
func.func @dynamic(%n: index, %h0: f32, %w: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-remark@+1 {{not unrolled completely: the number of time steps is only known at run time}}
  %h = scf.for %t = %c0 to %n step %c1 iter_args(%acc = %h0) -> f32 {
    %next = arith.mulf %acc, %w : f32
    scf.yield %next : f32
  } {rnn.time_loop}
  return %h : f32
}

// -----

// Three steps by two: one unrolled pair and one epilogue step, both
// single iterations that canonicalisation folds.
// TWO-LABEL: func.func @static
// TWO-COUNT-3: arith.mulf
// TWO: scf.for
// TWO: arith.addf
// FULL-LABEL: func.func @static
// FULL-NOT: scf.for
// FULL-COUNT-3: arith.mulf
// FULL-NOT: arith.mulf
// FULL: scf.for
// FULL: arith.addf
func.func @static(%h0: f32, %w: f32) -> (f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %h = scf.for %t = %c0 to %c3 step %c1 iter_args(%acc = %h0) -> f32 {
    %next = arith.mulf %acc, %w : f32
    scf.yield %next : f32
  } {rnn.time_loop}
  // Not a time loop.
  %s = scf.for %t = %c0 to %c3 step %c1 iter_args(%acc = %h0) -> f32 {
    %next = arith.addf %acc, %w : f32
    scf.yield %next : f32
  }
  return %h, %s : f32, f32
}
