func.func @f(%a: tensor<4x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{operand shapes [4, 3] and [4] do not broadcast}}
  %r = rnn.mul %a, %b : tensor<4x3xf32>, tensor<4xf32> -> tensor<4x3xf32>
  return
}
