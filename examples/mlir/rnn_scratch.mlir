// rnn_scratch.mlir - d2l 8.5's RNN written from its equation, in the rnn
// dialect: H_t = tanh(X_t W_xh + H_{t-1} W_hh + b_h), O_t = H_t W_hq + b_q,
// one-hot input over a vocabulary V bound at train time, hidden size 512,
// batch 32, 35 steps, normal(0, 0.01) weights and zero biases.
// This is the form the .rnn frontend will produce for examples/rnn_scratch.rnn.
rnn.model @rnn_scratch attributes {task = "language_model"} {
  rnn.param @W_xh : tensor<?x512xf32> init #rnn.init<normal(0.0, 0.01)> {dim_names = ["V", ""]}
  rnn.param @W_hh : tensor<512x512xf32> init #rnn.init<normal(0.0, 0.01)>
  rnn.param @b_h : tensor<512xf32> init #rnn.init<zeros>
  rnn.param @W_hq : tensor<512x?xf32> init #rnn.init<normal(0.0, 0.01)> {dim_names = ["", "V"]}
  rnn.param @b_q : tensor<?xf32> init #rnn.init<zeros> {dim_names = ["V"]}

  func.func @forward(%tokens: tensor<35x32xi32>, %targets: tensor<35x32xi32>,
                     %h0: tensor<32x512xf32>, %vocab: index)
      -> (tensor<f32>, tensor<32x512xf32>) {
    %W_xh = rnn.param_read @W_xh : tensor<?x512xf32>
    %W_hh = rnn.param_read @W_hh : tensor<512x512xf32>
    %b_h = rnn.param_read @b_h : tensor<512xf32>
    %W_hq = rnn.param_read @W_hq : tensor<512x?xf32>
    %b_q = rnn.param_read @b_q : tensor<?xf32>
    %x = rnn.one_hot %tokens depth %vocab : tensor<35x32xi32> -> tensor<35x32x?xf32>
    %hT, %hs = rnn.scan forward seqs(%x : tensor<35x32x?xf32>)
                       inits(%h0 : tensor<32x512xf32>)
                       -> (tensor<32x512xf32>, tensor<35x32x512xf32>) {
    ^bb0(%x_t: tensor<32x?xf32>, %h: tensor<32x512xf32>):
      %xw = rnn.matmul %x_t, %W_xh : tensor<32x?xf32>, tensor<?x512xf32> -> tensor<32x512xf32>
      %hw = rnn.matmul %h, %W_hh : tensor<32x512xf32>, tensor<512x512xf32> -> tensor<32x512xf32>
      %s = rnn.add %xw, %hw : tensor<32x512xf32>, tensor<32x512xf32> -> tensor<32x512xf32>
      %a = rnn.add %s, %b_h : tensor<32x512xf32>, tensor<512xf32> -> tensor<32x512xf32>
      %h_next = rnn.tanh %a : tensor<32x512xf32>
      rnn.yield %h_next, %h_next : tensor<32x512xf32>, tensor<32x512xf32>
    }
    %o = rnn.matmul %hs, %W_hq : tensor<35x32x512xf32>, tensor<512x?xf32> -> tensor<35x32x?xf32>
    %logits = rnn.add %o, %b_q : tensor<35x32x?xf32>, tensor<?xf32> -> tensor<35x32x?xf32>
    %loss = rnn.cross_entropy mean %logits, %targets : (tensor<35x32x?xf32>, tensor<35x32xi32>) -> tensor<f32>
    return %loss, %hT : tensor<f32>, tensor<32x512xf32>
  }
}
