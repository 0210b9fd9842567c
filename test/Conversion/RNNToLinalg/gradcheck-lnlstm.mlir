// The layer-norm LSTM written by hand (examples/lnlstm_lm.rnn's cell): one
// fused gate matrix over concat(x, h), split into four gates, layer norm
// on each gate and on the cell state (one gamma and beta shared by all
// five; hidden size 3, as layer norm over two elements is degenerate, so their gradients accumulate), sigmoid/tanh gates, two carried
// states; mse loss. In f64 through the optimized phase, lowered and run;
// the loss and the gradients of W, b, gamma, beta against central finite
// differences (python3, float64, step 1e-6), compared to five significant
// digits or better.
// RUN: rnnc-opt %s --rnnc-optimized-pipeline --convert-rnn-model-to-func --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// CHECK: rank = 0
// CHECK-NEXT: [0.19098{{[0-9]*}}]
// CHECK: sizes = [6, 12]
// CHECK-NEXT: {{\[\[}}0.031288{{[0-9]*}}{{,? +}}-0.11479{{[0-9]*}}{{,? +}}0.083511{{[0-9]*}}{{,? +}}-0.0073450{{[0-9]*}}{{,? +}}0.014609{{[0-9]*}}{{,? +}}-0.0072643{{[0-9]*}}{{,? +}}0.1104{{[0-9]*}}{{,? +}}0.19192{{[0-9]*}}{{,? +}}-0.30239{{[0-9]*}}{{,? +}}-0.014841{{[0-9]*}}{{,? +}}-0.01270{{[0-9]*}}{{,? +}}0.027543{{[0-9]*}}],
// CHECK-NEXT: [0.010254{{[0-9]*}}{{,? +}}-0.0037290{{[0-9]*}}{{,? +}}-0.0065251{{[0-9]*}}{{,? +}}0.00084252{{[0-9]*}}{{,? +}}-0.026767{{[0-9]*}}{{,? +}}0.02592{{[0-9]*}}{{,? +}}-0.029072{{[0-9]*}}{{,? +}}0.033524{{[0-9]*}}{{,? +}}-0.0044520{{[0-9]*}}{{,? +}}0.012437{{[0-9]*}}{{,? +}}0.052048{{[0-9]*}}{{,? +}}-0.064485{{[0-9]*}}],
// CHECK-NEXT: [0.0077675{{[0-9]*}}{{,? +}}-0.028052{{[0-9]*}}{{,? +}}0.020284{{[0-9]*}}{{,? +}}-0.00017324{{[0-9]*}}{{,? +}}-0.0033348{{[0-9]*}}{{,? +}}0.003508{{[0-9]*}}{{,? +}}-0.071340{{[0-9]*}}{{,? +}}0.10621{{[0-9]*}}{{,? +}}-0.034876{{[0-9]*}}{{,? +}}-0.042598{{[0-9]*}}{{,? +}}0.027466{{[0-9]*}}{{,? +}}0.01513{{[0-9]*}}],
// CHECK-NEXT: [0.0071685{{[0-9]*}}{{,? +}}-0.031253{{[0-9]*}}{{,? +}}0.024084{{[0-9]*}}{{,? +}}-0.00099135{{[0-9]*}}{{,? +}}0.0032078{{[0-9]*}}{{,? +}}-0.0022165{{[0-9]*}}{{,? +}}-0.036189{{[0-9]*}}{{,? +}}0.091041{{[0-9]*}}{{,? +}}-0.054851{{[0-9]*}}{{,? +}}-0.03432{{[0-9]*}}{{,? +}}0.010556{{[0-9]*}}{{,? +}}0.023771{{[0-9]*}}],
// CHECK-NEXT: [-0.013140{{[0-9]*}}{{,? +}}0.029681{{[0-9]*}}{{,? +}}-0.01654{{[0-9]*}}{{,? +}}0.0010391{{[0-9]*}}{{,? +}}0.012212{{[0-9]*}}{{,? +}}-0.01325{{[0-9]*}}{{,? +}}0.0056689{{[0-9]*}}{{,? +}}-0.074404{{[0-9]*}}{{,? +}}0.068735{{[0-9]*}}{{,? +}}0.0033187{{[0-9]*}}{{,? +}}-0.030397{{[0-9]*}}{{,? +}}0.027078{{[0-9]*}}],
// CHECK-NEXT: [0.0091135{{[0-9]*}}{{,? +}}-0.028135{{[0-9]*}}{{,? +}}0.019021{{[0-9]*}}{{,? +}}-0.0020263{{[0-9]*}}{{,? +}}0.00092814{{[0-9]*}}{{,? +}}0.0010981{{[0-9]*}}{{,? +}}0.046045{{[0-9]*}}{{,? +}}0.036804{{[0-9]*}}{{,? +}}-0.082850{{[0-9]*}}{{,? +}}0.0080120{{[0-9]*}}{{,? +}}-0.0022541{{[0-9]*}}{{,? +}}-0.0057579{{[0-9]*}}]]
// CHECK: sizes = [12]
// CHECK-NEXT: [0.04931{{,? +}}-0.14658{{[0-9]*}}{{,? +}}0.097270{{[0-9]*}}{{,? +}}-0.0066757{{[0-9]*}}{{,? +}}-0.01549{{[0-9]*}}{{,? +}}0.022168{{[0-9]*}}{{,? +}}0.010056{{[0-9]*}}{{,? +}}0.33166{{[0-9]*}}{{,? +}}-0.34172{{[0-9]*}}{{,? +}}-0.04500{{[0-9]*}}{{,? +}}0.066812{{[0-9]*}}{{,? +}}-0.021810{{[0-9]*}}]
// CHECK: sizes = [3]
// CHECK-NEXT: [0.072488{{[0-9]*}}{{,? +}}0.05465{{[0-9]*}}{{,? +}}0.036509{{[0-9]*}}]
// CHECK: sizes = [3]
// CHECK-NEXT: [-0.040386{{[0-9]*}}{{,? +}}-0.0036972{{[0-9]*}}{{,? +}}-0.087848{{[0-9]*}}]

