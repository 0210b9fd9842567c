// Errors of rnn-derive-bptt.
// RUN: rnnc-opt %s --split-input-file --verify-diagnostics --rnn-derive-bptt

// expected-error @+1 {{'rnn.model' op has no func.func @forward to derive train_step from}}
rnn.model @m {
}

// -----

rnn.model @m {
  rnn.param @W : tensor<2xf32> init #rnn.init<zeros>
  func.func @forward(%x: tensor<3x2xf32>, %h: tensor<2xf32>) -> (tensor<f32>, tensor<2xf32>) {
    %r = rnn.scan forward seqs(%x : tensor<3x2xf32>) inits(%h : tensor<2xf32>) -> (tensor<2xf32>) {
    ^bb0(%xt: tensor<2xf32>, %s: tensor<2xf32>):
      // expected-error @+1 {{reads a parameter inside a scan body; rnn-derive-bptt expects parameters to be read outside and captured}}
      %w = rnn.param_read @W : tensor<2xf32>
      %n = rnn.mul %s, %w : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
      rnn.yield %n : tensor<2xf32>
    }
    %l = rnn.reduce sum %r dims [0] : tensor<2xf32> -> tensor<f32>
    return %l, %r : tensor<f32>, tensor<2xf32>
  }
}

// -----

rnn.model @m {
  rnn.param @W : tensor<2xf32> init #rnn.init<zeros>
  func.func @forward() -> (tensor<f32>, tensor<2xf32>) {
    %w = rnn.param_read @W : tensor<2xf32>
    // expected-error @+1 {{has no gradient rule (it does not implement the rnn gradient interface)}}
    %e = math.exp %w : tensor<2xf32>
    %l = rnn.reduce sum %e dims [0] : tensor<2xf32> -> tensor<f32>
    return %l, %e : tensor<f32>, tensor<2xf32>
  }
}

// -----

// expected-error @+1 {{rnn-derive-bptt: truncated BPTT needs steps >= 1, found 0}}
rnn.model @m attributes {train = {bptt = "truncated"}} {
  func.func @forward() -> (tensor<f32>, tensor<f32>) {
    %l = rnn.fill 1.0 : tensor<f32>
    return %l, %l : tensor<f32>, tensor<f32>
  }
}

// -----

// expected-error @+1 {{rnn-derive-bptt: unknown truncation 'sometimes'; expected model, full, truncated or randomized}}
rnn.model @m attributes {train = {bptt = "sometimes"}} {
  func.func @forward() -> (tensor<f32>, tensor<f32>) {
    %l = rnn.fill 1.0 : tensor<f32>
    return %l, %l : tensor<f32>, tensor<f32>
  }
}

// -----

// expected-error @+1 {{'rnn.model' op already has a @train_step}}
rnn.model @m {
  func.func @forward() -> (tensor<f32>, tensor<f32>) {
    %l = rnn.fill 1.0 : tensor<f32>
    return %l, %l : tensor<f32>, tensor<f32>
  }
  func.func @train_step() {
    return
  }
}
