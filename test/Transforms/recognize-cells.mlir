// rnn-recognize-cells: a scan whose body is exactly an Elman cell, an LSTM
// cell or a reset-before GRU cell becomes one rnn.vanilla, rnn.lstm or
// rnn.gru {reset_before} layer (input-major weights
// for x @ W, zeros for a missing bias, the final states read back from h_n
// and c_n); any other body is left alone.
// RUN: rnnc-opt %s --split-input-file --rnn-recognize-cells | FileCheck %s

// d2l's RNN from scratch: tanh(x @ W_xh + h @ W_hh + b_h).
// CHECK-LABEL: func.func @scratch
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x28xf32>, %[[H:.*]]: tensor<?x8xf32>, %[[WX:.*]]: tensor<28x8xf32>, %[[WH:.*]]: tensor<8x8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK-DAG: %[[ZERO:.*]] = rnn.fill 0.000000e+00 : tensor<8xf32>
// CHECK-DAG: %[[H0:.*]] = rnn.broadcast %[[H]]({{.*}}) : tensor<?x8xf32> -> tensor<1x?x8xf32>
// CHECK: %[[Y:.*]], %[[HN:.*]] = rnn.vanilla forward %[[X]], %[[H0]] weights(%[[WX]], %[[WH]], %[[B]], %[[ZERO]]) {hidden_size = 8 : i64, input_major, num_layers = 1 : i64}
// CHECK: %[[LAST:.*]] = rnn.select %[[HN]] along 0 at 0 : tensor<1x?x8xf32> -> tensor<?x8xf32>
// CHECK: return %[[LAST]], %[[Y]]
// CHECK-NOT: rnn.scan
func.func @scratch(%x: tensor<?x?x28xf32>, %h0: tensor<?x8xf32>, %wx: tensor<28x8xf32>,
                   %wh: tensor<8x8xf32>, %b: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?x?x8xf32>) {
  %hT, %hs = rnn.scan forward seqs(%x : tensor<?x?x28xf32>) inits(%h0 : tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x?x8xf32>) {
  ^bb0(%xt: tensor<?x28xf32>, %h: tensor<?x8xf32>):
    %a = rnn.matmul %xt, %wx : tensor<?x28xf32>, tensor<28x8xf32> -> tensor<?x8xf32>
    %c = rnn.matmul %h, %wh : tensor<?x8xf32>, tensor<8x8xf32> -> tensor<?x8xf32>
    %s = rnn.add %a, %c : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %t = rnn.add %s, %b : tensor<?x8xf32>, tensor<8xf32> -> tensor<?x8xf32>
    %n = rnn.tanh %t : tensor<?x8xf32>
    rnn.yield %n, %n : tensor<?x8xf32>, tensor<?x8xf32>
  }
  return %hT, %hs : tensor<?x8xf32>, tensor<?x?x8xf32>
}

// -----

// PyTorch's layout (x @ W^T), two biases, the sum in another order, relu,
// reverse: the same layer without input_major.
// CHECK-LABEL: func.func @torch_layout
// CHECK: rnn.vanilla reverse %arg0, %{{.*}} weights(%arg2, %arg3, %{{.*}}, %{{.*}}) {activation = 1 : i32, hidden_size = 8 : i64, num_layers = 1 : i64}
func.func @torch_layout(%x: tensor<5x2x3xf32>, %h0: tensor<2x8xf32>, %wx: tensor<8x3xf32>,
                        %wh: tensor<8x8xf32>, %b1: tensor<8xf32>, %b2: tensor<8xf32>) -> tensor<5x2x8xf32> {
  %hT, %hs = rnn.scan reverse seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<5x2x8xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x8xf32>):
    %c = rnn.matmul %h, %wh {transpose_rhs} : tensor<2x8xf32>, tensor<8x8xf32> -> tensor<2x8xf32>
    %hb = rnn.add %b2, %c : tensor<8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %a = rnn.matmul %xt, %wx {transpose_rhs} : tensor<2x3xf32>, tensor<8x3xf32> -> tensor<2x8xf32>
    %xb = rnn.add %a, %b1 : tensor<2x8xf32>, tensor<8xf32> -> tensor<2x8xf32>
    %s = rnn.add %hb, %xb : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %n = rnn.relu %s : tensor<2x8xf32>
    rnn.yield %n, %n : tensor<2x8xf32>, tensor<2x8xf32>
  }
  return %hs : tensor<5x2x8xf32>
}

