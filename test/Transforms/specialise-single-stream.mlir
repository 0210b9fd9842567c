// rnn-specialise-single-stream: a language model's @step gets a twin for
// one stream, @step_single, with B fixed to 1 (static extents of 1 where
// rnn.dims name B); the step itself stays.
// RUN: rnnc-opt %s --split-input-file --rnn-specialise-single-stream --verify-diagnostics | FileCheck %s

// CHECK-LABEL: rnn.model @lm
// CHECK: func.func @step(%{{.*}}: index {rnn.dim = "B"}, %{{.*}}: index {rnn.dim = "V"}, %{{.*}}: tensor<1x?xi32>
// CHECK: func.func @step_single(%[[V:.*]]: index {rnn.dim = "V"}, %[[X:.*]]: tensor<1x1xi32> {rnn.dims = ["", ""], rnn.input = "tokens"}, %[[H:.*]]: tensor<1x1x4xf32> {rnn.dims = ["", "", ""], rnn.state_in = "rnn.h"})
// CHECK-SAME: -> (tensor<1x1x?xf32> {rnn.dims = ["", "", "V"], rnn.output = "linear"}, tensor<1x1x4xf32> {rnn.dims = ["", "", ""], rnn.state_out = "rnn.h"})
// CHECK-SAME: attributes {rnn.step}
// CHECK-DAG: %[[HC:.*]] = tensor.cast %[[H]] : tensor<1x1x4xf32> to tensor<1x?x4xf32>
// CHECK-DAG: %[[XC:.*]] = tensor.cast %[[X]] : tensor<1x1xi32> to tensor<1x?xi32>
// CHECK: %[[ONE:.*]] = rnn.one_hot %{{.*}} depth %[[V]]
// CHECK: %[[Y:.*]], %[[HN:.*]] = rnn.vanilla forward %[[ONE]], %[[HC]]
// CHECK: rnn.linear %[[Y]]
// CHECK-DAG: %[[LC:.*]] = tensor.cast %{{.*}} : tensor<1x?x?xf32> to tensor<1x1x?xf32>
// CHECK-DAG: %[[HNC:.*]] = tensor.cast %[[HN]] : tensor<1x?x4xf32> to tensor<1x1x4xf32>
// CHECK: return %[[LC]], %[[HNC]]
rnn.model @lm attributes {task = "language_model"} {
  rnn.param @wih : tensor<4x?xf32> init <zeros> {dim_names = ["", "V"]}
  rnn.param @whh : tensor<4x4xf32> init <zeros>
  rnn.param @b : tensor<4xf32> init <zeros>
  rnn.param @wo : tensor<?x4xf32> init <zeros> {dim_names = ["V", ""]}
  rnn.param @bo : tensor<?xf32> init <zeros> {dim_names = ["V"]}
  func.func @step(%B: index {rnn.dim = "B"}, %V: index {rnn.dim = "V"},
                  %x: tensor<1x?xi32> {rnn.dims = ["", "B"], rnn.input = "tokens"},
                  %h0: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "rnn.h"})
      -> (tensor<1x?x?xf32> {rnn.dims = ["", "B", "V"], rnn.output = "linear"},
          tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "rnn.h"}) attributes {rnn.step} {
    %wih = rnn.param_read @wih : tensor<4x?xf32>
    %whh = rnn.param_read @whh : tensor<4x4xf32>
    %b = rnn.param_read @b : tensor<4xf32>
    %wo = rnn.param_read @wo : tensor<?x4xf32>
    %bo = rnn.param_read @bo : tensor<?xf32>
    %xc = tensor.cast %x : tensor<1x?xi32> to tensor<?x?xi32>
    %onehot = rnn.one_hot %xc depth %V : tensor<?x?xi32> -> tensor<?x?x?xf32>
    %out, %hn = rnn.vanilla forward %onehot, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x?xf32>, tensor<1x?x4xf32>, tensor<4x?xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
    %logits = rnn.linear %out, %wo, %bo : (tensor<?x?x4xf32>, tensor<?x4xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
    %lc = tensor.cast %logits : tensor<?x?x?xf32> to tensor<1x?x?xf32>
    return %lc, %hn : tensor<1x?x?xf32>, tensor<1x?x4xf32>
  }
}

// -----

// A model without a step (not a language model) gets no single step.
// CHECK-LABEL: rnn.model @classifier
// CHECK-NOT: @step_single
rnn.model @classifier attributes {task = "classification"} {
  func.func @forward(%B: index {rnn.dim = "B"}, %x: tensor<?x4xf32> {rnn.dims = ["B", ""], rnn.input = "x"})
      -> (tensor<?x4xf32> {rnn.dims = ["B", ""], rnn.output = "y"}) {
    return %x : tensor<?x4xf32>
  }
}

// -----

// A step specialised before (a dumped module compiled on) is kept as it is.
// CHECK-LABEL: rnn.model @again
// CHECK: func.func @step(
// CHECK: func.func @step_single(%{{.*}}: tensor<1x1x4xf32>
// CHECK-NOT: func.func @step_single
rnn.model @again attributes {task = "language_model"} {
  func.func @step(%B: index {rnn.dim = "B"}, %h: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "h"})
      -> (tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.output = "y"}) attributes {rnn.step} {
    return %h : tensor<1x?x4xf32>
  }
  func.func @step_single(%h: tensor<1x1x4xf32> {rnn.dims = ["", "", ""], rnn.state_in = "h"})
      -> (tensor<1x1x4xf32> {rnn.dims = ["", "", ""], rnn.output = "y"}) attributes {rnn.step} {
    return %h : tensor<1x1x4xf32>
  }
}

// -----

// expected-error @+1 {{already has a @step_single}}
rnn.model @taken attributes {task = "language_model"} {
  func.func @step(%B: index {rnn.dim = "B"}, %h: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "h"})
      -> (tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.output = "y"}) attributes {rnn.step} {
    return %h : tensor<1x?x4xf32>
  }
  func.func @step_single(%h: tensor<1x4xf32>) -> tensor<1x4xf32> {
    return %h : tensor<1x4xf32>
  }
}
