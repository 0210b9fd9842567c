// rnn-derive-decoder-step: a seq2seq model's forward cut into @encode (the
// encoder, once per sentence) and @decode_step (the decoder for one time
// step, from its states and what it reads of the encoder); a decoder that
// reads the encoder over time, or runs backwards, gets none, with a warning.
// RUN: rnnc-opt %s --split-input-file --rnn-derive-decoder-step --verify-diagnostics | FileCheck %s

// d2l 9.7: the decoder starts from the encoder's final state and reads its
// top layer at every step (select, broadcast over T: recomputed by the
// step); the loss and its targets are gone.
// CHECK-LABEL: rnn.model @d2l
// CHECK: func.func @forward(
// CHECK: func.func @encode(%{{.*}}: index {rnn.dim = "T"}, %{{.*}}: index {rnn.dim = "B"}, %{{.*}}: index {rnn.dim = "S"}, %{{.*}}: index {rnn.dim = "V"}, %[[SRC:.*]]: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "source"}, %[[H0:.*]]: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "encoder.h"})
// CHECK-SAME: -> (tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "decoder.h"}, tensor<1x?x4xf32> {rnn.context = "encoder.h_n", rnn.dims = ["", "B", ""]})
// CHECK-SAME: attributes {rnn.encode}
// CHECK: %[[X:.*]] = rnn.embedding %[[SRC]]
// CHECK: %{{.*}}, %[[HN:.*]] = rnn.gru forward %[[X]], %[[H0]]
// CHECK-NOT: rnn.gru
// CHECK: return %[[HN]], %[[HN]]
// CHECK: func.func @decode_step(%[[B:.*]]: index {rnn.dim = "B"}, %{{.*}}: index {rnn.dim = "S"}, %{{.*}}: index {rnn.dim = "V"}, %[[DEC:.*]]: tensor<1x?xi32> {rnn.dims = ["", "B"], rnn.input = "decoder_in"}, %[[H:.*]]: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "decoder.h"}, %[[CTX:.*]]: tensor<1x?x4xf32> {rnn.context = "encoder.h_n", rnn.dims = ["", "B", ""]})
// CHECK-SAME: -> (tensor<1x?x?xf32> {rnn.dims = ["", "B", "V"], rnn.output = "dense"}, tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "decoder.h"})
// CHECK-SAME: attributes {rnn.step}
// CHECK: %[[ONE:.*]] = arith.constant 1 : index
// CHECK: %[[DECC:.*]] = tensor.cast %[[DEC]] : tensor<1x?xi32> to tensor<?x?xi32>
// CHECK: %[[Y:.*]] = rnn.embedding %[[DECC]]
// CHECK: %[[LAST:.*]] = rnn.select %[[CTX]] along 0 at 0
// CHECK: %[[REP:.*]] = rnn.broadcast %[[LAST]](%[[ONE]], %[[B]])
// CHECK: %[[IN:.*]] = rnn.concat %[[Y]], %[[REP]] along 2
// CHECK: %[[OUT:.*]], %[[NEXT:.*]] = rnn.gru forward %[[IN]], %[[H]]
// CHECK: %[[L:.*]] = rnn.linear %[[OUT]]
// CHECK-NOT: rnn.cross_entropy
// CHECK: %[[LC:.*]] = tensor.cast %[[L]] : tensor<?x?x?xf32> to tensor<1x?x?xf32>
// CHECK: return %[[LC]], %[[NEXT]]
rnn.model @d2l attributes {task = "seq2seq"} {
  rnn.param @esrc : tensor<?x3xf32> init <zeros> {dim_names = ["S", ""]}
  rnn.param @encoder.w : tensor<12x3xf32> init <zeros>
  rnn.param @encoder.u : tensor<12x4xf32> init <zeros>
  rnn.param @encoder.b : tensor<12xf32> init <zeros>
  rnn.param @etgt : tensor<?x3xf32> init <zeros> {dim_names = ["V", ""]}
  rnn.param @decoder.w : tensor<12x7xf32> init <zeros>
  rnn.param @decoder.u : tensor<12x4xf32> init <zeros>
  rnn.param @decoder.b : tensor<12xf32> init <zeros>
  rnn.param @wo : tensor<?x4xf32> init <zeros> {dim_names = ["V", ""]}
  rnn.param @bo : tensor<?xf32> init <zeros> {dim_names = ["V"]}
  func.func @forward(%T: index {rnn.dim = "T"}, %B: index {rnn.dim = "B"}, %S: index {rnn.dim = "S"}, %V: index {rnn.dim = "V"},
                     %src: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "source"},
                     %len: tensor<?xi32> {rnn.dims = ["B"], rnn.input = "source_len"},
                     %dec: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "decoder_in"},
                     %tgt: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.target = "target_ids"},
                     %tlen: tensor<?xi32> {rnn.dims = ["B"], rnn.target = "target_len"},
                     %h0: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "encoder.h"})
      -> (tensor<f32> {rnn.result = "loss"},
          tensor<?x?x?xf32> {rnn.dims = ["T", "B", "V"], rnn.output = "dense"},
          tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "encoder.h"}) {
    %es = rnn.param_read @esrc : tensor<?x3xf32>
    %ew = rnn.param_read @encoder.w : tensor<12x3xf32>
    %eu = rnn.param_read @encoder.u : tensor<12x4xf32>
    %eb = rnn.param_read @encoder.b : tensor<12xf32>
    %et = rnn.param_read @etgt : tensor<?x3xf32>
    %dw = rnn.param_read @decoder.w : tensor<12x7xf32>
    %du = rnn.param_read @decoder.u : tensor<12x4xf32>
    %db = rnn.param_read @decoder.b : tensor<12xf32>
    %wo = rnn.param_read @wo : tensor<?x4xf32>
    %bo = rnn.param_read @bo : tensor<?xf32>
    %x = rnn.embedding %src, %es : tensor<?x?xi32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
    %out, %hn = rnn.gru forward %x, %h0 weights(%ew, %eu, %eb, %eb) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x3xf32>, tensor<1x?x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
    %y = rnn.embedding %dec, %et : tensor<?x?xi32>, tensor<?x3xf32> -> tensor<?x?x3xf32>
    %last = rnn.select %hn along 0 at 0 : tensor<1x?x4xf32> -> tensor<?x4xf32>
    %ctx = rnn.broadcast %last(%T, %B) : tensor<?x4xf32> -> tensor<?x?x4xf32>
    %in = rnn.concat %y, %ctx along 2 : (tensor<?x?x3xf32>, tensor<?x?x4xf32>) -> tensor<?x?x7xf32>
    %dout, %dhn = rnn.gru forward %in, %hn weights(%dw, %du, %db, %db) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x7xf32>, tensor<1x?x4xf32>, tensor<12x7xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
    %logits = rnn.linear %dout, %wo, %bo : (tensor<?x?x4xf32>, tensor<?x4xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
    %loss = rnn.cross_entropy mean %logits, %tgt valid_lengths %tlen : (tensor<?x?x?xf32>, tensor<?x?xi32>, tensor<?xi32>) -> tensor<f32>
    return %loss, %logits, %hn : tensor<f32>, tensor<?x?x?xf32>, tensor<1x?x4xf32>
  }
}

