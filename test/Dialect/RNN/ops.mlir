// Round trip of every rnn op: the pretty form, the pretty form printed and
// parsed again, and the generic form parsed back.
// RUN: rnnc-opt %s | FileCheck %s
// RUN: rnnc-opt %s | rnnc-opt | FileCheck %s
// RUN: rnnc-opt %s --mlir-print-op-generic | rnnc-opt | FileCheck %s

// CHECK-LABEL: rnn.model @charlm attributes {task = "language_model"}
rnn.model @charlm attributes {task = "language_model"} {
  // CHECK: rnn.param @W_xh : tensor<?x256xf32> init <normal(0.000000e+00, 1.000000e-02)> {dim_names = ["V", ""]}
  rnn.param @W_xh : tensor<?x256xf32> init #rnn.init<normal(0.0, 0.01)> {dim_names = ["V", ""]}
  // CHECK: rnn.param @W_hh : tensor<256x256xf32> init <xavier_uniform>
  rnn.param @W_hh : tensor<256x256xf32> init #rnn.init<xavier_uniform>
  // CHECK: rnn.param @b_h : tensor<256xf32> init <zeros>
  rnn.param @b_h : tensor<256xf32> init #rnn.init<zeros>
  // CHECK: rnn.param @g : tensor<256xf32> init <constant(1.500000e+00)>
  rnn.param @g : tensor<256xf32> init #rnn.init<constant(1.5)>
  // CHECK: rnn.param @u : tensor<256xf32> init <uniform(-1.000000e+00, 1.000000e+00)>
  rnn.param @u : tensor<256xf32> init #rnn.init<uniform(-1.0, 1.0)>

  // CHECK-LABEL: func.func @forward
  func.func @forward(%x: tensor<35x32x?xf32>, %h0: tensor<32x256xf32>) -> tensor<35x32x256xf32> {
    // CHECK: rnn.param_read @W_xh : tensor<?x256xf32>
    %wxh = rnn.param_read @W_xh : tensor<?x256xf32>
    %whh = rnn.param_read @W_hh : tensor<256x256xf32>
    %bh = rnn.param_read @b_h : tensor<256xf32>
    // CHECK: rnn.scan forward seqs(%{{.*}} : tensor<35x32x?xf32>) inits(%{{.*}} : tensor<32x256xf32>) -> (tensor<32x256xf32>, tensor<35x32x256xf32>)
    // CHECK: ^bb0(%{{.*}}: tensor<32x?xf32>, %{{.*}}: tensor<32x256xf32>):
    %hT, %hs = rnn.scan forward seqs(%x : tensor<35x32x?xf32>) inits(%h0 : tensor<32x256xf32>) -> (tensor<32x256xf32>, tensor<35x32x256xf32>) {
    ^bb0(%xt: tensor<32x?xf32>, %h: tensor<32x256xf32>):
      // CHECK: rnn.matmul %{{.*}}, %{{.*}} : tensor<32x?xf32>, tensor<?x256xf32> -> tensor<32x256xf32>
      %a = rnn.matmul %xt, %wxh : tensor<32x?xf32>, tensor<?x256xf32> -> tensor<32x256xf32>
      %b = rnn.matmul %h, %whh : tensor<32x256xf32>, tensor<256x256xf32> -> tensor<32x256xf32>
      %s = rnn.add %a, %b : tensor<32x256xf32>, tensor<32x256xf32> -> tensor<32x256xf32>
      // CHECK: rnn.add %{{.*}}, %{{.*}} : tensor<32x256xf32>, tensor<256xf32> -> tensor<32x256xf32>
      %t = rnn.add %s, %bh : tensor<32x256xf32>, tensor<256xf32> -> tensor<32x256xf32>
      // CHECK: rnn.tanh %{{.*}} : tensor<32x256xf32>
      %hn = rnn.tanh %t : tensor<32x256xf32>
      // CHECK: rnn.yield %{{.*}}, %{{.*}} : tensor<32x256xf32>, tensor<32x256xf32>
      rnn.yield %hn, %hn : tensor<32x256xf32>, tensor<32x256xf32>
    }
    return %hs : tensor<35x32x256xf32>
  }
}

