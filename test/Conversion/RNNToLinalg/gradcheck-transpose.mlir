// The adjoint of rnn.transpose (the transpose of the result's adjoint),
// through rnn-derive-bptt, lowered and run. loss = sum((W^T * x)^2), so
// dW[j][i] = 2 W[j][i] x[i][j]^2 exactly: with W = [[0.5, -1, 2],
// [1.5, 0.25, -0.5]] and x = [[1, 2], [3, -1], [0.5, 2]], loss 20.3125 and
// dW = [[1, -18, 1], [12, 0.5, -4]] (by hand).
// RUN: rnnc-opt %s --rnn-derive-bptt --convert-rnn-model-to-func --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// CHECK: rank = 0
// CHECK-NEXT: [20.3125]
// CHECK: sizes = [2, 3]
// CHECK-NEXT: {{\[\[}}1{{,? +}}-18{{,? +}}1],
// CHECK-NEXT: [12{{,? +}}0.5{{,? +}}-4]]

rnn.model @transposed {
  rnn.param @W : tensor<2x3xf64> init #rnn.init<zeros>
  func.func @forward(%x: tensor<3x2xf64>) -> (tensor<f64>, tensor<3x2xf64>) {
    %w = rnn.param_read @W : tensor<2x3xf64>
    %wt = rnn.transpose %w : tensor<2x3xf64> -> tensor<3x2xf64>
    %p = rnn.mul %wt, %x : tensor<3x2xf64>, tensor<3x2xf64> -> tensor<3x2xf64>
    %q = rnn.mul %p, %p : tensor<3x2xf64>, tensor<3x2xf64> -> tensor<3x2xf64>
    %loss = rnn.reduce sum %q dims [0, 1] : tensor<3x2xf64> -> tensor<f64>
    return %loss, %p : tensor<f64>, tensor<3x2xf64>
  }
}

func.func private @train_step(tensor<3x2xf64>, tensor<2x3xf64>) -> (tensor<f64>, tensor<2x3xf64>)
func.func private @printMemrefF64(memref<*xf64>)

func.func @main() {
  %x = arith.constant dense<[[1.0, 2.0], [3.0, -1.0], [0.5, 2.0]]> : tensor<3x2xf64>
  %w = arith.constant dense<[[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]> : tensor<2x3xf64>
  %loss, %dw = call @train_step(%x, %w) : (tensor<3x2xf64>, tensor<2x3xf64>) -> (tensor<f64>, tensor<2x3xf64>)
  %ml = bufferization.to_memref %loss : memref<f64>
  %ul = memref.cast %ml : memref<f64> to memref<*xf64>
  call @printMemrefF64(%ul) : (memref<*xf64>) -> ()
  %mw = bufferization.to_memref %dw : memref<2x3xf64>
  %uw = memref.cast %mw : memref<2x3xf64> to memref<*xf64>
  call @printMemrefF64(%uw) : (memref<*xf64>) -> ()
  return
}