// -----

// Not an Elman cell: a gate multiplies the sum; mixed weight layouts; a
// weight computed inside the body. All three scans stay.
// CHECK-LABEL: func.func @others
// CHECK-COUNT-3: rnn.scan
// CHECK-NOT: rnn.vanilla
func.func @others(%x: tensor<5x2x3xf32>, %h0: tensor<2x8xf32>, %wx: tensor<3x8xf32>, %wxt: tensor<8x3xf32>,
                  %wh: tensor<8x8xf32>, %g: tensor<2x8xf32>) -> (tensor<5x2x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>) {
  %h1, %s1 = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<5x2x8xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x8xf32>):
    %a = rnn.matmul %xt, %wx : tensor<2x3xf32>, tensor<3x8xf32> -> tensor<2x8xf32>
    %c = rnn.matmul %h, %wh : tensor<2x8xf32>, tensor<8x8xf32> -> tensor<2x8xf32>
    %s = rnn.add %a, %c : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %m = rnn.mul %s, %g : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %n = rnn.tanh %m : tensor<2x8xf32>
    rnn.yield %n, %n : tensor<2x8xf32>, tensor<2x8xf32>
  }
  %h2, %s2 = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<5x2x8xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x8xf32>):
    %a = rnn.matmul %xt, %wxt {transpose_rhs} : tensor<2x3xf32>, tensor<8x3xf32> -> tensor<2x8xf32>
    %c = rnn.matmul %h, %wh : tensor<2x8xf32>, tensor<8x8xf32> -> tensor<2x8xf32>
    %s = rnn.add %a, %c : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %n = rnn.tanh %s : tensor<2x8xf32>
    rnn.yield %n, %n : tensor<2x8xf32>, tensor<2x8xf32>
  }
  %h3, %s3 = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<5x2x8xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x8xf32>):
    %w2 = rnn.tanh %wh : tensor<8x8xf32>
    %a = rnn.matmul %xt, %wx : tensor<2x3xf32>, tensor<3x8xf32> -> tensor<2x8xf32>
    %c = rnn.matmul %h, %w2 : tensor<2x8xf32>, tensor<8x8xf32> -> tensor<2x8xf32>
    %s = rnn.add %a, %c : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %n = rnn.tanh %s : tensor<2x8xf32>
    rnn.yield %n, %n : tensor<2x8xf32>, tensor<2x8xf32>
  }
  return %s1, %s2, %s3 : tensor<5x2x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>
}

// -----

