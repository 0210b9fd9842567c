rnn.model @m {
  rnn.param @w : tensor<4x4xf32> init #rnn.init<normal(0.0, 0.01)>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %w = rnn.param_read @w : tensor<4x4xf32>
    %y = rnn.matmul %x, %w : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    return %y : tensor<2x4xf32>
  }
}
