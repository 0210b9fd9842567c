// Canonicalization of rnn.scan: sequences whose step slices the body never
// reads are dropped; one is always kept, since the scan counts its steps
// from its sequences. Stacked outputs nothing reads are dropped; final
// states always stay.
// RUN: rnnc-opt %s --canonicalize --split-input-file | FileCheck %s

// The unread middle sequence goes; the body loses its argument; attributes
// the op carries survive.
// CHECK-LABEL: func.func @drops_unread
// CHECK-SAME: (%[[A:.*]]: tensor<4x2xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[C:.*]]: tensor<4x2xf32>, %[[H:.*]]: tensor<2xf32>)
// CHECK: rnn.scan forward seqs(%[[A]], %[[C]] : tensor<4x2xf32>, tensor<4x2xf32>) inits(%[[H]] : tensor<2xf32>)
// CHECK-SAME: {tag = "keep me"}
// CHECK-NEXT: ^bb0(%[[AT:.*]]: tensor<2xf32>, %[[CT:.*]]: tensor<2xf32>, %[[HT:.*]]: tensor<2xf32>):
// CHECK: rnn.add %[[AT]], %[[CT]]
func.func @drops_unread(%a: tensor<4x2xf32>, %b: tensor<4x3xf32>,
                        %c: tensor<4x2xf32>, %h0: tensor<2xf32>)
    -> (tensor<2xf32>, tensor<4x2xf32>) {
  %hT, %hs = rnn.scan forward seqs(%a, %b, %c : tensor<4x2xf32>, tensor<4x3xf32>, tensor<4x2xf32>) inits(%h0 : tensor<2xf32>) {tag = "keep me"} -> (tensor<2xf32>, tensor<4x2xf32>) {
  ^bb0(%at: tensor<2xf32>, %bt: tensor<3xf32>, %ct: tensor<2xf32>, %h: tensor<2xf32>):
    %s = rnn.add %at, %ct : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
    %n = rnn.add %s, %h : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
    rnn.yield %n, %n : tensor<2xf32>, tensor<2xf32>
  }
  return %hT, %hs : tensor<2xf32>, tensor<4x2xf32>
}

// -----

// Nothing is read: the first sequence with a static step count stays, so
// the number of steps stays known.
// CHECK-LABEL: func.func @keeps_one_static
// CHECK-SAME: (%[[D:.*]]: tensor<?x2xf32>, %[[S:.*]]: tensor<6x2xf32>, %[[H:.*]]: tensor<2xf32>)
// CHECK: rnn.scan reverse seqs(%[[S]] : tensor<6x2xf32>) inits(%[[H]] : tensor<2xf32>)
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<2xf32>, %{{.*}}: tensor<2xf32>):
func.func @keeps_one_static(%d: tensor<?x2xf32>, %s: tensor<6x2xf32>,
                            %h0: tensor<2xf32>) -> tensor<2xf32> {
  %hT = rnn.scan reverse seqs(%d, %s : tensor<?x2xf32>, tensor<6x2xf32>) inits(%h0 : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%dt: tensor<2xf32>, %st: tensor<2xf32>, %h: tensor<2xf32>):
    %n = rnn.tanh %h : tensor<2xf32>
    rnn.yield %n : tensor<2xf32>
  }
  return %hT : tensor<2xf32>
}

// -----

// A lone unread sequence is the step count: it stays.
// CHECK-LABEL: func.func @keeps_lone
// CHECK: rnn.scan forward seqs(%{{.*}} : tensor<?x2xf32>)
func.func @keeps_lone(%d: tensor<?x2xf32>, %h0: tensor<2xf32>) -> tensor<2xf32> {
  %hT = rnn.scan forward seqs(%d : tensor<?x2xf32>) inits(%h0 : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%dt: tensor<2xf32>, %h: tensor<2xf32>):
    %n = rnn.tanh %h : tensor<2xf32>
    rnn.yield %n : tensor<2xf32>
  }
  return %hT : tensor<2xf32>
}

// -----

// Every sequence is read: unchanged.
// CHECK-LABEL: func.func @all_read
// CHECK: rnn.scan forward seqs(%{{.*}}, %{{.*}} : tensor<3x2xf32>, tensor<3x2xf32>)
func.func @all_read(%a: tensor<3x2xf32>, %b: tensor<3x2xf32>,
                    %h0: tensor<2xf32>) -> tensor<2xf32> {
  %hT = rnn.scan forward seqs(%a, %b : tensor<3x2xf32>, tensor<3x2xf32>) inits(%h0 : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%at: tensor<2xf32>, %bt: tensor<2xf32>, %h: tensor<2xf32>):
    %s = rnn.mul %at, %bt : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
    %n = rnn.add %s, %h : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
    rnn.yield %n : tensor<2xf32>
  }
  return %hT : tensor<2xf32>
}

// -----

// The second stacked output is not read: it goes, with its yield operand;
// the unused final state stays (it is the loop's carried value).
// CHECK-LABEL: func.func @drops_unused_outputs
// CHECK: %[[R:.*]]:2 = rnn.scan forward seqs(%{{.*}} : tensor<3x2xf32>) inits(%{{.*}} : tensor<2xf32>) {tag = "keep me"} -> (tensor<2xf32>, tensor<3x2xf32>)
// CHECK: %[[N:.*]] = rnn.add
// CHECK-NEXT: rnn.yield %[[N]], %[[N]] : tensor<2xf32>, tensor<2xf32>
// CHECK: return %[[R]]#1
func.func @drops_unused_outputs(%a: tensor<3x2xf32>, %h0: tensor<2xf32>) -> tensor<3x2xf32> {
  %hT, %hs, %prev = rnn.scan forward seqs(%a : tensor<3x2xf32>) inits(%h0 : tensor<2xf32>) {tag = "keep me"} -> (tensor<2xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  ^bb0(%at: tensor<2xf32>, %h: tensor<2xf32>):
    %n = rnn.add %at, %h : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
    rnn.yield %n, %n, %h : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
  }
  return %hs : tensor<3x2xf32>
}
