// The gradients rnn-derive-bptt derives, lowered to native code and run,
// against central finite differences (python3, float64, step 1e-6) of the
// same model: a tanh cell h' = tanh(x_t U + h W) over 3 steps, mse loss.
//   loss 0.2150071858137359
//   dW [[-0.15798681012035853, -0.032801732885445745],
//       [ 0.07537159762982526,  0.028289419598537258]]
//   dU [[ 0.2804269262912662,   0.06918907874409186],
//       [-0.31980822813582055,  0.110659687996284]]
// printMemrefF64 prints six significant digits: they must all agree.
// RUN: rnnc-opt %s --rnn-derive-bptt --convert-rnn-model-to-func --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// CHECK: rank = 0
// CHECK-NEXT: [0.215007]
// CHECK: sizes = [2, 2]
// CHECK-NEXT: {{\[\[}}-0.157987{{,? +}}-0.0328017],
// CHECK-NEXT: [0.0753716{{,? +}}0.0282894]]
// CHECK: sizes = [2, 2]
// CHECK-NEXT: {{\[\[}}0.280427{{,? +}}0.0691891],
// CHECK-NEXT: [-0.319808{{,? +}}0.11066]]

rnn.model @tiny {
  rnn.param @W : tensor<2x2xf64> init #rnn.init<zeros>
  rnn.param @U : tensor<2x2xf64> init #rnn.init<zeros>
  func.func @forward(%x: tensor<3x1x2xf64>, %y: tensor<3x1x2xf64>, %h0: tensor<1x2xf64>) -> (tensor<f64>, tensor<3x1x2xf64>, tensor<1x2xf64>) {
    %w = rnn.param_read @W : tensor<2x2xf64>
    %u = rnn.param_read @U : tensor<2x2xf64>
    %hT, %hs = rnn.scan forward seqs(%x : tensor<3x1x2xf64>) inits(%h0 : tensor<1x2xf64>) -> (tensor<1x2xf64>, tensor<3x1x2xf64>) {
    ^bb0(%xt: tensor<1x2xf64>, %h: tensor<1x2xf64>):
      %a = rnn.matmul %xt, %u : tensor<1x2xf64>, tensor<2x2xf64> -> tensor<1x2xf64>
      %b = rnn.matmul %h, %w : tensor<1x2xf64>, tensor<2x2xf64> -> tensor<1x2xf64>
      %s = rnn.add %a, %b : tensor<1x2xf64>, tensor<1x2xf64> -> tensor<1x2xf64>
      %hn = rnn.tanh %s : tensor<1x2xf64>
      rnn.yield %hn, %hn : tensor<1x2xf64>, tensor<1x2xf64>
    }
    %loss = rnn.mse %hs, %y : (tensor<3x1x2xf64>, tensor<3x1x2xf64>) -> tensor<f64>
    return %loss, %hs, %hT : tensor<f64>, tensor<3x1x2xf64>, tensor<1x2xf64>
  }
}

// train_step exists once rnn-derive-bptt has run; the driver calls it with
// the parameters as trailing arguments.
func.func private @train_step(tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>) -> (tensor<f64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>)
func.func private @printMemrefF64(memref<*xf64>)

func.func @main() {
  %x = arith.constant dense<[[[0.5, -1.0]], [[0.0, 2.0]], [[1.5, 0.25]]]> : tensor<3x1x2xf64>
  %y = arith.constant dense<[[[0.2, -0.1]], [[0.3, 0.4]], [[-0.2, 0.1]]]> : tensor<3x1x2xf64>
  %h0 = arith.constant dense<[[0.1, -0.2]]> : tensor<1x2xf64>
  %w = arith.constant dense<[[0.3, -0.1], [0.2, 0.4]]> : tensor<2x2xf64>
  %u = arith.constant dense<[[0.5, 0.1], [-0.3, 0.2]]> : tensor<2x2xf64>
  %loss, %hT, %dw, %du = call @train_step(%x, %y, %h0, %w, %u) : (tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>) -> (tensor<f64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>)
  %ml = bufferization.to_memref %loss : memref<f64>
  %ul = memref.cast %ml : memref<f64> to memref<*xf64>
  call @printMemrefF64(%ul) : (memref<*xf64>) -> ()
  %mw = bufferization.to_memref %dw : memref<2x2xf64>
  %uw = memref.cast %mw : memref<2x2xf64> to memref<*xf64>
  call @printMemrefF64(%uw) : (memref<*xf64>) -> ()
  %mu = bufferization.to_memref %du : memref<2x2xf64>
  %uu = memref.cast %mu : memref<2x2xf64> to memref<*xf64>
  call @printMemrefF64(%uu) : (memref<*xf64>) -> ()
  return
}