// d2l's LSTM from scratch, written with the states as (c, h) and the gates
// in another order: one rnn.lstm, input-major, gate blocks joined in
// PyTorch's order i, f, g, o, the final states read back in the scan's
// order.
// CHECK-LABEL: func.func @lstm
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %[[C0:.*]]: tensor<2x4xf32>, %[[H0:.*]]: tensor<2x4xf32>, %[[WXI:.*]]: tensor<3x4xf32>, %[[WXF:.*]]: tensor<3x4xf32>, %[[WXG:.*]]: tensor<3x4xf32>, %[[WXO:.*]]: tensor<3x4xf32>, %[[WHI:.*]]: tensor<4x4xf32>, %[[WHF:.*]]: tensor<4x4xf32>, %[[WHG:.*]]: tensor<4x4xf32>, %[[WHO:.*]]: tensor<4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[WX:.*]] = rnn.concat %[[WXI]], %[[WXF]], %[[WXG]], %[[WXO]] along 1 : (tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x16xf32>
// CHECK-DAG: %[[WH:.*]] = rnn.concat %[[WHI]], %[[WHF]], %[[WHG]], %[[WHO]] along 1
// CHECK-DAG: %[[HB:.*]] = rnn.broadcast %[[H0]]
// CHECK-DAG: %[[CB:.*]] = rnn.broadcast %[[C0]]
// CHECK: %[[Y:.*]], %[[HN:.*]], %[[CN:.*]] = rnn.lstm forward %[[X]], %[[HB]], %[[CB]] weights(%[[WX]], %[[WH]], %{{.*}}, %{{.*}}) {hidden_size = 4 : i64, input_major, num_layers = 1 : i64}
// CHECK-DAG: %[[H:.*]] = rnn.select %[[HN]] along 0 at 0
// CHECK-DAG: %[[C:.*]] = rnn.select %[[CN]] along 0 at 0
// CHECK: return %[[C]], %[[H]], %[[Y]]
// CHECK-NOT: rnn.scan
func.func @lstm(%x: tensor<5x2x3xf32>, %c0: tensor<2x4xf32>, %h0: tensor<2x4xf32>,
                %wxi: tensor<3x4xf32>, %wxf: tensor<3x4xf32>, %wxg: tensor<3x4xf32>, %wxo: tensor<3x4xf32>,
                %whi: tensor<4x4xf32>, %whf: tensor<4x4xf32>, %whg: tensor<4x4xf32>, %who: tensor<4x4xf32>,
                %b: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>) {
  %cT, %hT, %hs = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%c0, %h0 : tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %c: tensor<2x4xf32>, %h: tensor<2x4xf32>):
    %o1 = rnn.matmul %xt, %wxo : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %o2 = rnn.matmul %h, %who : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %os = rnn.add %o1, %o2 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %o = rnn.sigmoid %os : tensor<2x4xf32>
    %g1 = rnn.matmul %xt, %wxg : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %g2 = rnn.matmul %h, %whg : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %gs = rnn.add %g2, %g1 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %gb = rnn.add %gs, %b : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
    %g = rnn.tanh %gb : tensor<2x4xf32>
    %i1 = rnn.matmul %xt, %wxi : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %i2 = rnn.matmul %h, %whi : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %is = rnn.add %i1, %i2 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %i = rnn.sigmoid %is : tensor<2x4xf32>
    %f1 = rnn.matmul %xt, %wxf : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %f2 = rnn.matmul %h, %whf : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
    %fs = rnn.add %f1, %f2 : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %f = rnn.sigmoid %fs : tensor<2x4xf32>
    %fc = rnn.mul %c, %f : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %ig = rnn.mul %g, %i : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %cn = rnn.add %ig, %fc : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    %tc = rnn.tanh %cn : tensor<2x4xf32>
    %hn = rnn.mul %tc, %o : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
    rnn.yield %cn, %hn, %hn : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
  }
  return %cT, %hT, %hs : tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>
}

// -----

