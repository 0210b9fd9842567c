// rnn-derive-step: a language model's forward specialised to one time step
// (T = 1), without the loss and the targets; other tasks get no step.
// RUN: rnnc-opt %s --split-input-file --rnn-derive-step --verify-diagnostics | FileCheck %s

// CHECK-LABEL: rnn.model @lm
// CHECK: func.func @forward(%{{.*}}: index {rnn.dim = "T"}
// CHECK: func.func @step(%[[B:.*]]: index {rnn.dim = "B"}, %[[V:.*]]: index {rnn.dim = "V"}, %[[X:.*]]: tensor<1x?xi32> {rnn.dims = ["", "B"], rnn.input = "tokens"}, %[[H:.*]]: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "rnn.h"})
// CHECK-SAME: -> (tensor<1x?x?xf32> {rnn.dims = ["", "B", "V"], rnn.output = "linear"}, tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "rnn.h"})
// CHECK-SAME: attributes {rnn.step}
// CHECK: %[[XC:.*]] = tensor.cast %[[X]] : tensor<1x?xi32> to tensor<?x?xi32>
// CHECK: %[[ONE:.*]] = rnn.one_hot %[[XC]] depth %[[V]]
// CHECK: %[[Y:.*]], %[[HN:.*]] = rnn.vanilla forward %[[ONE]], %[[H]]
// CHECK: %[[L:.*]] = rnn.linear %[[Y]]
// CHECK-NOT: rnn.cross_entropy
// CHECK: %[[LC:.*]] = tensor.cast %[[L]] : tensor<?x?x?xf32> to tensor<1x?x?xf32>
// CHECK: return %[[LC]], %[[HN]]
rnn.model @lm attributes {task = "language_model"} {
  rnn.param @wih : tensor<4x?xf32> init <zeros> {dim_names = ["", "V"]}
  rnn.param @whh : tensor<4x4xf32> init <zeros>
  rnn.param @b : tensor<4xf32> init <zeros>
  rnn.param @wo : tensor<?x4xf32> init <zeros> {dim_names = ["V", ""]}
  rnn.param @bo : tensor<?xf32> init <zeros> {dim_names = ["V"]}
  func.func @forward(%T: index {rnn.dim = "T"}, %B: index {rnn.dim = "B"}, %V: index {rnn.dim = "V"},
                     %x: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "tokens"},
                     %y: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.target = "targets"},
                     %h0: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "rnn.h"})
      -> (tensor<f32> {rnn.result = "loss"},
          tensor<?x?x?xf32> {rnn.dims = ["T", "B", "V"], rnn.output = "linear"},
          tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "rnn.h"}) {
    %wih = rnn.param_read @wih : tensor<4x?xf32>
    %whh = rnn.param_read @whh : tensor<4x4xf32>
    %b = rnn.param_read @b : tensor<4xf32>
    %wo = rnn.param_read @wo : tensor<?x4xf32>
    %bo = rnn.param_read @bo : tensor<?xf32>
    %onehot = rnn.one_hot %x depth %V : tensor<?x?xi32> -> tensor<?x?x?xf32>
    %out, %hn = rnn.vanilla forward %onehot, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x?xf32>, tensor<1x?x4xf32>, tensor<4x?xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
    %logits = rnn.linear %out, %wo, %bo : (tensor<?x?x4xf32>, tensor<?x4xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
    %loss = rnn.cross_entropy mean %logits, %y : (tensor<?x?x?xf32>, tensor<?x?xi32>) -> tensor<f32>
    return %loss, %logits, %hn : tensor<f32>, tensor<?x?x?xf32>, tensor<1x?x4xf32>
  }
}

// -----

// Another task: no step.
// CHECK-LABEL: rnn.model @tagger
// CHECK-NOT: @step
rnn.model @tagger attributes {task = "tagging"} {
  func.func @forward(%T: index {rnn.dim = "T"},
                     %x: tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.input = "x"})
      -> (tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.output = "y"}) {
    return %x : tensor<?x3xf32>
  }
}

// -----

// A forward that reads T itself: the step reads the constant 1.
// CHECK-LABEL: rnn.model @uses_t
// CHECK: func.func @step(%[[X:.*]]: tensor<1x3xf32>
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: rnn.fill 0.000000e+00(%[[C1]])
rnn.model @uses_t attributes {task = "language_model"} {
  func.func @forward(%T: index {rnn.dim = "T"},
                     %x: tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.input = "x"})
      -> (tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.output = "y"}) {
    %z = rnn.fill 0.0 (%T) : tensor<?x3xf32>
    %y = rnn.add %x, %z : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
}

// -----

rnn.model @bidirectional attributes {task = "language_model"} {
  rnn.param @w : tensor<4x3xf32> init <zeros>
  rnn.param @u : tensor<4x4xf32> init <zeros>
  rnn.param @b : tensor<4xf32> init <zeros>
  func.func @forward(%T: index {rnn.dim = "T"},
                     %x: tensor<?x2x3xf32> {rnn.dims = ["T", "", ""], rnn.input = "x"},
                     %h0: tensor<2x2x4xf32> {rnn.dims = ["", "", ""], rnn.state_in = "h"})
      -> (tensor<?x2x8xf32> {rnn.dims = ["T", "", ""], rnn.output = "y"}) {
    %w = rnn.param_read @w : tensor<4x3xf32>
    %u = rnn.param_read @u : tensor<4x4xf32>
    %b = rnn.param_read @b : tensor<4xf32>
    // expected-error @below {{runs backwards in time, so the language model cannot generate one token at a time}}
    %y, %hn = rnn.vanilla bidirectional %x, %h0 weights(%w, %u, %b, %b, %w, %u, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x2x3xf32>, tensor<2x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<?x2x8xf32>, tensor<2x2x4xf32>)
    return %y : tensor<?x2x8xf32>
  }
}

// -----

rnn.model @reads_targets attributes {task = "language_model"} {
  // expected-error @below {{reads target 'y' for more than the loss, so it cannot run without it}}
  func.func @forward(%T: index {rnn.dim = "T"},
                     %x: tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.input = "x"},
                     %t: tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.target = "y"})
      -> (tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.output = "y"}) {
    %y = rnn.add %x, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
}

// -----

rnn.model @no_time attributes {task = "language_model"} {
  // expected-error @below {{has no dimension 'T' to fix to one}}
  func.func @forward(%x: tensor<2x3xf32> {rnn.dims = ["", ""], rnn.input = "x"})
      -> (tensor<2x3xf32> {rnn.dims = ["", ""], rnn.output = "y"}) {
    return %x : tensor<2x3xf32>
  }
}
