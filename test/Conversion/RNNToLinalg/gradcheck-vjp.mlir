// The vector-Jacobian product rnn-derive-vjp derives, lowered to native
// code and run, against central finite differences (python3, float64,
// step 1e-6) of f = 0.7 loss + <a_hs, hs> + <a_hT, hT> for the tanh cell
// of gradcheck-bptt.mlir (h' = tanh(x_t U + h W), 3 steps, mse loss):
// the adjoints of every float argument (the inputs x, the targets y, the
// initial state h0) and the parameters' gradients.
//   dx  [0.0420964, -0.0933649, 0.0465405, -0.00216335, 0.14271, -0.061488]
//   dy  [-0.0683639, 0.0316157, 0.177681, 0.0347616, -0.169764, -0.0544411]
//   dh0 [0.0671699, -0.0774635]
//   dW  [-0.0733723, -0.0201931, 0.0224154, 0.0523612]
//   dU  [0.468569, 0.00828124, 0.0766599, 0.483321]
// printMemrefF64 prints six significant digits: they must all agree.
// RUN: rnnc-opt %s --rnn-derive-vjp --convert-rnn-model-to-func --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// CHECK: sizes = [3, 1, 2]
// CHECK-NEXT: {{\[\[\[}}0.0420964{{,? +}}-0.0933649]],
// CHECK-NEXT: {{\[\[}}0.0465405{{,? +}}-0.00216335]],
// CHECK-NEXT: {{\[\[}}0.14271{{,? +}}-0.061488]]]
// CHECK: sizes = [3, 1, 2]
// CHECK-NEXT: {{\[\[\[}}-0.0683639{{,? +}}0.0316157]],
// CHECK-NEXT: {{\[\[}}0.177681{{,? +}}0.0347616]],
// CHECK-NEXT: {{\[\[}}-0.169764{{,? +}}-0.0544411]]]
// CHECK: sizes = [1, 2]
// CHECK-NEXT: {{\[\[}}0.0671699{{,? +}}-0.0774635]]
// CHECK: sizes = [2, 2]
// CHECK-NEXT: {{\[\[}}-0.0733723{{,? +}}-0.0201931],
// CHECK-NEXT: [0.0224154{{,? +}}0.0523612]]
// CHECK: sizes = [2, 2]
// CHECK-NEXT: {{\[\[}}0.468569{{,? +}}0.00828124],
// CHECK-NEXT: [0.0766599{{,? +}}0.483321]]

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

// forward_saving returns forward's results and the four values the reverse
// sweep reads (the scan's saved per-step values); vjp takes forward's
// arguments, an adjoint per float result (loss, hs, hT), the saved values
// and then, as every model function, the parameters.
func.func private @forward_saving(tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>) -> (tensor<f64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>)
func.func private @vjp(tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<f64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>) -> (tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>)
func.func private @printMemrefF64(memref<*xf64>)

func.func @print(%t: tensor<*xf64>) {
  %m = bufferization.to_memref %t : memref<*xf64>
  call @printMemrefF64(%m) : (memref<*xf64>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[[[0.5, -1.0]], [[0.0, 2.0]], [[1.5, 0.25]]]> : tensor<3x1x2xf64>
  %y = arith.constant dense<[[[0.2, -0.1]], [[0.3, 0.4]], [[-0.2, 0.1]]]> : tensor<3x1x2xf64>
  %h0 = arith.constant dense<[[0.1, -0.2]]> : tensor<1x2xf64>
  %w = arith.constant dense<[[0.3, -0.1], [0.2, 0.4]]> : tensor<2x2xf64>
  %u = arith.constant dense<[[0.5, 0.1], [-0.3, 0.2]]> : tensor<2x2xf64>
  %al = arith.constant dense<0.7> : tensor<f64>
  %ahs = arith.constant dense<[[[0.1, -0.3]], [[0.2, 0.05]], [[-0.4, 0.25]]]> : tensor<3x1x2xf64>
  %ahT = arith.constant dense<[[0.6, -0.2]]> : tensor<1x2xf64>
  %l, %hs, %hT, %s0, %s1, %s2, %s3 = call @forward_saving(%x, %y, %h0, %w, %u) : (tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>) -> (tensor<f64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>)
  %dx, %dy, %dh0, %dw, %du = call @vjp(%x, %y, %h0, %al, %ahs, %ahT, %s0, %s1, %s2, %s3, %w, %u) : (tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<f64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>) -> (tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<1x2xf64>, tensor<2x2xf64>, tensor<2x2xf64>)
  %0 = tensor.cast %dx : tensor<3x1x2xf64> to tensor<*xf64>
  call @print(%0) : (tensor<*xf64>) -> ()
  %1 = tensor.cast %dy : tensor<3x1x2xf64> to tensor<*xf64>
  call @print(%1) : (tensor<*xf64>) -> ()
  %2 = tensor.cast %dh0 : tensor<1x2xf64> to tensor<*xf64>
  call @print(%2) : (tensor<*xf64>) -> ()
  %3 = tensor.cast %dw : tensor<2x2xf64> to tensor<*xf64>
  call @print(%3) : (tensor<*xf64>) -> ()
  %4 = tensor.cast %du : tensor<2x2xf64> to tensor<*xf64>
  call @print(%4) : (tensor<*xf64>) -> ()
  return
}