// -----

// An LSTM decoder: h starts from the encoder's final state, c from the
// forward's own zero state, which @encode passes on.
// CHECK-LABEL: rnn.model @lstm
// CHECK: func.func @encode(
// CHECK-SAME: %[[C0:[a-z0-9]+]]: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "decoder.c"})
// CHECK-SAME: -> (tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "decoder.h"}, tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "decoder.c"})
// CHECK: %{{.*}}, %[[HN:.*]] = rnn.gru forward
// CHECK: return %[[HN]], %[[C0]]
// CHECK: func.func @decode_step(
// CHECK-SAME: %[[H:[a-z0-9]+]]: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "decoder.h"}, %[[C:[a-z0-9]+]]: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "decoder.c"})
// CHECK-SAME: -> (tensor<1x?x?xf32> {rnn.dims = ["", "B", "V"], rnn.output = "dense"}, tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "decoder.h"}, tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_out = "decoder.c"})
// CHECK: %{{.*}}, %[[HN2:.*]], %[[CN2:.*]] = rnn.lstm forward %{{.*}}, %[[H]], %[[C]]
// CHECK: return %{{.*}}, %[[HN2]], %[[CN2]]
rnn.model @lstm attributes {task = "seq2seq"} {
  rnn.param @e : tensor<?x4xf32> init <zeros> {dim_names = ["V", ""]}
  rnn.param @encoder.w : tensor<12x4xf32> init <zeros>
  rnn.param @encoder.u : tensor<12x4xf32> init <zeros>
  rnn.param @encoder.b : tensor<12xf32> init <zeros>
  rnn.param @decoder.w : tensor<16x4xf32> init <zeros>
  rnn.param @decoder.u : tensor<16x4xf32> init <zeros>
  rnn.param @decoder.b : tensor<16xf32> init <zeros>
  rnn.param @wo : tensor<?x4xf32> init <zeros> {dim_names = ["V", ""]}
  func.func @forward(%T: index {rnn.dim = "T"}, %B: index {rnn.dim = "B"}, %V: index {rnn.dim = "V"},
                     %src: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "source"},
                     %len: tensor<?xi32> {rnn.dims = ["B"], rnn.input = "source_len"},
                     %dec: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "decoder_in"},
                     %tgt: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.target = "target_ids"},
                     %tlen: tensor<?xi32> {rnn.dims = ["B"], rnn.target = "target_len"},
                     %h0: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "encoder.h"},
                     %c0: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "decoder.c"})
      -> (tensor<f32> {rnn.result = "loss"},
          tensor<?x?x?xf32> {rnn.dims = ["T", "B", "V"], rnn.output = "dense"}) {
    %e = rnn.param_read @e : tensor<?x4xf32>
    %ew = rnn.param_read @encoder.w : tensor<12x4xf32>
    %eu = rnn.param_read @encoder.u : tensor<12x4xf32>
    %eb = rnn.param_read @encoder.b : tensor<12xf32>
    %dw = rnn.param_read @decoder.w : tensor<16x4xf32>
    %du = rnn.param_read @decoder.u : tensor<16x4xf32>
    %db = rnn.param_read @decoder.b : tensor<16xf32>
    %wo = rnn.param_read @wo : tensor<?x4xf32>
    %x = rnn.embedding %src, %e : tensor<?x?xi32>, tensor<?x4xf32> -> tensor<?x?x4xf32>
    %out, %hn = rnn.gru forward %x, %h0 weights(%ew, %eu, %eb, %eb) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<12x4xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
    %y = rnn.embedding %dec, %e : tensor<?x?xi32>, tensor<?x4xf32> -> tensor<?x?x4xf32>
    %dout, %dhn, %dcn = rnn.lstm forward %y, %hn, %c0 weights(%dw, %du, %db, %db) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>, tensor<16x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>)
    %logits = rnn.linear %dout, %wo : (tensor<?x?x4xf32>, tensor<?x4xf32>) -> tensor<?x?x?xf32>
    %loss = rnn.cross_entropy mean %logits, %tgt valid_lengths %len : (tensor<?x?x?xf32>, tensor<?x?xi32>, tensor<?xi32>) -> tensor<f32>
    return %loss, %logits : tensor<f32>, tensor<?x?x?xf32>
  }
}