rnn.model @lnlstm {
  rnn.param @W : tensor<6x12xf64> init #rnn.init<zeros>
  rnn.param @b : tensor<12xf64> init #rnn.init<zeros>
  rnn.param @g : tensor<3xf64> init #rnn.init<ones>
  rnn.param @beta : tensor<3xf64> init #rnn.init<zeros>
  func.func @forward(%x: tensor<3x1x3xf64>, %y: tensor<3x1x3xf64>, %h0: tensor<1x3xf64>, %c0: tensor<1x3xf64>) -> (tensor<f64>, tensor<3x1x3xf64>, tensor<1x3xf64>, tensor<1x3xf64>) {
    %w = rnn.param_read @W : tensor<6x12xf64>
    %b = rnn.param_read @b : tensor<12xf64>
    %g = rnn.param_read @g : tensor<3xf64>
    %be = rnn.param_read @beta : tensor<3xf64>
    %hT, %cT, %hs = rnn.scan forward seqs(%x : tensor<3x1x3xf64>) inits(%h0, %c0 : tensor<1x3xf64>, tensor<1x3xf64>) -> (tensor<1x3xf64>, tensor<1x3xf64>, tensor<3x1x3xf64>) {
    ^bb0(%xt: tensor<1x3xf64>, %h: tensor<1x3xf64>, %c: tensor<1x3xf64>):
      %xh = rnn.concat %xt, %h along 1 : (tensor<1x3xf64>, tensor<1x3xf64>) -> tensor<1x6xf64>
      %zw = rnn.matmul %xh, %w : tensor<1x6xf64>, tensor<6x12xf64> -> tensor<1x12xf64>
      %z = rnn.add %zw, %b : tensor<1x12xf64>, tensor<12xf64> -> tensor<1x12xf64>
      %i, %f, %gg, %o = rnn.split %z along 1 sizes [3, 3, 3, 3] : tensor<1x12xf64> -> tensor<1x3xf64>, tensor<1x3xf64>, tensor<1x3xf64>, tensor<1x3xf64>
      %li = rnn.layer_norm %i, %g, %be eps 1.0e-5 : (tensor<1x3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<1x3xf64>
      %lf = rnn.layer_norm %f, %g, %be eps 1.0e-5 : (tensor<1x3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<1x3xf64>
      %lg = rnn.layer_norm %gg, %g, %be eps 1.0e-5 : (tensor<1x3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<1x3xf64>
      %lo = rnn.layer_norm %o, %g, %be eps 1.0e-5 : (tensor<1x3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<1x3xf64>
      %sf = rnn.sigmoid %lf : tensor<1x3xf64>
      %si = rnn.sigmoid %li : tensor<1x3xf64>
      %tg = rnn.tanh %lg : tensor<1x3xf64>
      %fc = rnn.mul %sf, %c : tensor<1x3xf64>, tensor<1x3xf64> -> tensor<1x3xf64>
      %ig = rnn.mul %si, %tg : tensor<1x3xf64>, tensor<1x3xf64> -> tensor<1x3xf64>
      %cn = rnn.add %fc, %ig : tensor<1x3xf64>, tensor<1x3xf64> -> tensor<1x3xf64>
      %lc = rnn.layer_norm %cn, %g, %be eps 1.0e-5 : (tensor<1x3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<1x3xf64>
      %so = rnn.sigmoid %lo : tensor<1x3xf64>
      %tc = rnn.tanh %lc : tensor<1x3xf64>
      %hn = rnn.mul %so, %tc : tensor<1x3xf64>, tensor<1x3xf64> -> tensor<1x3xf64>
      rnn.yield %hn, %cn, %hn : tensor<1x3xf64>, tensor<1x3xf64>, tensor<1x3xf64>
    }
    %loss = rnn.mse %hs, %y : (tensor<3x1x3xf64>, tensor<3x1x3xf64>) -> tensor<f64>
    return %loss, %hs, %hT, %cT : tensor<f64>, tensor<3x1x3xf64>, tensor<1x3xf64>, tensor<1x3xf64>
  }
}

func.func private @train_step(tensor<3x1x3xf64>, tensor<3x1x3xf64>, tensor<1x3xf64>, tensor<1x3xf64>, tensor<6x12xf64>, tensor<12xf64>, tensor<3xf64>, tensor<3xf64>) -> (tensor<f64>, tensor<1x3xf64>, tensor<1x3xf64>, tensor<6x12xf64>, tensor<12xf64>, tensor<3xf64>, tensor<3xf64>)
func.func private @printMemrefF64(memref<*xf64>)

func.func @print(%t: tensor<*xf64>) {
  %m = bufferization.to_memref %t : memref<*xf64>
  call @printMemrefF64(%m) : (memref<*xf64>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[[[1.0, 0.0, 0.0]], [[0.0, 0.0, 1.0]], [[0.0, 1.0, 0.0]]]> : tensor<3x1x3xf64>
  %y = arith.constant dense<[[[0.2, -0.1, 0.05]], [[0.3, 0.4, -0.2]], [[-0.2, 0.1, 0.3]]]> : tensor<3x1x3xf64>
  %h0 = arith.constant dense<[[0.1, -0.2, 0.3]]> : tensor<1x3xf64>
  %c0 = arith.constant dense<[[0.05, 0.1, -0.1]]> : tensor<1x3xf64>
  %w = arith.constant dense<[[-0.3, -0.25, -0.2, -0.15, -0.1, -0.05, 0.0, -0.65, -0.6, -0.55, -0.5, -0.45], [0.25, 0.313, -0.324, -0.261, -0.198, -0.2, -0.137, -0.074, -0.011, -0.648, -0.65, -0.587], [0.1, 0.176, 0.252, 0.263, -0.361, -0.35, -0.274, -0.198, -0.187, -0.111, -0.1, -0.724], [-0.05, 0.039, 0.063, 0.152, 0.176, 0.2, -0.411, -0.387, -0.298, -0.274, -0.25, -0.161], [0.5, -0.098, -0.061, -0.024, 0.013, 0.05, 0.152, 0.189, -0.474, -0.437, -0.4, -0.298], [0.35, 0.4, 0.45, -0.2, -0.15, -0.1, -0.05, 0.0, 0.05, 0.1, -0.55, -0.5]]> : tensor<6x12xf64>
  %b = arith.constant dense<[-0.08, -0.06, -0.04, -0.02, 0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14]> : tensor<12xf64>
  %g = arith.constant dense<[1.1, 0.9, 1.2]> : tensor<3xf64>
  %be = arith.constant dense<[0.05, -0.05, 0.02]> : tensor<3xf64>
  %loss, %hT, %cT, %dw, %db, %dg, %dbe = call @train_step(%x, %y, %h0, %c0, %w, %b, %g, %be) : (tensor<3x1x3xf64>, tensor<3x1x3xf64>, tensor<1x3xf64>, tensor<1x3xf64>, tensor<6x12xf64>, tensor<12xf64>, tensor<3xf64>, tensor<3xf64>) -> (tensor<f64>, tensor<1x3xf64>, tensor<1x3xf64>, tensor<6x12xf64>, tensor<12xf64>, tensor<3xf64>, tensor<3xf64>)
  %l = tensor.cast %loss : tensor<f64> to tensor<*xf64>
  call @print(%l) : (tensor<*xf64>) -> ()
  %a = tensor.cast %dw : tensor<6x12xf64> to tensor<*xf64>
  call @print(%a) : (tensor<*xf64>) -> ()
  %bb = tensor.cast %db : tensor<12xf64> to tensor<*xf64>
  call @print(%bb) : (tensor<*xf64>) -> ()
  %c = tensor.cast %dg : tensor<3xf64> to tensor<*xf64>
  call @print(%c) : (tensor<*xf64>) -> ()
  %d = tensor.cast %dbe : tensor<3xf64> to tensor<*xf64>
  call @print(%d) : (tensor<*xf64>) -> ()
  return
}