// d2l's GRU from scratch (d2l 10.2): the gates joined in PyTorch's order
// r, z, n; the reset gate applied to h before its product.
// CHECK-LABEL: func.func @gru
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x28xf32>, %[[H:.*]]: tensor<?x8xf32>, %[[WXZ:[^:]*]]: tensor<28x8xf32>, %[[WHZ:[^:]*]]: tensor<8x8xf32>, %[[BZ:[^:]*]]: tensor<8xf32>, %[[WXR:[^:]*]]: tensor<28x8xf32>, %[[WHR:[^:]*]]: tensor<8x8xf32>, %[[BR:[^:]*]]: tensor<8xf32>, %[[WXH:[^:]*]]: tensor<28x8xf32>, %[[WHH:[^:]*]]: tensor<8x8xf32>, %[[BH:[^:]*]]: tensor<8xf32>)
// CHECK-DAG: %[[WX:.*]] = rnn.concat %[[WXR]], %[[WXZ]], %[[WXH]] along 1 : {{.*}} -> tensor<28x24xf32>
// CHECK-DAG: %[[WH:.*]] = rnn.concat %[[WHR]], %[[WHZ]], %[[WHH]] along 1 : {{.*}} -> tensor<8x24xf32>
// CHECK-DAG: %[[B:.*]] = rnn.concat %[[BR]], %[[BZ]], %[[BH]] along 0
// CHECK: %[[Y:.*]], %[[HN:.*]] = rnn.gru forward %[[X]], %{{.*}} weights(%[[WX]], %[[WH]], %[[B]], %{{.*}}) {hidden_size = 8 : i64, input_major, num_layers = 1 : i64, reset_before}
// CHECK-NOT: rnn.scan
func.func @gru(%x: tensor<?x?x28xf32>, %h0: tensor<?x8xf32>,
               %wxz: tensor<28x8xf32>, %whz: tensor<8x8xf32>, %bz: tensor<8xf32>,
               %wxr: tensor<28x8xf32>, %whr: tensor<8x8xf32>, %br: tensor<8xf32>,
               %wxh: tensor<28x8xf32>, %whh: tensor<8x8xf32>, %bh: tensor<8xf32>) -> tensor<?x?x8xf32> {
  %hT, %hs = rnn.scan forward seqs(%x : tensor<?x?x28xf32>) inits(%h0 : tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x?x8xf32>) {
  ^bb0(%xt: tensor<?x28xf32>, %h: tensor<?x8xf32>):
    %0 = rnn.matmul %xt, %wxz : tensor<?x28xf32>, tensor<28x8xf32> -> tensor<?x8xf32>
    %1 = rnn.matmul %h, %whz : tensor<?x8xf32>, tensor<8x8xf32> -> tensor<?x8xf32>
    %2 = rnn.add %0, %1 : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %3 = rnn.add %2, %bz : tensor<?x8xf32>, tensor<8xf32> -> tensor<?x8xf32>
    %z = rnn.sigmoid %3 : tensor<?x8xf32>
    %4 = rnn.matmul %xt, %wxr : tensor<?x28xf32>, tensor<28x8xf32> -> tensor<?x8xf32>
    %5 = rnn.matmul %h, %whr : tensor<?x8xf32>, tensor<8x8xf32> -> tensor<?x8xf32>
    %6 = rnn.add %4, %5 : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %7 = rnn.add %6, %br : tensor<?x8xf32>, tensor<8xf32> -> tensor<?x8xf32>
    %r = rnn.sigmoid %7 : tensor<?x8xf32>
    %8 = rnn.matmul %xt, %wxh : tensor<?x28xf32>, tensor<28x8xf32> -> tensor<?x8xf32>
    %rh = rnn.mul %r, %h : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %9 = rnn.matmul %rh, %whh : tensor<?x8xf32>, tensor<8x8xf32> -> tensor<?x8xf32>
    %10 = rnn.add %8, %9 : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %11 = rnn.add %10, %bh : tensor<?x8xf32>, tensor<8xf32> -> tensor<?x8xf32>
    %n = rnn.tanh %11 : tensor<?x8xf32>
    %zh = rnn.mul %z, %h : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %one = rnn.fill 1.000000e+00 : tensor<f32>
    %omz = rnn.sub %one, %z : tensor<f32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %zn = rnn.mul %omz, %n : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    %next = rnn.add %zh, %zn : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x8xf32>
    rnn.yield %next, %next : tensor<?x8xf32>, tensor<?x8xf32>
  }
  return %hs : tensor<?x?x8xf32>
}

// -----