// -----

// Attention-like: the decoder reads the encoder's output sequence, which
// is over the source's time, not the step's. The model keeps its forward.
// CHECK-LABEL: rnn.model @reads_outputs
// CHECK-NOT: func.func @encode
// CHECK-NOT: func.func @decode_step
// expected-warning @below {{no decoder step: the decoder reads a value of the encoder over time (an output sequence, or an input over T); translation runs the whole forward per token}}
rnn.model @reads_outputs attributes {task = "seq2seq"} {
  rnn.param @e : tensor<?x4xf32> init <zeros> {dim_names = ["V", ""]}
  rnn.param @encoder.w : tensor<12x4xf32> init <zeros>
  rnn.param @encoder.u : tensor<12x4xf32> init <zeros>
  rnn.param @encoder.b : tensor<12xf32> init <zeros>
  func.func @forward(%T: index {rnn.dim = "T"}, %B: index {rnn.dim = "B"}, %V: index {rnn.dim = "V"},
                     %src: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "source"},
                     %dec: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "decoder_in"},
                     %h0: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "encoder.h"})
      -> (tensor<?x?x4xf32> {rnn.dims = ["T", "B", ""], rnn.output = "y"}) {
    %e = rnn.param_read @e : tensor<?x4xf32>
    %ew = rnn.param_read @encoder.w : tensor<12x4xf32>
    %eu = rnn.param_read @encoder.u : tensor<12x4xf32>
    %eb = rnn.param_read @encoder.b : tensor<12xf32>
    %x = rnn.embedding %src, %e : tensor<?x?xi32>, tensor<?x4xf32> -> tensor<?x?x4xf32>
    %out, %hn = rnn.gru forward %x, %h0 weights(%ew, %eu, %eb, %eb) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<12x4xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
    %y = rnn.embedding %dec, %e : tensor<?x?xi32>, tensor<?x4xf32> -> tensor<?x?x4xf32>
    %sum = rnn.add %y, %out : tensor<?x?x4xf32>, tensor<?x?x4xf32> -> tensor<?x?x4xf32>
    return %sum : tensor<?x?x4xf32>
  }
}

