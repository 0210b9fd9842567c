// rnn-derive-bptt on a library layer: its adjoint is its backward op, and
// truncated BPTT, which the library's backward cannot compute, is refused
// (rnn-decompose-layers keeps layers whole only under full BPTT).
// RUN: rnnc-opt %s --split-input-file --rnn-derive-bptt | FileCheck %s
// RUN: rnnc-opt %s --split-input-file --pass-pipeline='builtin.module(rnn-derive-bptt{truncation=truncated steps=5})' -verify-diagnostics -o /dev/null

// A library layer's adjoint is its backward op.
rnn.model @layer attributes {task = "language_model"} {
  rnn.param @wi : tensor<16x3xf32> init #rnn.init<normal(0.0, 0.1)>
  rnn.param @wh : tensor<16x4xf32> init #rnn.init<normal(0.0, 0.1)>
  rnn.param @b : tensor<16xf32> init #rnn.init<zeros>
  func.func @forward(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>, %c0: tensor<1x2x4xf32>) -> (tensor<f32>, tensor<5x2x4xf32>) {
    %wi = rnn.param_read @wi : tensor<16x3xf32>
    %wh = rnn.param_read @wh : tensor<16x4xf32>
    %b = rnn.param_read @b : tensor<16xf32>
    // expected-error @+1 {{'rnn.lstm' op has no truncated gradient: run rnn-decompose-layers first}}
    %y, %hn, %cn = rnn.lstm forward %x, %h0, %c0 weights(%wi, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
    %loss = rnn.reduce sum %y dims [0, 1, 2] : tensor<5x2x4xf32> -> tensor<f32>
    return %loss, %y : tensor<f32>, tensor<5x2x4xf32>
  }
}
// CHECK-LABEL: rnn.model @layer
// CHECK-LABEL: func.func @train_step
// CHECK: %{{.*}}, %[[HN:.*]], %[[CN:.*]] = rnn.lstm forward
// The unused final states get zero adjoints.
// CHECK: %[[ZH:.*]] = rnn.fill 0.000000e+00 : tensor<1x2x4xf32>
// CHECK: %[[ZC:.*]] = rnn.fill 0.000000e+00 : tensor<1x2x4xf32>
// CHECK: %{{.*}}, %{{.*}}, %{{.*}}, %[[DW:.*]]:4 = rnn.lstm_grad forward {{.*}} grads(%{{.*}}, %[[ZH]], %[[ZC]])
// The bias is used twice (bias_ih and bias_hh): its gradients add up.
// CHECK: %[[DB:.*]] = rnn.add %[[DW]]#2, %[[DW]]#3
// CHECK: return %{{.*}}, %[[DW]]#0, %[[DW]]#1, %[[DB]]
