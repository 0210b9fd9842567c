// convert-rnn-to-linalg, random masks: dropout and randomized truncation
// draw from a hash of (seed, training step, position); the training step
// is a counter the runtime owns (an external global), read and advanced
// once at the entry of the function, so a dropout and its adjoint in one
// call draw the same mask.
// RUN: rnnc-opt %s --split-input-file --convert-rnn-to-linalg | FileCheck %s
// RUN: rnnc-opt %s --split-input-file --convert-rnn-to-linalg | FileCheck %s --check-prefix=CONST
// The scales 1 / (1 - 0.5) and 1 / 0.25 (constants are hoisted):
// CONST-DAG: arith.constant 2.000000e+00 : f32
// CONST-DAG: arith.constant 4.000000e+00 : f32

// CHECK: memref.global @rnnc_rt_training_step : memref<i64>{{$}}
// CHECK-LABEL: func.func @train_step
// CHECK: %[[G:.*]] = memref.get_global @rnnc_rt_training_step
// CHECK-NEXT: %[[STEP:.*]] = memref.load %[[G]][] {rnnc.training_step}
// CHECK: memref.store %{{.*}}, %[[G]][]
// CHECK-NOT: memref.load
// Dropout: keep where u >= rate, scaled by 1 / (1 - rate).
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.cmpf oge
// CHECK: arith.mulf %in, %{{.*}} : f32
// CHECK: arith.select
// The adjoint-side dropout reuses the same step.
// CHECK: linalg.generic
// CHECK: arith.cmpf oge
// Randomized truncation: 1/pi where u < pi.
// CHECK: linalg.generic
// CHECK: arith.cmpf olt
// CHECK: arith.select
// Regular truncation: 0 at multiples of k, no draw.
// CHECK: linalg.generic
// CHECK: arith.remui
// CHECK-NOT: rnn.dropout
// CHECK-NOT: rnn.truncation_mask
func.func @train_step(%x: tensor<4x3xf32>, %g: tensor<4x3xf32>, %t: index) -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<?xf32>, tensor<?xf32>) {
  %d = rnn.dropout %x rate 5.000000e-01 seed 7 : tensor<4x3xf32>
  %dg = rnn.dropout %g rate 5.000000e-01 seed 7 : tensor<4x3xf32>
  %m = rnn.truncation_mask randomized probability 2.500000e-01 (%t) {seed = 3 : i64} : tensor<?xf32>
  %k = rnn.truncation_mask truncated steps 5 (%t) : tensor<?xf32>
  return %d, %dg, %m, %k : tensor<4x3xf32>, tensor<4x3xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// A dropout with `batch_dim` draws row i's mask at row i plus the runtime's
// rnnc_rt_batch_offset (a rank's first row of the minibatch), read once.
// RUN: rnnc-opt %s --split-input-file --convert-rnn-to-linalg | FileCheck %s --check-prefix=ROWS
// ROWS: memref.global @rnnc_rt_batch_offset : memref<i64>{{$}}
// ROWS-LABEL: func.func @rows
// ROWS: %[[G:.*]] = memref.get_global @rnnc_rt_batch_offset
// ROWS-NEXT: %[[L:.*]] = memref.load %[[G]][]
// ROWS-NEXT: %[[OFFSET:.*]] = arith.index_cast %[[L]] {rnnc.batch_offset}
// ROWS: linalg.generic
// ROWS: %[[ROW:.*]] = linalg.index 0
// ROWS-NEXT: arith.addi %[[ROW]], %[[OFFSET]]
// ROWS: linalg.index 1
// ROWS-NOT: arith.addi
// ROWS: arith.cmpf oge
// ROWS: linalg.generic
// ROWS: arith.addi %{{.*}}, %[[OFFSET]]
// ROWS-NOT: memref.get_global @rnnc_rt_batch_offset
func.func @rows(%x: tensor<4x3xf32>, %g: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %d = rnn.dropout %x rate 5.000000e-01 seed 7 {batch_dim = 0 : i64} : tensor<4x3xf32>
  %dg = rnn.dropout %g rate 5.000000e-01 seed 7 {batch_dim = 0 : i64} : tensor<4x3xf32>
  return %d, %dg : tensor<4x3xf32>, tensor<4x3xf32>
}
