// Truncated BPTT, run: the loss reads only the last of 6 steps, and the
// inputs are zero at the last two. With truncation every 2 steps the
// carried adjoint stops before step 3, so the input weight U, which only
// meets non-zero inputs at steps 0-3, gets an exactly zero gradient; with
// full BPTT it does not. W's gradient is non-zero either way.
// RUN: rnnc-opt %s --rnn-derive-bptt='truncation=truncated steps=2' --convert-rnn-model-to-func --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s --check-prefix=TRUNC
// RUN: rnnc-opt %s --rnn-derive-bptt='truncation=full' --convert-rnn-model-to-func --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s --check-prefix=FULL
// TRUNC: sizes = [2, 2]
// TRUNC-NEXT: {{\[\[}}{{-?0\.[0-9]*[1-9]}}
// TRUNC: sizes = [2, 2]
// TRUNC-NEXT: {{\[\[}}0{{,? +}}0],
// TRUNC-NEXT: [0{{,? +}}0]]
// FULL: sizes = [2, 2]
// FULL: sizes = [2, 2]
// FULL-NEXT: {{\[\[}}{{-?0\.[0-9]*[1-9]}}

rnn.model @tiny {
  rnn.param @W : tensor<2x2xf64> init #rnn.init<zeros>
  rnn.param @U : tensor<2x2xf64> init #rnn.init<zeros>
  func.func @forward(%x: tensor<6x1x2xf64>, %y: tensor<1x2xf64>, %h0: tensor<1x2xf64>) -> (tensor<f64>, tensor<6x1x2xf64>, tensor<1x2xf64>) {
    %w = rnn.param_read @W : tensor<2x2xf64>
    %u = rnn.param_read @U : tensor<2x2xf64>
    %hT, %hs = rnn.scan forward seqs(%x : tensor<6x1x2xf64>) inits(%h0 : tensor<1x2xf64>) -> (tensor<1x2xf64>, tensor<6x1x2xf64>) {
    ^bb0(%xt: tensor<1x2xf64>, %h: tensor<1x2xf64>):
      %a = rnn.matmul %xt, %u : tensor<1x2xf64>, tensor<2x2xf64> -> tensor<1x2xf64>
      %b = rnn.matmul %h, %w : tensor<1x2xf64>, tensor<2x2xf64> -> tensor<1x2xf64>
      %s = rnn.add %a, %b : tensor<1x2xf64>, tensor<1x2xf64> -> tensor<1x2xf64>
      %hn = rnn.tanh %s : tensor<1x2xf64>
      rnn.yield %hn, %hn : tensor<1x2xf64>, tensor<1x2xf64>
    }
    %last = rnn.select %hs along 0 at 5 : tensor<6x1x2xf64> -> tensor<1x2xf64>
    %loss = rnn.mse %last, %y : (tensor<1x2xf64>, tensor<1x2xf64>) -> tensor<f64>
    return %loss, %hs, %hT : tensor<f64>, tensor<6x1x2xf64>, tensor<1x2xf64>
  }
}

func.func private @train_step(tensor<6x1x2xf64>, tensor<1x2xf64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>) -> (tensor<f64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>)
func.func private @printMemrefF64(memref<*xf64>)

func.func @main() {
  %x = arith.constant dense<[[[0.5, -1.0]], [[0.0, 2.0]], [[1.5, 0.25]], [[-0.7, 0.3]], [[0.0, 0.0]], [[0.0, 0.0]]]> : tensor<6x1x2xf64>
  %y = arith.constant dense<[[0.3, -0.4]]> : tensor<1x2xf64>
  %h0 = arith.constant dense<[[0.1, -0.2]]> : tensor<1x2xf64>
  %w = arith.constant dense<[[0.6, -0.3], [0.4, 0.7]]> : tensor<2x2xf64>
  %u = arith.constant dense<[[0.5, 0.1], [-0.3, 0.2]]> : tensor<2x2xf64>
  %loss, %hT, %dw, %du = call @train_step(%x, %y, %h0, %w, %u) : (tensor<6x1x2xf64>, tensor<1x2xf64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>) -> (tensor<f64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>)
  %mw = bufferization.to_memref %dw : memref<2x2xf64>
  %uw = memref.cast %mw : memref<2x2xf64> to memref<*xf64>
  call @printMemrefF64(%uw) : (memref<*xf64>) -> ()
  %mu = bufferization.to_memref %du : memref<2x2xf64>
  %uu = memref.cast %mu : memref<2x2xf64> to memref<*xf64>
  call @printMemrefF64(%uu) : (memref<*xf64>) -> ()
  return
}
