// convert-rnn-to-onednn: layers and their gradients become calls of the
// runtime's oneDNN wrappers on buffers. Operands go through read-only
// to_memref (tagged with the call that reads them, so that CSE keeps the
// backward's reads), results are fresh buffers wrapped back as tensors
// after the call. A layer whose results feed a gradient is a training
// forward; its gradient shares its site. Configuration words (Runtime.h):
// LSTM 3, GRU 2, relu 1, +0x100 reverse, +0x200 training, +0x400
// input-major weights.
// RUN: rnnc-opt %s --split-input-file --convert-rnn-to-onednn | FileCheck %s

// CHECK: func.func private @rnnc_rt_layer_forward(i64, i64, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, memref<?xf32>, memref<?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>) attributes {llvm.emit_c_interface}
// CHECK: func.func private @rnnc_rt_layer_backward(i64, i64, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, memref<?xf32>, memref<?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, memref<?xf32>, memref<?xf32>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @lstm_training
// CHECK-DAG: %[[SITE:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[CONFIG:.*]] = arith.constant 515 : i64
// CHECK: bufferization.to_memref %arg0 read_only {rnnc.read_by = "rnnc_rt_layer_forward@0"} : memref<?x2x3xf32>
// CHECK: %[[T:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[Y:.*]] = memref.alloc(%[[T]]) : memref<?x2x4xf32>
// CHECK: call @rnnc_rt_layer_forward(%[[SITE]], %[[CONFIG]],
// CHECK: %[[YT:.*]] = bufferization.to_tensor %[[Y]] restrict : memref<?x2x4xf32>
// CHECK-NOT: writable
// CHECK: bufferization.to_memref %arg0 read_only {rnnc.read_by = "rnnc_rt_layer_backward@0"}
// CHECK: bufferization.to_memref %[[YT]] read_only {rnnc.read_by = "rnnc_rt_layer_backward@0"}
// CHECK: %[[DW:.*]] = memref.alloc() : memref<16x3xf32>
// CHECK: call @rnnc_rt_layer_backward(%{{.*}}, %{{.*}}, %{{.*}}
// CHECK: bufferization.to_tensor %[[DW]] restrict
// CHECK-NOT: rnn.lstm
func.func @lstm_training(%x: tensor<?x2x3xf32>, %h0: tensor<1x2x4xf32>, %c0: tensor<1x2x4xf32>,
                         %wih: tensor<16x3xf32>, %whh: tensor<16x4xf32>, %b: tensor<16xf32>,
                         %dy: tensor<?x2x4xf32>, %dh: tensor<1x2x4xf32>)
    -> (tensor<?x2x3xf32>, tensor<16x3xf32>) {
  %y, %hn, %cn = rnn.lstm forward %x, %h0, %c0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x2x3xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<?x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  %dx, %dh0, %dc0, %dw:4 = rnn.lstm_grad forward %x, %h0, %c0 weights(%wih, %whh, %b, %b) outputs(%y, %hn, %cn) grads(%dy, %dh, %dh) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x2x3xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<?x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<?x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<?x2x3xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return %dx, %dw#0 : tensor<?x2x3xf32>, tensor<16x3xf32>
}

// -----

// An inference forward (no gradient reads it): reverse, relu, input-major
// weights; without a cell, the c_n slot repeats h_n's buffer.
// CHECK-LABEL: func.func @vanilla_inference
// CHECK-DAG: %[[CONFIG:.*]] = arith.constant 1281 : i64
// CHECK: %[[HN:.*]] = memref.cast %alloc{{.*}} : memref<1x2x4xf32> to memref<?x?x?xf32>
// CHECK: call @rnnc_rt_layer_forward(%{{.*}}, %[[CONFIG]], {{.*}}, %[[HN]], %[[HN]])
func.func @vanilla_inference(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>, %wih: tensor<3x4xf32>,
                             %whh: tensor<4x4xf32>, %b: tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %hn = rnn.vanilla reverse %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64, activation = 1 : i32, input_major} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %hn : tensor<5x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// d2l's GRU (reset_before): oneDNN's plain GRU, cell 4 (Runtime.h), here
// input-major (0x400 | 4).
// CHECK-LABEL: func.func @gru_reset_before
// CHECK-DAG: %[[CONFIG:.*]] = arith.constant 1028 : i64
// CHECK: call @rnnc_rt_layer_forward(%{{.*}}, %[[CONFIG]],
func.func @gru_reset_before(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>, %wih: tensor<3x12xf32>,
                            %whh: tensor<4x12xf32>, %b: tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %hn = rnn.gru forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64, input_major, reset_before} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %hn : tensor<5x2x4xf32>, tensor<1x2x4xf32>
}
