// rnn-decompose-layers then rnn-recognize-cells gives every layer back:
// both passes read the one definition of each cell (RNNCellEquations.cpp),
// so the scan the first builds is the cell the second recognises, for each
// cell kind, both weight layouts and both directions, with all four
// weights distinct so that a swapped weight or bias would show.
// RUN: rnnc-opt %s --split-input-file --rnn-decompose-layers --rnn-recognize-cells --canonicalize --cse | FileCheck %s
// RUN: rnnc-opt %s --split-input-file --rnn-decompose-layers | FileCheck %s --check-prefix=SCAN

// SCAN-LABEL: func.func @tanh
// SCAN: rnn.scan
// SCAN-NOT: rnn.vanilla
// CHECK-LABEL: func.func @tanh
// CHECK-SAME: (%[[X:[^:]*]]: {{[^,]*}}, %[[H0:[^:]*]]: {{[^,]*}}, %[[WIH:[^:]*]]: {{[^,]*}}, %[[WHH:[^:]*]]: {{[^,]*}}, %[[BIH:[^:]*]]: {{[^,]*}}, %[[BHH:[^:]*]]: {{[^,]*}})
// CHECK-NEXT: %[[Y:[^,]*]], %[[HN:[^ ]*]] = rnn.vanilla forward %[[X]], %[[H0]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 4 : i64, num_layers = 1 : i64}
// CHECK-NEXT: return %[[Y]], %[[HN]] :
func.func @tanh(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>, %wih: tensor<4x3xf32>,
                %whh: tensor<4x4xf32>, %bih: tensor<4xf32>, %bhh: tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %hn = rnn.vanilla forward %x, %h0 weights(%wih, %whh, %bih, %bhh) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %hn : tensor<5x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @relu_reverse_input_major
// CHECK-SAME: (%[[X:[^:]*]]: {{[^,]*}}, %[[H0:[^:]*]]: {{[^,]*}}, %[[WIH:[^:]*]]: {{[^,]*}}, %[[WHH:[^:]*]]: {{[^,]*}}, %[[BIH:[^:]*]]: {{[^,]*}}, %[[BHH:[^:]*]]: {{[^,]*}})
// CHECK-NEXT: %[[Y:[^,]*]], %[[HN:[^ ]*]] = rnn.vanilla reverse %[[X]], %[[H0]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {activation = 1 : i32, hidden_size = 4 : i64, input_major, num_layers = 1 : i64}
// CHECK-NEXT: return %[[Y]], %[[HN]] :
func.func @relu_reverse_input_major(%x: tensor<?x?x3xf32>, %h0: tensor<1x?x4xf32>, %wih: tensor<3x4xf32>,
                %whh: tensor<4x4xf32>, %bih: tensor<4xf32>, %bhh: tensor<4xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>) {
  %y, %hn = rnn.vanilla reverse %x, %h0 weights(%wih, %whh, %bih, %bhh) {hidden_size = 4 : i64, num_layers = 1 : i64, activation = 1 : i32, input_major} : (tensor<?x?x3xf32>, tensor<1x?x4xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %hn : tensor<?x?x4xf32>, tensor<1x?x4xf32>
}

// -----

// SCAN-LABEL: func.func @gru
// SCAN: rnn.scan
// SCAN-NOT: rnn.gru
// CHECK-LABEL: func.func @gru
// CHECK-SAME: (%[[X:[^:]*]]: {{[^,]*}}, %[[H0:[^:]*]]: {{[^,]*}}, %[[WIH:[^:]*]]: {{[^,]*}}, %[[WHH:[^:]*]]: {{[^,]*}}, %[[BIH:[^:]*]]: {{[^,]*}}, %[[BHH:[^:]*]]: {{[^,]*}})
// CHECK-NEXT: %[[Y:[^,]*]], %[[HN:[^ ]*]] = rnn.gru forward %[[X]], %[[H0]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 4 : i64, num_layers = 1 : i64}
// CHECK-NEXT: return %[[Y]], %[[HN]] :
func.func @gru(%x: tensor<?x?x3xf32>, %h0: tensor<1x?x4xf32>, %wih: tensor<12x3xf32>,
               %whh: tensor<12x4xf32>, %bih: tensor<12xf32>, %bhh: tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>) {
  %y, %hn = rnn.gru forward %x, %h0 weights(%wih, %whh, %bih, %bhh) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x3xf32>, tensor<1x?x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %hn : tensor<?x?x4xf32>, tensor<1x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @gru_reverse_input_major
// CHECK-SAME: (%[[X:[^:]*]]: {{[^,]*}}, %[[H0:[^:]*]]: {{[^,]*}}, %[[WIH:[^:]*]]: {{[^,]*}}, %[[WHH:[^:]*]]: {{[^,]*}}, %[[BIH:[^:]*]]: {{[^,]*}}, %[[BHH:[^:]*]]: {{[^,]*}})
// CHECK-NEXT: %[[Y:[^,]*]], %[[HN:[^ ]*]] = rnn.gru reverse %[[X]], %[[H0]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 4 : i64, input_major, num_layers = 1 : i64}
// CHECK-NEXT: return %[[Y]], %[[HN]] :
func.func @gru_reverse_input_major(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>, %wih: tensor<3x12xf32>,
               %whh: tensor<4x12xf32>, %bih: tensor<12xf32>, %bhh: tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %hn = rnn.gru reverse %x, %h0 weights(%wih, %whh, %bih, %bhh) {hidden_size = 4 : i64, num_layers = 1 : i64, input_major} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %hn : tensor<5x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// SCAN-LABEL: func.func @gru_reset_before
// SCAN: rnn.split
// SCAN: rnn.scan
// SCAN-NOT: rnn.gru
// CHECK-LABEL: func.func @gru_reset_before
// CHECK-SAME: (%[[X:[^:]*]]: {{[^,]*}}, %[[H0:[^:]*]]: {{[^,]*}}, %[[WIH:[^:]*]]: {{[^,]*}}, %[[WHH:[^:]*]]: {{[^,]*}}, %[[BIH:[^:]*]]: {{[^,]*}}, %[[BHH:[^:]*]]: {{[^,]*}})
// CHECK-NEXT: %[[Y:[^,]*]], %[[HN:[^ ]*]] = rnn.gru forward %[[X]], %[[H0]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 4 : i64, num_layers = 1 : i64, reset_before}
// CHECK-NEXT: return %[[Y]], %[[HN]] :
func.func @gru_reset_before(%x: tensor<?x?x3xf32>, %h0: tensor<1x?x4xf32>, %wih: tensor<12x3xf32>,
               %whh: tensor<12x4xf32>, %bih: tensor<12xf32>, %bhh: tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>) {
  %y, %hn = rnn.gru forward %x, %h0 weights(%wih, %whh, %bih, %bhh) {hidden_size = 4 : i64, num_layers = 1 : i64, reset_before} : (tensor<?x?x3xf32>, tensor<1x?x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %hn : tensor<?x?x4xf32>, tensor<1x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @gru_reset_before_reverse_input_major
// CHECK-SAME: (%[[X:[^:]*]]: {{[^,]*}}, %[[H0:[^:]*]]: {{[^,]*}}, %[[WIH:[^:]*]]: {{[^,]*}}, %[[WHH:[^:]*]]: {{[^,]*}}, %[[BIH:[^:]*]]: {{[^,]*}}, %[[BHH:[^:]*]]: {{[^,]*}})
// CHECK-NEXT: %[[Y:[^,]*]], %[[HN:[^ ]*]] = rnn.gru reverse %[[X]], %[[H0]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 4 : i64, input_major, num_layers = 1 : i64, reset_before}
// CHECK-NEXT: return %[[Y]], %[[HN]] :
func.func @gru_reset_before_reverse_input_major(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>, %wih: tensor<3x12xf32>,
               %whh: tensor<4x12xf32>, %bih: tensor<12xf32>, %bhh: tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %hn = rnn.gru reverse %x, %h0 weights(%wih, %whh, %bih, %bhh) {hidden_size = 4 : i64, num_layers = 1 : i64, input_major, reset_before} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %hn : tensor<5x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// SCAN-LABEL: func.func @lstm
// SCAN: rnn.scan
// SCAN-NOT: rnn.lstm
// CHECK-LABEL: func.func @lstm
// CHECK-SAME: (%[[X:[^:]*]]: {{[^,]*}}, %[[H0:[^:]*]]: {{[^,]*}}, %[[C0:[^:]*]]: {{[^,]*}}, %[[WIH:[^:]*]]: {{[^,]*}}, %[[WHH:[^:]*]]: {{[^,]*}}, %[[BIH:[^:]*]]: {{[^,]*}}, %[[BHH:[^:]*]]: {{[^,]*}})
// CHECK-NEXT: %[[Y:[^,]*]], %[[HN:[^,]*]], %[[CN:[^ ]*]] = rnn.lstm forward %[[X]], %[[H0]], %[[C0]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 4 : i64, num_layers = 1 : i64}
// CHECK-NEXT: return %[[Y]], %[[HN]], %[[CN]] :
func.func @lstm(%x: tensor<?x?x3xf32>, %h0: tensor<1x?x4xf32>, %c0: tensor<1x?x4xf32>, %wih: tensor<16x3xf32>,
                %whh: tensor<16x4xf32>, %bih: tensor<16xf32>, %bhh: tensor<16xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>) {
  %y, %hn, %cn = rnn.lstm forward %x, %h0, %c0 weights(%wih, %whh, %bih, %bhh) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<?x?x3xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %hn, %cn : tensor<?x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @lstm_reverse_input_major
// CHECK-SAME: (%[[X:[^:]*]]: {{[^,]*}}, %[[H0:[^:]*]]: {{[^,]*}}, %[[C0:[^:]*]]: {{[^,]*}}, %[[WIH:[^:]*]]: {{[^,]*}}, %[[WHH:[^:]*]]: {{[^,]*}}, %[[BIH:[^:]*]]: {{[^,]*}}, %[[BHH:[^:]*]]: {{[^,]*}})
// CHECK-NEXT: %[[Y:[^,]*]], %[[HN:[^,]*]], %[[CN:[^ ]*]] = rnn.lstm reverse %[[X]], %[[H0]], %[[C0]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 4 : i64, input_major, num_layers = 1 : i64}
// CHECK-NEXT: return %[[Y]], %[[HN]], %[[CN]] :
func.func @lstm_reverse_input_major(%x: tensor<5x2x3xf32>, %h0: tensor<1x2x4xf32>, %c0: tensor<1x2x4xf32>, %wih: tensor<3x16xf32>,
                %whh: tensor<4x16xf32>, %bih: tensor<16xf32>, %bhh: tensor<16xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %hn, %cn = rnn.lstm reverse %x, %h0, %c0 weights(%wih, %whh, %bih, %bhh) {hidden_size = 4 : i64, num_layers = 1 : i64, input_major} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %hn, %cn : tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>
}
