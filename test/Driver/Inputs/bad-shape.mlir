func.func @f(%a: tensor<32x128xf32>, %b: tensor<64x256xf32>) -> tensor<32x256xf32> {
  %r = rnn.matmul %a, %b : tensor<32x128xf32>, tensor<64x256xf32> -> tensor<32x256xf32>
  return %r : tensor<32x256xf32>
}
