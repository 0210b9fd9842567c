// rnn-decompose-layers: each layer and direction of rnn.vanilla/gru/lstm
// becomes one rnn.scan over the cell written in rnn ops (PyTorch's gate
// order and weight layout); final states are stacked back to [L*D, B, H].
// RUN: rnnc-opt %s --split-input-file --rnn-decompose-layers | FileCheck %s

// A bidirectional LSTM: a forward and a reverse scan, outputs concatenated.
// CHECK-LABEL: func.func @lstm
// CHECK-SAME: (%[[X:.*]]: tensor<5x2x3xf32>, %[[H0:.*]]: tensor<2x2x4xf32>, %[[C0:.*]]: tensor<2x2x4xf32>, %[[WIH:.*]]: tensor<16x3xf32>, %[[WHH:.*]]: tensor<16x4xf32>, %[[B:.*]]: tensor<16xf32>, %[[WIHR:.*]]: tensor<16x3xf32>)
// CHECK: %[[H:.*]] = rnn.select %[[H0]] along 0 at 0
// CHECK: %[[C:.*]] = rnn.select %[[C0]] along 0 at 0
// CHECK: %[[F:.*]]:3 = rnn.scan forward seqs(%[[X]] : tensor<5x2x3xf32>) inits(%[[H]], %[[C]] :
// CHECK: ^bb0(%[[XT:.*]]: tensor<2x3xf32>, %[[HT:.*]]: tensor<2x4xf32>, %[[CT:.*]]: tensor<2x4xf32>):
// CHECK-DAG: rnn.matmul %[[HT]], %[[WHH]] {transpose_rhs}
// CHECK-DAG: rnn.matmul %[[XT]], %[[WIH]] {transpose_rhs}
// CHECK: %[[G:.*]]:4 = rnn.split %{{.*}} along 1 sizes [4, 4, 4, 4]
// CHECK: %[[I:.*]] = rnn.sigmoid %[[G]]#0
// CHECK: %[[FG:.*]] = rnn.sigmoid %[[G]]#1
// CHECK: %[[CAND:.*]] = rnn.tanh %[[G]]#2
// CHECK: %[[O:.*]] = rnn.sigmoid %[[G]]#3
// CHECK: %[[IC:.*]] = rnn.mul %[[I]], %[[CAND]]
// CHECK: %[[FC:.*]] = rnn.mul %[[FG]], %[[CT]]
// CHECK: %[[CN:.*]] = rnn.add %[[FC]], %[[IC]]
// CHECK: %[[TC:.*]] = rnn.tanh %[[CN]]
// CHECK: %[[HN:.*]] = rnn.mul %[[O]], %[[TC]]
// CHECK: rnn.yield %[[HN]], %[[CN]], %[[HN]]
// CHECK: rnn.select %[[H0]] along 0 at 1
// CHECK: %[[R:.*]]:3 = rnn.scan reverse seqs(%[[X]] : tensor<5x2x3xf32>)
// CHECK: rnn.matmul %{{.*}}, %[[WIHR]] {transpose_rhs}
// CHECK: %[[Y:.*]] = rnn.concat %[[F]]#2, %[[R]]#2 along 2 : (tensor<5x2x4xf32>, tensor<5x2x4xf32>) -> tensor<5x2x8xf32>
// CHECK: %[[HS:.*]] = rnn.concat %{{.*}}, %{{.*}} along 0 : (tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> tensor<2x2x4xf32>
// CHECK: %[[CS:.*]] = rnn.concat %{{.*}}, %{{.*}} along 0
// CHECK: return %[[Y]], %[[HS]], %[[CS]]
// CHECK-NOT: rnn.lstm
func.func @lstm(%x: tensor<5x2x3xf32>, %h0: tensor<2x2x4xf32>, %c0: tensor<2x2x4xf32>,
                %wih: tensor<16x3xf32>, %whh: tensor<16x4xf32>, %b: tensor<16xf32>,
                %wihr: tensor<16x3xf32>) -> (tensor<5x2x8xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>) {
  %y, %hn, %cn = rnn.lstm bidirectional %x, %h0, %c0 weights(%wih, %whh, %b, %b, %wihr, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<5x2x8xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  return %y, %hn, %cn : tensor<5x2x8xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>
}

// -----

// A GRU: r and z from the summed gate blocks, n with r times the hidden
// part, h' = n + z (h - n); dynamic time and batch.
// CHECK-LABEL: func.func @gru
// CHECK: rnn.scan forward
// CHECK: ^bb0(%{{.*}}: tensor<?x3xf32>, %[[H:.*]]: tensor<?x4xf32>):
// CHECK: %[[GI:.*]]:3 = rnn.split
// CHECK: %[[GH:.*]]:3 = rnn.split
// CHECK: %[[RS:.*]] = rnn.add %[[GI]]#0, %[[GH]]#0
// CHECK: %[[R:.*]] = rnn.sigmoid %[[RS]]
// CHECK: %[[ZS:.*]] = rnn.add %[[GI]]#1, %[[GH]]#1
// CHECK: %[[Z:.*]] = rnn.sigmoid %[[ZS]]
// CHECK: %[[RN:.*]] = rnn.mul %[[R]], %[[GH]]#2
// CHECK: %[[NS:.*]] = rnn.add %[[GI]]#2, %[[RN]]
// CHECK: %[[N:.*]] = rnn.tanh %[[NS]]
// CHECK: %[[D:.*]] = rnn.sub %[[H]], %[[N]]
// CHECK: %[[ZD:.*]] = rnn.mul %[[Z]], %[[D]]
// CHECK: %[[HN:.*]] = rnn.add %[[N]], %[[ZD]]
// CHECK: rnn.yield %[[HN]], %[[HN]]
// CHECK: tensor.dim
// CHECK: rnn.broadcast %{{.*}}(%{{.*}}) : tensor<?x4xf32> -> tensor<1x?x4xf32>
func.func @gru(%x: tensor<?x?x3xf32>, %h0: tensor<1x?x4xf32>, %wih: tensor<12x3xf32>,
               %whh: tensor<12x4xf32>, %b: tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>) {
  %y, %hn = rnn.gru forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x3xf32>, tensor<1x?x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %hn : tensor<?x?x4xf32>, tensor<1x?x4xf32>
}

// -----

// A reset-before GRU (d2l's): W_hh and b_hh split above the scan into the
// r/z blocks and the n block; n's hidden product is of r * h.
// CHECK-LABEL: func.func @gru_reset_before
// CHECK: %[[W:.*]]:2 = rnn.split %arg3 along 0 sizes [8, 4] : tensor<12x4xf32> -> tensor<8x4xf32>, tensor<4x4xf32>
// CHECK: %[[B:.*]]:2 = rnn.split %arg4 along 0 sizes [8, 4] : tensor<12xf32> -> tensor<8xf32>, tensor<4xf32>
// CHECK: rnn.scan forward
// CHECK: ^bb0(%{{.*}}: tensor<?x3xf32>, %[[H:.*]]: tensor<?x4xf32>):
// CHECK: %[[GI:.*]]:3 = rnn.split
// CHECK: %[[HRZ:.*]] = rnn.matmul %[[H]], %[[W]]#0 {transpose_rhs}
// CHECK: %[[GH:.*]]:2 = rnn.split
// CHECK: %[[R:.*]] = rnn.sigmoid
// CHECK: %[[Z:.*]] = rnn.sigmoid
// CHECK: %[[RH:.*]] = rnn.mul %[[R]], %[[H]]
// CHECK: %[[HNP:.*]] = rnn.matmul %[[RH]], %[[W]]#1 {transpose_rhs}
// CHECK: %[[HNB:.*]] = rnn.add %[[HNP]], %[[B]]#1
// CHECK: %[[NS:.*]] = rnn.add %[[GI]]#2, %[[HNB]]
// CHECK: %[[N:.*]] = rnn.tanh %[[NS]]
// CHECK: rnn.sub %[[H]], %[[N]]
func.func @gru_reset_before(%x: tensor<?x?x3xf32>, %h0: tensor<1x?x4xf32>, %wih: tensor<12x3xf32>,
                            %whh: tensor<12x4xf32>, %b: tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>) {
  %y, %hn = rnn.gru forward %x, %h0 weights(%wih, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64, reset_before} : (tensor<?x?x3xf32>, tensor<1x?x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %hn : tensor<?x?x4xf32>, tensor<1x?x4xf32>
}

// -----

// Two layers of a ReLU RNN: the second scans the first's outputs; dropout
// between the layers.
// CHECK-LABEL: func.func @deep
// CHECK: %[[L0:.*]]:2 = rnn.scan forward seqs(%arg0
// CHECK: rnn.relu
// CHECK: %[[D:.*]] = rnn.dropout %[[L0]]#1 rate 5.000000e-01 seed 1
// CHECK: %[[L1:.*]]:2 = rnn.scan forward seqs(%[[D]]
// CHECK: rnn.matmul %{{.*}}, %arg3 {transpose_rhs}
// CHECK: return %[[L1]]#1
func.func @deep(%x: tensor<5x2x3xf32>, %h0: tensor<2x2x4xf32>, %wih: tensor<4x3xf32>,
                %wih1: tensor<4x4xf32>, %whh: tensor<4x4xf32>, %b: tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<2x2x4xf32>) {
  %y, %hn = rnn.vanilla forward %x, %h0 weights(%wih, %whh, %b, %b, %wih1, %whh, %b, %b) {hidden_size = 4 : i64, num_layers = 2 : i64, dropout = 0.5 : f64, activation = 1 : i32} : (tensor<5x2x3xf32>, tensor<2x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<2x2x4xf32>)
  return %y, %hn : tensor<5x2x4xf32>, tensor<2x2x4xf32>
}
