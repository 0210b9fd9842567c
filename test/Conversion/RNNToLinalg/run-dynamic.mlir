// Dynamic shapes (as the frontend emits), a reverse scan with a stacked
// output, a transpose_lhs GEMM over every step, a keep_dims mean, NumPy
// broadcasting, numel, sigmoid and relu, lowered and run. Expected values
// from an independent python3 computation: [[0.759807, 0.294264],
// [0.702893, 0.713439]].
// RUN: rnnc-opt %s --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// CHECK: sizes = [2, 2]
// CHECK-NEXT: {{\[\[}}0.759807{{,? +}}0.294264],
// CHECK-NEXT: [0.702893{{,? +}}0.713439]]

func.func private @printMemrefF32(memref<*xf32>)

// Dynamic shapes, as the frontend emits them.
func.func @compute(%x: tensor<?x?x2xf32>, %h0: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %half = rnn.fill 0.5 : tensor<f32>
  %hT, %ys = rnn.scan reverse seqs(%x : tensor<?x?x2xf32>) inits(%h0 : tensor<?x2xf32>) -> (tensor<?x2xf32>, tensor<?x?x2xf32>) {
  ^bb0(%xt: tensor<?x2xf32>, %h: tensor<?x2xf32>):
    %hh = rnn.mul %h, %half : tensor<?x2xf32>, tensor<f32> -> tensor<?x2xf32>
    %s = rnn.add %xt, %hh : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x2xf32>
    %hn = rnn.sigmoid %s : tensor<?x2xf32>
    %d = rnn.sub %hn, %half : tensor<?x2xf32>, tensor<f32> -> tensor<?x2xf32>
    %y = rnn.relu %d : tensor<?x2xf32>
    rnn.yield %hn, %y : tensor<?x2xf32>, tensor<?x2xf32>
  }
  // Sum over every step and row of x^T y: one GEMM.
  %g = rnn.matmul %x, %ys {transpose_lhs} : tensor<?x?x2xf32>, tensor<?x?x2xf32> -> tensor<2x2xf32>
  %m = rnn.reduce mean %g dims [0] {keep_dims} : tensor<2x2xf32> -> tensor<1x2xf32>
  %c = rnn.sub %g, %m : tensor<2x2xf32>, tensor<1x2xf32> -> tensor<2x2xf32>
  %n = rnn.numel %x dims [0, 1] : tensor<?x?x2xf32> -> tensor<f32>
  %r = rnn.div %c, %n : tensor<2x2xf32>, tensor<f32> -> tensor<2x2xf32>
  %o = rnn.add %r, %hT : tensor<2x2xf32>, tensor<?x2xf32> -> tensor<?x2xf32>
  return %o : tensor<?x2xf32>
}

func.func @main() {
  %x0 = arith.constant dense<[[[0.5, -1.0], [1.0, 0.25]], [[0.0, 2.0], [-0.5, 0.5]], [[1.5, 0.0], [0.25, -0.75]]]> : tensor<3x2x2xf32>
  %h00 = arith.constant dense<[[0.1, -0.2], [0.0, 0.3]]> : tensor<2x2xf32>
  %x = tensor.cast %x0 : tensor<3x2x2xf32> to tensor<?x?x2xf32>
  %h0 = tensor.cast %h00 : tensor<2x2xf32> to tensor<?x2xf32>
  %o = call @compute(%x, %h0) : (tensor<?x?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  %m = bufferization.to_memref %o : memref<?x2xf32>
  %u = memref.cast %m : memref<?x2xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