// CHECK-LABEL: func.func @reverse_scan_without_state
func.func @reverse_scan_without_state(%x: tensor<5x2x3xf32>, %y: tensor<5x2xf32>) -> tensor<5x2x3xf32> {
  // CHECK: rnn.scan reverse seqs(%{{.*}}, %{{.*}} : tensor<5x2x3xf32>, tensor<5x2xf32>) inits() -> (tensor<5x2x3xf32>)
  %r = rnn.scan reverse seqs(%x, %y : tensor<5x2x3xf32>, tensor<5x2xf32>) inits() -> (tensor<5x2x3xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %yt: tensor<2xf32>):
    rnn.yield %xt : tensor<2x3xf32>
  }
  return %r : tensor<5x2x3xf32>
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%x: tensor<4x8xf32>, %r: tensor<8xf32>, %c: tensor<4x1xf32>) -> tensor<4x8xf32> {
  // CHECK: rnn.sigmoid
  %0 = rnn.sigmoid %x : tensor<4x8xf32>
  // CHECK: rnn.relu
  %1 = rnn.relu %0 : tensor<4x8xf32>
  // CHECK: rnn.exp
  %2 = rnn.exp %1 : tensor<4x8xf32>
  // CHECK: rnn.log
  %3 = rnn.log %2 : tensor<4x8xf32>
  // CHECK: rnn.neg
  %4 = rnn.neg %3 : tensor<4x8xf32>
  // CHECK: rnn.sqrt
  %5 = rnn.sqrt %4 : tensor<4x8xf32>
  // CHECK: rnn.sub %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %6 = rnn.sub %5, %r : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  // CHECK: rnn.mul %{{.*}}, %{{.*}} : tensor<4x1xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %7 = rnn.mul %c, %r : tensor<4x1xf32>, tensor<8xf32> -> tensor<4x8xf32>
  // CHECK: rnn.div
  %8 = rnn.div %6, %7 : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  return %8 : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @functions
func.func @functions(%x: tensor<4x8xf32>, %r: tensor<8xf32>) -> tensor<4x8xf32> {
  // CHECK: rnn.abs %{{.*}} : tensor<4x8xf32>
  %0 = rnn.abs %x : tensor<4x8xf32>
  // CHECK: rnn.softplus %{{.*}} : tensor<4x8xf32>
  %1 = rnn.softplus %0 : tensor<4x8xf32>
  // CHECK: rnn.pow %{{.*}} exponent 1.500000e+00 : tensor<4x8xf32>
  %2 = rnn.pow %1 exponent 1.5 : tensor<4x8xf32>
  // CHECK: rnn.clamp %{{.*}} lo -1.000000e+00 hi 2.000000e+00 : tensor<4x8xf32>
  %3 = rnn.clamp %2 lo -1.0 hi 2.0 : tensor<4x8xf32>
  // CHECK: rnn.max %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %4 = rnn.max %3, %r : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  // CHECK: rnn.min %{{.*}}, %{{.*}} : tensor<8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %5 = rnn.min %r, %4 : tensor<8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  return %5 : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @fill
func.func @fill(%b: index) -> (tensor<?x256xf32>, tensor<f32>) {
  // CHECK: rnn.fill 0.000000e+00(%{{.*}}) : tensor<?x256xf32>
  %0 = rnn.fill 0.0 (%b) : tensor<?x256xf32>
  // CHECK: rnn.fill 1.000000e+00 : tensor<f32>
  %1 = rnn.fill 1.0 : tensor<f32>
  return %0, %1 : tensor<?x256xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @matmuls
func.func @matmuls(%x: tensor<35x32x28xf32>, %w: tensor<28x256xf32>, %wt: tensor<256x28xf32>, %dy: tensor<35x32x256xf32>) -> (tensor<35x32x256xf32>, tensor<35x32x256xf32>, tensor<28x256xf32>) {
  // CHECK: rnn.matmul %{{.*}}, %{{.*}} : tensor<35x32x28xf32>, tensor<28x256xf32> -> tensor<35x32x256xf32>
  %0 = rnn.matmul %x, %w : tensor<35x32x28xf32>, tensor<28x256xf32> -> tensor<35x32x256xf32>
  // CHECK: rnn.matmul %{{.*}}, %{{.*}} {transpose_rhs} : tensor<35x32x28xf32>, tensor<256x28xf32> -> tensor<35x32x256xf32>
  %1 = rnn.matmul %x, %wt {transpose_rhs} : tensor<35x32x28xf32>, tensor<256x28xf32> -> tensor<35x32x256xf32>
  // CHECK: rnn.matmul %{{.*}}, %{{.*}} {transpose_lhs} : tensor<35x32x28xf32>, tensor<35x32x256xf32> -> tensor<28x256xf32>
  %2 = rnn.matmul %x, %dy {transpose_lhs} : tensor<35x32x28xf32>, tensor<35x32x256xf32> -> tensor<28x256xf32>
  return %0, %1, %2 : tensor<35x32x256xf32>, tensor<35x32x256xf32>, tensor<28x256xf32>
}

// CHECK-LABEL: func.func @transpose
func.func @transpose(%w: tensor<1024x?xf32>) -> tensor<?x1024xf32> {
  // CHECK: rnn.transpose %{{.*}} : tensor<1024x?xf32> -> tensor<?x1024xf32>
  %t = rnn.transpose %w : tensor<1024x?xf32> -> tensor<?x1024xf32>
  return %t : tensor<?x1024xf32>
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<32x28xf32>, %h: tensor<32x256xf32>, %s: tensor<35x32x4xf32>) -> (tensor<32x284xf32>, tensor<32x100xf32>, tensor<32x184xf32>, tensor<35x32x4xf32>, tensor<4xf32>, tensor<1x32x1xf32>, tensor<32xf32>) {
  // CHECK: rnn.concat %{{.*}}, %{{.*}} along 1 : (tensor<32x28xf32>, tensor<32x256xf32>) -> tensor<32x284xf32>
  %0 = rnn.concat %x, %h along 1 : (tensor<32x28xf32>, tensor<32x256xf32>) -> tensor<32x284xf32>
  // CHECK: rnn.split %{{.*}} along 1 sizes [100, 184] : tensor<32x284xf32> -> tensor<32x100xf32>, tensor<32x184xf32>
  %1:2 = rnn.split %0 along 1 sizes [100, 184] : tensor<32x284xf32> -> tensor<32x100xf32>, tensor<32x184xf32>
  // CHECK: rnn.reverse %{{.*}} along 0 : tensor<35x32x4xf32>
  %2 = rnn.reverse %s along 0 : tensor<35x32x4xf32>
  // CHECK: rnn.reduce sum %{{.*}} dims [0, 1] : tensor<35x32x4xf32> -> tensor<4xf32>
  %3 = rnn.reduce sum %2 dims [0, 1] : tensor<35x32x4xf32> -> tensor<4xf32>
  // CHECK: rnn.reduce mean %{{.*}} dims [0, 2] {keep_dims} : tensor<35x32x4xf32> -> tensor<1x32x1xf32>
  %4 = rnn.reduce mean %2 dims [0, 2] {keep_dims} : tensor<35x32x4xf32> -> tensor<1x32x1xf32>
  // CHECK: rnn.reduce sum %{{.*}} dims [1] : tensor<32x28xf32> -> tensor<32xf32>
  %5 = rnn.reduce sum %x dims [1] : tensor<32x28xf32> -> tensor<32xf32>
  return %0, %1#0, %1#1, %2, %3, %4, %5 : tensor<32x284xf32>, tensor<32x100xf32>, tensor<32x184xf32>, tensor<35x32x4xf32>, tensor<4xf32>, tensor<1x32x1xf32>, tensor<32xf32>
}

// CHECK-LABEL: func.func @layers
func.func @layers(%ids: tensor<35x32xi32>, %v: index, %table: tensor<?x32xf32>, %h: tensor<35x32x256xf32>, %w2: tensor<28x256xf32>, %b: tensor<28xf32>, %g: tensor<256xf32>) -> (tensor<35x32x?xf32>, tensor<35x32x32xf32>, tensor<35x32x28xf32>, tensor<35x32x28xf32>, tensor<35x32x256xf32>, tensor<35x32x256xf32>, tensor<35x32x28xf32>) {
  // CHECK: rnn.one_hot %{{.*}} depth %{{.*}} : tensor<35x32xi32> -> tensor<35x32x?xf32>
  %0 = rnn.one_hot %ids depth %v : tensor<35x32xi32> -> tensor<35x32x?xf32>
  // CHECK: rnn.embedding %{{.*}}, %{{.*}} : tensor<35x32xi32>, tensor<?x32xf32> -> tensor<35x32x32xf32>
  %1 = rnn.embedding %ids, %table : tensor<35x32xi32>, tensor<?x32xf32> -> tensor<35x32x32xf32>
  // CHECK: rnn.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<35x32x256xf32>, tensor<28x256xf32>, tensor<28xf32>) -> tensor<35x32x28xf32>
  %2 = rnn.linear %h, %w2, %b : (tensor<35x32x256xf32>, tensor<28x256xf32>, tensor<28xf32>) -> tensor<35x32x28xf32>
  // CHECK: rnn.linear %{{.*}}, %{{.*}} : (tensor<35x32x256xf32>, tensor<28x256xf32>) -> tensor<35x32x28xf32>
  %3 = rnn.linear %h, %w2 : (tensor<35x32x256xf32>, tensor<28x256xf32>) -> tensor<35x32x28xf32>
  // CHECK: rnn.layer_norm %{{.*}}, %{{.*}}, %{{.*}} eps 1.000000e-05 : (tensor<35x32x256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<35x32x256xf32>
  %4 = rnn.layer_norm %h, %g, %g eps 1.0e-5 : (tensor<35x32x256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<35x32x256xf32>
  // CHECK: rnn.dropout %{{.*}} rate 1.000000e-01 seed 7 : tensor<35x32x256xf32>
  %5 = rnn.dropout %4 rate 0.1 seed 7 : tensor<35x32x256xf32>
  // CHECK: rnn.softmax %{{.*}} along 2 : tensor<35x32x28xf32>
  %6 = rnn.softmax %2 along 2 : tensor<35x32x28xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<35x32x?xf32>, tensor<35x32x32xf32>, tensor<35x32x28xf32>, tensor<35x32x28xf32>, tensor<35x32x256xf32>, tensor<35x32x256xf32>, tensor<35x32x28xf32>
}

// CHECK-LABEL: func.func @losses
func.func @losses(%logits: tensor<10x64x201xf32>, %y: tensor<10x64xi32>, %len: tensor<64xi32>, %p: tensor<16x1xf32>, %t: tensor<16x1xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  // CHECK: rnn.cross_entropy mean %{{.*}}, %{{.*}} : (tensor<10x64x201xf32>, tensor<10x64xi32>) -> tensor<f32>
  %0 = rnn.cross_entropy mean %logits, %y : (tensor<10x64x201xf32>, tensor<10x64xi32>) -> tensor<f32>
  // CHECK: rnn.cross_entropy sum %{{.*}}, %{{.*}} valid_lengths %{{.*}} : (tensor<10x64x201xf32>, tensor<10x64xi32>, tensor<64xi32>) -> tensor<f32>
  %1 = rnn.cross_entropy sum %logits, %y valid_lengths %len : (tensor<10x64x201xf32>, tensor<10x64xi32>, tensor<64xi32>) -> tensor<f32>
  // CHECK: rnn.mse %{{.*}}, %{{.*}} : (tensor<16x1xf32>, tensor<16x1xf32>) -> tensor<f32>
  %2 = rnn.mse %p, %t : (tensor<16x1xf32>, tensor<16x1xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<f32>
}

// The whole-sequence library layers and their backward ops.

// CHECK-LABEL: func.func @vanilla
func.func @vanilla(%x: tensor<35x32x28xf32>, %h0: tensor<1x32x512xf32>, %wih: tensor<512x28xf32>, %whh: tensor<512x512xf32>, %b: tensor<512xf32>, %dy: tensor<35x32x512xf32>, %dh: tensor<1x32x512xf32>) {
  // CHECK: rnn.vanilla forward %{{.*}}, %{{.*}} weights(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {hidden_size = 512 : i64, num_layers = 1 : i64}
  %y, %hn = rnn.vanilla forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 512 : i64, num_layers = 1 : i64} : (tensor<35x32x28xf32>, tensor<1x32x512xf32>, tensor<512x28xf32>, tensor<512x512xf32>, tensor<512xf32>, tensor<512xf32>) -> (tensor<35x32x512xf32>, tensor<1x32x512xf32>)
  // CHECK: rnn.vanilla_grad forward %{{.*}}, %{{.*}} weights({{.*}}) outputs(%{{.*}}, %{{.*}}) grads(%{{.*}}, %{{.*}}) {activation = 1 : i32, hidden_size = 512 : i64, num_layers = 1 : i64}
  %dx, %dh0, %dw:4 = rnn.vanilla_grad forward %x, %h0 weights(%wih, %whh, %b, %b) outputs(%y, %hn) grads(%dy, %dh) {activation = 1 : i32, hidden_size = 512 : i64, num_layers = 1 : i64} : (tensor<35x32x28xf32>, tensor<1x32x512xf32>, tensor<512x28xf32>, tensor<512x512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<35x32x512xf32>, tensor<1x32x512xf32>, tensor<35x32x512xf32>, tensor<1x32x512xf32>) -> (tensor<35x32x28xf32>, tensor<1x32x512xf32>, tensor<512x28xf32>, tensor<512x512xf32>, tensor<512xf32>, tensor<512xf32>)
  return
}

// CHECK-LABEL: func.func @gru
func.func @gru(%x: tensor<35x32x28xf32>, %h0: tensor<1x32x256xf32>, %wih: tensor<768x28xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>, %dy: tensor<35x32x256xf32>, %dh: tensor<1x32x256xf32>) {
  // CHECK: rnn.gru forward
  %y, %hn = rnn.gru forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 256 : i64, num_layers = 1 : i64} : (tensor<35x32x28xf32>, tensor<1x32x256xf32>, tensor<768x28xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> (tensor<35x32x256xf32>, tensor<1x32x256xf32>)
  // CHECK: rnn.gru_grad forward
  %dx, %dh0, %dw:4 = rnn.gru_grad forward %x, %h0 weights(%wih, %whh, %b, %b) outputs(%y, %hn) grads(%dy, %dh) {hidden_size = 256 : i64, num_layers = 1 : i64} : (tensor<35x32x28xf32>, tensor<1x32x256xf32>, tensor<768x28xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<35x32x256xf32>, tensor<1x32x256xf32>, tensor<35x32x256xf32>, tensor<1x32x256xf32>) -> (tensor<35x32x28xf32>, tensor<1x32x256xf32>, tensor<768x28xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>)
  return
}

// A 2-layer bidirectional LSTM: layer 1 reads the 2H = 8 concatenated
// features of layer 0.
// CHECK-LABEL: func.func @deep_bidirectional_lstm
func.func @deep_bidirectional_lstm(%x: tensor<7x2x3xf32>, %s0: tensor<4x2x4xf32>, %w0: tensor<16x3xf32>, %w1: tensor<16x8xf32>, %u: tensor<16x4xf32>, %b: tensor<16xf32>, %dy: tensor<7x2x8xf32>) {
  // CHECK: rnn.lstm bidirectional %{{.*}}, %{{.*}}, %{{.*}} weights({{.*}}) {dropout = 1.000000e-01 : f64, hidden_size = 4 : i64, num_layers = 2 : i64}
  %y, %hn, %cn = rnn.lstm bidirectional %x, %s0, %s0 weights(%w0, %u, %b, %b, %w0, %u, %b, %b, %w1, %u, %b, %b, %w1, %u, %b, %b) {dropout = 0.1 : f64, hidden_size = 4 : i64, num_layers = 2 : i64} : (tensor<7x2x3xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<7x2x8xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>)
  // CHECK: rnn.lstm_grad bidirectional %{{.*}}, %{{.*}}, %{{.*}} weights({{.*}}) outputs(%{{.*}}, %{{.*}}, %{{.*}}) grads(%{{.*}}, %{{.*}}, %{{.*}})
  %dx, %dh0, %dc0, %dw:16 = rnn.lstm_grad bidirectional %x, %s0, %s0 weights(%w0, %u, %b, %b, %w0, %u, %b, %b, %w1, %u, %b, %b, %w1, %u, %b, %b) outputs(%y, %hn, %cn) grads(%dy, %s0, %s0) {dropout = 0.1 : f64, hidden_size = 4 : i64, num_layers = 2 : i64} : (tensor<7x2x3xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<7x2x8xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>, tensor<7x2x8xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>) -> (tensor<7x2x3xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// CHECK-LABEL: func.func @broadcast_and_select
func.func @broadcast_and_select(%ctx: tensor<64x32xf32>, %t: index, %hn: tensor<2x64x32xf32>) -> (tensor<?x64x32xf32>, tensor<64x32xf32>) {
  // CHECK: rnn.broadcast %{{.*}}(%{{.*}}) : tensor<64x32xf32> -> tensor<?x64x32xf32>
  %0 = rnn.broadcast %ctx (%t) : tensor<64x32xf32> -> tensor<?x64x32xf32>
  // CHECK: rnn.select %{{.*}} along 0 at 1 : tensor<2x64x32xf32> -> tensor<64x32xf32>
  %1 = rnn.select %hn along 0 at 1 : tensor<2x64x32xf32> -> tensor<64x32xf32>
  return %0, %1 : tensor<?x64x32xf32>, tensor<64x32xf32>
}

// CHECK-LABEL: func.func @gradient_helpers
func.func @gradient_helpers(%x: tensor<?x?x28xf32>, %y: tensor<?x?xi32>, %len: tensor<?xi32>, %dl: tensor<f32>, %h: tensor<32x256xf32>, %g: tensor<256xf32>, %ids: tensor<10x64xi32>, %de: tensor<10x64x32xf32>, %table: tensor<?x32xf32>, %t: index) {
  // CHECK: rnn.step %{{.*}} : tensor<32x256xf32>
  %0 = rnn.step %h : tensor<32x256xf32>
  // CHECK: rnn.numel %{{.*}} dims [0, 1] : tensor<?x?x28xf32> -> tensor<f32>
  %1 = rnn.numel %x dims [0, 1] : tensor<?x?x28xf32> -> tensor<f32>
  // CHECK: rnn.cross_entropy_grad mean %{{.*}}, %{{.*}}, %{{.*}} valid_lengths %{{.*}} : (tensor<?x?x28xf32>, tensor<?x?xi32>, tensor<f32>, tensor<?xi32>) -> tensor<?x?x28xf32>
  %2 = rnn.cross_entropy_grad mean %x, %y, %dl valid_lengths %len : (tensor<?x?x28xf32>, tensor<?x?xi32>, tensor<f32>, tensor<?xi32>) -> tensor<?x?x28xf32>
  // CHECK: rnn.layer_norm_grad %{{.*}}, %{{.*}}, %{{.*}} eps 1.000000e-05
  %3:3 = rnn.layer_norm_grad %h, %g, %h eps 1.0e-5 : (tensor<32x256xf32>, tensor<256xf32>, tensor<32x256xf32>) -> (tensor<32x256xf32>, tensor<256xf32>, tensor<256xf32>)
  // CHECK: rnn.embedding_grad %{{.*}}, %{{.*}}, %{{.*}} : (tensor<10x64xi32>, tensor<10x64x32xf32>, tensor<?x32xf32>) -> tensor<?x32xf32>
  %4 = rnn.embedding_grad %ids, %de, %table : (tensor<10x64xi32>, tensor<10x64x32xf32>, tensor<?x32xf32>) -> tensor<?x32xf32>
  // CHECK: rnn.truncation_mask truncated steps 5(%{{.*}}) : tensor<?xf32>
  %5 = rnn.truncation_mask truncated steps 5 (%t) : tensor<?xf32>
  // CHECK: rnn.truncation_mask randomized probability 5.000000e-01(%{{.*}}) {seed = 3 : i64} : tensor<?xf32>
  %6 = rnn.truncation_mask randomized probability 0.5 (%t) {seed = 3 : i64} : tensor<?xf32>
  return
}
