// rnn-decompose-layers{library=true}: f32 layers stay named ops for
// convert-rnn-to-onednn, one per layer and direction (the inter-layer
// dropout, concatenation and state stacking as on the scan path); f64
// layers and layers of models trained with truncated BPTT become scans.
// RUN: rnnc-opt %s --split-input-file --rnn-decompose-layers=library=true | FileCheck %s

// A 2-layer bidirectional LSTM with dropout: four single layers.
// CHECK-LABEL: func.func @deep
// CHECK: %[[H00:.*]] = rnn.select %[[H0:.*]] along 0 at 0
// CHECK: %[[H00B:.*]] = rnn.broadcast %[[H00]] : tensor<2x4xf32> -> tensor<1x2x4xf32>
// CHECK: %[[YF:.*]], %[[HF:.*]], %{{.*}} = rnn.lstm forward %arg0, %[[H00B]], %{{.*}} weights(%arg3, %arg4, %arg5, %arg5) {hidden_size = 4 : i64, num_layers = 1 : i64}
// CHECK: %[[YR:.*]], %[[HR:.*]], %{{.*}} = rnn.lstm reverse %arg0,
// CHECK: %[[Y0:.*]] = rnn.concat %[[YF]], %[[YR]] along 2
// CHECK: %[[D:.*]] = rnn.dropout %[[Y0]] rate 5.000000e-01
// CHECK: rnn.lstm forward %[[D]],
// CHECK: rnn.lstm reverse %[[D]],
// CHECK: rnn.concat %[[HF]], %[[HR]], %{{.*}}, %{{.*}} along 0
// CHECK-NOT: rnn.scan
func.func @deep(%x: tensor<5x2x3xf32>, %h0: tensor<4x2x4xf32>, %c0: tensor<4x2x4xf32>,
                %wih: tensor<16x3xf32>, %whh: tensor<16x4xf32>, %b: tensor<16xf32>,
                %wih1: tensor<16x8xf32>) -> (tensor<5x2x8xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>) {
  %y, %hn, %cn = rnn.lstm bidirectional %x, %h0, %c0 weights(%wih, %whh, %b, %b, %wih, %whh, %b, %b, %wih1, %whh, %b, %b, %wih1, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 2 : i64, dropout = 0.5 : f64} : (tensor<5x2x3xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<5x2x8xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>)
  return %y, %hn, %cn : tensor<5x2x8xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>
}

// -----

// A single-layer, single-direction f32 layer is left as it is.
// CHECK-LABEL: func.func @single
// CHECK-NEXT: %{{.*}}, %{{.*}} = rnn.gru reverse %arg0, %arg1 weights
// CHECK-NEXT: return
func.func @single(%x: tensor<?x?x3xf32>, %h0: tensor<1x?x4xf32>, %wih: tensor<12x3xf32>,
                  %whh: tensor<12x4xf32>, %b: tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>) {
  %y, %hn = rnn.gru reverse %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x3xf32>, tensor<1x?x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %hn : tensor<?x?x4xf32>, tensor<1x?x4xf32>
}

// -----

// f64: the library path is f32 only, so a scan.
// CHECK-LABEL: func.func @double
// CHECK: rnn.scan forward
// CHECK-NOT: rnn.vanilla
func.func @double(%x: tensor<5x2x3xf64>, %h0: tensor<1x2x4xf64>, %wih: tensor<4x3xf64>,
                  %whh: tensor<4x4xf64>, %b: tensor<4xf64>) -> (tensor<5x2x4xf64>, tensor<1x2x4xf64>) {
  %y, %hn = rnn.vanilla forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf64>, tensor<1x2x4xf64>, tensor<4x3xf64>, tensor<4x4xf64>, tensor<4xf64>, tensor<4xf64>) -> (tensor<5x2x4xf64>, tensor<1x2x4xf64>)
  return %y, %hn : tensor<5x2x4xf64>, tensor<1x2x4xf64>
}

// -----

// Truncated BPTT in the model's train block: scans, whose adjoints
// rnn-derive-bptt can truncate.
// CHECK-LABEL: rnn.model @truncated
// CHECK: rnn.scan forward
// CHECK-NOT: rnn.vanilla
rnn.model @truncated attributes {task = "language_model", train = {bptt = "truncated", bptt_steps = 2 : i64}} {
  rnn.param @wih : tensor<4x3xf32> init #rnn.init<normal(0.0, 0.1)>
  rnn.param @whh : tensor<4x4xf32> init #rnn.init<normal(0.0, 0.1)>
  rnn.param @b : tensor<4xf32> init #rnn.init<zeros>
  func.func @forward(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>) -> (tensor<f32>, tensor<1x2x4xf32>) {
    %wih = rnn.param_read @wih : tensor<4x3xf32>
    %whh = rnn.param_read @whh : tensor<4x4xf32>
    %b = rnn.param_read @b : tensor<4xf32>
    %y, %hn = rnn.vanilla forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
    %loss = rnn.reduce sum %y dims [0, 1, 2] : tensor<5x2x4xf32> -> tensor<f32>
    return %loss, %hn : tensor<f32>, tensor<1x2x4xf32>
  }
}

// -----

// The single-step function (rnn-derive-step) is served by generated code:
// its layers become scans even on the library path.
// CHECK-LABEL: func.func @step
// CHECK-NOT: rnn.gru
// CHECK: rnn.scan forward
func.func @step(%x: tensor<1x?x3xf32>, %h0: tensor<1x?x4xf32>, %wih: tensor<12x3xf32>,
                %whh: tensor<12x4xf32>, %b: tensor<12xf32>) -> (tensor<1x?x4xf32>, tensor<1x?x4xf32>) attributes {rnn.step} {
  %y, %hn = rnn.gru forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<1x?x3xf32>, tensor<1x?x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<1x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %hn : tensor<1x?x4xf32>, tensor<1x?x4xf32>
}
