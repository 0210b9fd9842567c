// A 3-step tanh RNN lowered to native code and run: the states match an
// independent computation (python3, float64, rounded to 6 places):
//   step 0: [[0.029991, -0.515359], [0.405321, 0.01]]
//   step 1: [[0.391406, 0.563489], [0.200891, 0.080231]]
//   step 2: [[0.636372, -0.201911], [0.083275, -0.396274]]
// RUN: rnnc-opt %s --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// CHECK: sizes = [3, 2, 2]
// CHECK-NEXT: {{\[\[\[}}0.029991{{,? +}}-0.515359],
// CHECK-NEXT: [0.405321{{,? +}}0.0099996{{[0-9]}}]],
// CHECK-NEXT: {{\[\[}}0.391406{{,? +}}0.563489],
// CHECK-NEXT: [0.200891{{,? +}}0.080230{{[0-9]}}]],
// CHECK-NEXT: {{\[\[}}0.636372{{,? +}}-0.201911],
// CHECK-NEXT: [0.083275{{[0-9]}}{{,? +}}-0.396274]]]

func.func private @printMemrefF32(memref<*xf32>)

func.func @rnn(%x: tensor<3x2x2xf32>, %h0: tensor<2x2xf32>, %u: tensor<2x2xf32>, %w: tensor<2x2xf32>, %b: tensor<2xf32>) -> (tensor<2x2xf32>, tensor<3x2x2xf32>) {
  %hT, %hs = rnn.scan forward seqs(%x : tensor<3x2x2xf32>) inits(%h0 : tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<3x2x2xf32>) {
  ^bb0(%xt: tensor<2x2xf32>, %h: tensor<2x2xf32>):
    %a = rnn.matmul %xt, %u : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
    %c = rnn.matmul %h, %w {transpose_rhs} : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
    %s = rnn.add %a, %c : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
    %sb = rnn.add %s, %b : tensor<2x2xf32>, tensor<2xf32> -> tensor<2x2xf32>
    %hn = rnn.tanh %sb : tensor<2x2xf32>
    rnn.yield %hn, %hn : tensor<2x2xf32>, tensor<2x2xf32>
  }
  return %hT, %hs : tensor<2x2xf32>, tensor<3x2x2xf32>
}

func.func @main() {
  %x = arith.constant dense<[[[0.5, -1.0], [1.0, 0.25]], [[0.0, 2.0], [-0.5, 0.5]], [[1.5, 0.0], [0.25, -0.75]]]> : tensor<3x2x2xf32>
  %h0 = arith.constant dense<[[0.1, -0.2], [0.0, 0.3]]> : tensor<2x2xf32>
  %u = arith.constant dense<[[0.3, -0.1], [0.2, 0.4]]> : tensor<2x2xf32>
  %w = arith.constant dense<[[0.5, 0.1], [-0.3, 0.2]]> : tensor<2x2xf32>
  %b = arith.constant dense<[0.05, -0.05]> : tensor<2xf32>
  %hT, %hs = call @rnn(%x, %h0, %u, %w, %b) : (tensor<3x2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> (tensor<2x2xf32>, tensor<3x2x2xf32>)
  %m = bufferization.to_memref %hs : memref<3x2x2xf32>
  %u1 = memref.cast %m : memref<3x2x2xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  return
}