// -----

// A decoder layer that runs backwards in time cannot decode a token at a
// time.
// CHECK-LABEL: rnn.model @backwards
// CHECK-NOT: func.func @decode_step
// expected-warning @below {{no decoder step: the decoder's layer runs backwards in time}}
rnn.model @backwards attributes {task = "seq2seq"} {
  rnn.param @e : tensor<?x4xf32> init <zeros> {dim_names = ["V", ""]}
  rnn.param @decoder.w : tensor<12x4xf32> init <zeros>
  rnn.param @decoder.u : tensor<12x4xf32> init <zeros>
  rnn.param @decoder.b : tensor<12xf32> init <zeros>
  func.func @forward(%T: index {rnn.dim = "T"}, %B: index {rnn.dim = "B"}, %V: index {rnn.dim = "V"},
                     %src: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "source"},
                     %dec: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "decoder_in"},
                     %h0: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "decoder.h"})
      -> (tensor<?x?x4xf32> {rnn.dims = ["T", "B", ""], rnn.output = "y"}) {
    %e = rnn.param_read @e : tensor<?x4xf32>
    %dw = rnn.param_read @decoder.w : tensor<12x4xf32>
    %du = rnn.param_read @decoder.u : tensor<12x4xf32>
    %db = rnn.param_read @decoder.b : tensor<12xf32>
    %y = rnn.embedding %dec, %e : tensor<?x?xi32>, tensor<?x4xf32> -> tensor<?x?x4xf32>
    %out, %hn = rnn.gru reverse %y, %h0 weights(%dw, %du, %db, %db) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<12x4xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
    return %out : tensor<?x?x4xf32>
  }
}

// -----

// A decoder whose output reads its layer's final state at every position
// is not causal: one step cannot compute it.
// CHECK-LABEL: rnn.model @reads_final_state
// CHECK-NOT: func.func @decode_step
// expected-warning @below {{no decoder step: the decoder reads its own final state}}
rnn.model @reads_final_state attributes {task = "seq2seq"} {
  rnn.param @e : tensor<?x4xf32> init <zeros> {dim_names = ["V", ""]}
  rnn.param @decoder.w : tensor<12x4xf32> init <zeros>
  rnn.param @decoder.u : tensor<12x4xf32> init <zeros>
  rnn.param @decoder.b : tensor<12xf32> init <zeros>
  func.func @forward(%T: index {rnn.dim = "T"}, %B: index {rnn.dim = "B"}, %V: index {rnn.dim = "V"},
                     %src: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "source"},
                     %dec: tensor<?x?xi32> {rnn.dims = ["T", "B"], rnn.input = "decoder_in"},
                     %h0: tensor<1x?x4xf32> {rnn.dims = ["", "B", ""], rnn.state_in = "decoder.h"})
      -> (tensor<?x?x4xf32> {rnn.dims = ["T", "B", ""], rnn.output = "y"}) {
    %e = rnn.param_read @e : tensor<?x4xf32>
    %dw = rnn.param_read @decoder.w : tensor<12x4xf32>
    %du = rnn.param_read @decoder.u : tensor<12x4xf32>
    %db = rnn.param_read @decoder.b : tensor<12xf32>
    %y = rnn.embedding %dec, %e : tensor<?x?xi32>, tensor<?x4xf32> -> tensor<?x?x4xf32>
    %out, %hn = rnn.gru forward %y, %h0 weights(%dw, %du, %db, %db) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<12x4xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
    %last = rnn.select %hn along 0 at 0 : tensor<1x?x4xf32> -> tensor<?x4xf32>
    %every = rnn.broadcast %last(%T, %B) : tensor<?x4xf32> -> tensor<?x?x4xf32>
    %sum = rnn.add %out, %every : tensor<?x?x4xf32>, tensor<?x?x4xf32> -> tensor<?x?x4xf32>
    return %sum : tensor<?x?x4xf32>
  }
}

// -----

// Another task: nothing derived.
// CHECK-LABEL: rnn.model @lm
// CHECK-NOT: func.func @encode
rnn.model @lm attributes {task = "language_model"} {
  func.func @forward(%T: index {rnn.dim = "T"},
                     %x: tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.input = "x"},
                     %y: tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.input = "y"})
      -> (tensor<?x3xf32> {rnn.dims = ["T", ""], rnn.output = "z"}) {
    %z = rnn.add %x, %y : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
    return %z : tensor<?x3xf32>
  }
}
