// convert-rnn-model-to-func: parameters become trailing arguments, the
// parameter table and the model's attributes go on the module.
// RUN: rnnc-opt %s --convert-rnn-model-to-func | FileCheck %s

// CHECK: module attributes {rnn.model = {name = "m", task = "language_model"}, rnn.params = [{dim_names = ["V", ""], init = "normal", init_args = array<f64: 0.000000e+00, 1.000000e-02>, name = "W", type = tensor<?x4xf32>}, {init = "zeros", init_args = array<f64>, name = "b", type = tensor<4xf32>}]}
// CHECK-NOT: rnn.model
// CHECK-NOT: rnn.param_read
// CHECK: func.func @forward(%[[X:.*]]: tensor<2x?xf32>, %[[W:.*]]: tensor<?x4xf32> {rnn.param = "W"}, %[[B:.*]]: tensor<4xf32> {rnn.param = "b"})
// CHECK: %[[P:.*]] = rnn.matmul %[[X]], %[[W]]
// CHECK: rnn.add %[[P]], %[[B]]
rnn.model @m attributes {task = "language_model"} {
  rnn.param @W : tensor<?x4xf32> init #rnn.init<normal(0.0, 0.01)> {dim_names = ["V", ""]}
  rnn.param @b : tensor<4xf32> init #rnn.init<zeros>
  func.func @forward(%x: tensor<2x?xf32>) -> tensor<2x4xf32> {
    %w = rnn.param_read @W : tensor<?x4xf32>
    %b = rnn.param_read @b : tensor<4xf32>
    %p = rnn.matmul %x, %w : tensor<2x?xf32>, tensor<?x4xf32> -> tensor<2x4xf32>
    %y = rnn.add %p, %b : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
    return %y : tensor<2x4xf32>
  }
}
