// The d2l scratch RNN language model end to end: one-hot input, a tanh
// cell, a linear read-out and cross-entropy, in f64, through the optimized
// phase (derive train_step, hoist the input projections, batch the weight
// gradients), lowered to native code and run. Loss and all four gradients
// against central finite differences (python3, float64, step 1e-6):
//   loss 1.009746476
//   W_xh [[0.000722491, 0.062304], [-0.0751487, -0.0656681], [0.0692217, 0.0108527]]
//   W_hh [[0.0465629, 0.0275736], [-0.0284132, -0.0307466]]
//   W_hq [[0.0180455, 0.0913182, -0.109364], [-0.071019, -0.0237649, 0.0947839]]
//   b_q  [0.0183547, -0.0131633, -0.00519144]
// RUN: rnnc-opt %s --rnnc-optimized-pipeline --convert-rnn-model-to-func --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// CHECK: rank = 0
// CHECK-NEXT: [1.00975]
// CHECK: sizes = [3, 2]
// CHECK-NEXT: {{\[\[}}0.000722491{{,? +}}0.062304],
// CHECK-NEXT: [-0.0751487{{,? +}}-0.0656681],
// CHECK-NEXT: [0.0692217{{,? +}}0.0108527]]
// CHECK: sizes = [2, 2]
// CHECK-NEXT: {{\[\[}}0.0465629{{,? +}}0.0275736],
// CHECK-NEXT: [-0.0284132{{,? +}}-0.0307466]]
// CHECK: sizes = [2, 3]
// CHECK-NEXT: {{\[\[}}0.0180455{{,? +}}0.0913182{{,? +}}-0.109364],
// CHECK-NEXT: [-0.071019{{,? +}}-0.0237649{{,? +}}0.0947839]]
// CHECK: sizes = [3]
// CHECK-NEXT: [0.0183547{{,? +}}-0.0131633{{,? +}}-0.00519144]

rnn.model @charlm attributes {task = "language_model"} {
  rnn.param @W_xh : tensor<3x2xf64> init #rnn.init<normal(0.0, 0.01)>
  rnn.param @W_hh : tensor<2x2xf64> init #rnn.init<normal(0.0, 0.01)>
  rnn.param @W_hq : tensor<2x3xf64> init #rnn.init<normal(0.0, 0.01)>
  rnn.param @b_q : tensor<3xf64> init #rnn.init<zeros>
  func.func @forward(%tokens: tensor<3x1xi32>, %targets: tensor<3x1xi32>, %h0: tensor<1x2xf64>) -> (tensor<f64>, tensor<3x1x3xf64>, tensor<1x2xf64>) {
    %wxh = rnn.param_read @W_xh : tensor<3x2xf64>
    %whh = rnn.param_read @W_hh : tensor<2x2xf64>
    %whq = rnn.param_read @W_hq : tensor<2x3xf64>
    %bq = rnn.param_read @b_q : tensor<3xf64>
    %x = rnn.one_hot %tokens : tensor<3x1xi32> -> tensor<3x1x3xf64>
    %hT, %hs = rnn.scan forward seqs(%x : tensor<3x1x3xf64>) inits(%h0 : tensor<1x2xf64>) -> (tensor<1x2xf64>, tensor<3x1x2xf64>) {
    ^bb0(%xt: tensor<1x3xf64>, %h: tensor<1x2xf64>):
      %a = rnn.matmul %xt, %wxh : tensor<1x3xf64>, tensor<3x2xf64> -> tensor<1x2xf64>
      %b = rnn.matmul %h, %whh : tensor<1x2xf64>, tensor<2x2xf64> -> tensor<1x2xf64>
      %s = rnn.add %a, %b : tensor<1x2xf64>, tensor<1x2xf64> -> tensor<1x2xf64>
      %hn = rnn.tanh %s : tensor<1x2xf64>
      rnn.yield %hn, %hn : tensor<1x2xf64>, tensor<1x2xf64>
    }
    %o = rnn.matmul %hs, %whq : tensor<3x1x2xf64>, tensor<2x3xf64> -> tensor<3x1x3xf64>
    %logits = rnn.add %o, %bq : tensor<3x1x3xf64>, tensor<3xf64> -> tensor<3x1x3xf64>
    %loss = rnn.cross_entropy mean %logits, %targets : (tensor<3x1x3xf64>, tensor<3x1xi32>) -> tensor<f64>
    return %loss, %logits, %hT : tensor<f64>, tensor<3x1x3xf64>, tensor<1x2xf64>
  }
}

func.func private @train_step(tensor<3x1xi32>, tensor<3x1xi32>, tensor<1x2xf64>, tensor<3x2xf64>, tensor<2x2xf64>, tensor<2x3xf64>, tensor<3xf64>) -> (tensor<f64>, tensor<1x2xf64>, tensor<3x2xf64>, tensor<2x2xf64>, tensor<2x3xf64>, tensor<3xf64>)
func.func private @printMemrefF64(memref<*xf64>)

func.func @print(%t: tensor<*xf64>) {
  %m = bufferization.to_memref %t : memref<*xf64>
  call @printMemrefF64(%m) : (memref<*xf64>) -> ()
  return
}

func.func @main() {
  %tok = arith.constant dense<[[0], [2], [1]]> : tensor<3x1xi32>
  %tgt = arith.constant dense<[[2], [1], [0]]> : tensor<3x1xi32>
  %h0 = arith.constant dense<[[0.1, -0.2]]> : tensor<1x2xf64>
  %wxh = arith.constant dense<[[0.3, -0.1], [0.2, 0.4], [-0.5, 0.25]]> : tensor<3x2xf64>
  %whh = arith.constant dense<[[0.5, 0.1], [-0.3, 0.2]]> : tensor<2x2xf64>
  %whq = arith.constant dense<[[0.2, -0.4, 0.1], [0.3, 0.05, -0.2]]> : tensor<2x3xf64>
  %bq = arith.constant dense<[0.01, -0.02, 0.03]> : tensor<3xf64>
  %loss, %hT, %dxh, %dhh, %dhq, %dbq = call @train_step(%tok, %tgt, %h0, %wxh, %whh, %whq, %bq) : (tensor<3x1xi32>, tensor<3x1xi32>, tensor<1x2xf64>, tensor<3x2xf64>, tensor<2x2xf64>, tensor<2x3xf64>, tensor<3xf64>) -> (tensor<f64>, tensor<1x2xf64>, tensor<3x2xf64>, tensor<2x2xf64>, tensor<2x3xf64>, tensor<3xf64>)
  %l = tensor.cast %loss : tensor<f64> to tensor<*xf64>
  call @print(%l) : (tensor<*xf64>) -> ()
  %a = tensor.cast %dxh : tensor<3x2xf64> to tensor<*xf64>
  call @print(%a) : (tensor<*xf64>) -> ()
  %b = tensor.cast %dhh : tensor<2x2xf64> to tensor<*xf64>
  call @print(%b) : (tensor<*xf64>) -> ()
  %c = tensor.cast %dhq : tensor<2x3xf64> to tensor<*xf64>
  call @print(%c) : (tensor<*xf64>) -> ()
  %d = tensor.cast %dbq : tensor<3xf64> to tensor<*xf64>
  call @print(%d) : (tensor<*xf64>) -> ()
  return
}