// The update written n + z * (h - n), PyTorch's layout, no biases: the
// same GRU without input_major. The reset applied after the product,
// r * (h @ W_hn^T + b_hn), is PyTorch's GRU: rnn.gru without reset_before,
// b_hn in b_hh's n block (zeros elsewhere). An update that interpolates
// the other way (z * n + (1 - z) * h) is not a GRU cell: that scan stays.
// CHECK-LABEL: func.func @gru_forms
// CHECK: rnn.gru forward %arg0, %{{.*}} weights({{.*}}) {hidden_size = 8 : i64, num_layers = 1 : i64, reset_before}
// CHECK: %[[Z8:.*]] = rnn.fill 0.000000e+00 : tensor<8xf32>
// CHECK: %[[BHH:.*]] = rnn.concat %{{.*}}, %{{.*}}, %arg4 along 0
// CHECK: rnn.gru forward %arg0, %{{.*}} weights(%{{.*}}, %{{.*}}, %{{.*}}, %[[BHH]]) {hidden_size = 8 : i64, num_layers = 1 : i64}
// CHECK: rnn.scan
// CHECK-NOT: rnn.gru
func.func @gru_forms(%x: tensor<5x2x3xf32>, %h0: tensor<2x8xf32>, %wx: tensor<8x3xf32>, %wh: tensor<8x8xf32>,
                     %bhn: tensor<8xf32>)
    -> (tensor<5x2x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>) {
  %hT, %hs = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<5x2x8xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x8xf32>):
    %0 = rnn.matmul %xt, %wx {transpose_rhs} : tensor<2x3xf32>, tensor<8x3xf32> -> tensor<2x8xf32>
    %1 = rnn.matmul %h, %wh {transpose_rhs} : tensor<2x8xf32>, tensor<8x8xf32> -> tensor<2x8xf32>
    %2 = rnn.add %1, %0 : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %z = rnn.sigmoid %2 : tensor<2x8xf32>
    %r = rnn.sigmoid %2 : tensor<2x8xf32>
    %rh = rnn.mul %h, %r : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %3 = rnn.matmul %rh, %wh {transpose_rhs} : tensor<2x8xf32>, tensor<8x8xf32> -> tensor<2x8xf32>
    %4 = rnn.add %0, %3 : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %n = rnn.tanh %4 : tensor<2x8xf32>
    %d = rnn.sub %h, %n : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %zd = rnn.mul %z, %d : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %next = rnn.add %n, %zd : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    rnn.yield %next, %next : tensor<2x8xf32>, tensor<2x8xf32>
  }
  %gT, %gs = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<5x2x8xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x8xf32>):
    %0 = rnn.matmul %xt, %wx {transpose_rhs} : tensor<2x3xf32>, tensor<8x3xf32> -> tensor<2x8xf32>
    %1 = rnn.matmul %h, %wh {transpose_rhs} : tensor<2x8xf32>, tensor<8x8xf32> -> tensor<2x8xf32>
    %2 = rnn.add %1, %0 : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %z = rnn.sigmoid %2 : tensor<2x8xf32>
    %r = rnn.sigmoid %2 : tensor<2x8xf32>
    %hn = rnn.add %1, %bhn : tensor<2x8xf32>, tensor<8xf32> -> tensor<2x8xf32>
    %rhw = rnn.mul %r, %hn : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %4 = rnn.add %0, %rhw : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %n = rnn.tanh %4 : tensor<2x8xf32>
    %d = rnn.sub %h, %n : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %zd = rnn.mul %z, %d : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %next = rnn.add %n, %zd : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    rnn.yield %next, %next : tensor<2x8xf32>, tensor<2x8xf32>
  }
  %kT, %ks = rnn.scan forward seqs(%x : tensor<5x2x3xf32>) inits(%h0 : tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<5x2x8xf32>) {
  ^bb0(%xt: tensor<2x3xf32>, %h: tensor<2x8xf32>):
    %0 = rnn.matmul %xt, %wx {transpose_rhs} : tensor<2x3xf32>, tensor<8x3xf32> -> tensor<2x8xf32>
    %1 = rnn.matmul %h, %wh {transpose_rhs} : tensor<2x8xf32>, tensor<8x8xf32> -> tensor<2x8xf32>
    %2 = rnn.add %1, %0 : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %z = rnn.sigmoid %2 : tensor<2x8xf32>
    %r = rnn.sigmoid %2 : tensor<2x8xf32>
    %rhw = rnn.mul %r, %1 : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %4 = rnn.add %0, %rhw : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %n = rnn.tanh %4 : tensor<2x8xf32>
    %zn = rnn.mul %z, %n : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %one = rnn.fill 1.000000e+00 : tensor<f32>
    %omz = rnn.sub %one, %z : tensor<f32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %zh = rnn.mul %omz, %h : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    %next = rnn.add %zn, %zh : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
    rnn.yield %next, %next : tensor<2x8xf32>, tensor<2x8xf32>
  }
  return %hs, %gs, %ks : tensor<5x2x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>
}
