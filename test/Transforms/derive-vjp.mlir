// rnn-derive-vjp: @forward_saving computes forward's results and keeps what
// the reverse sweep reads; @vjp takes forward's arguments, one adjoint per
// float result (rnn.adjoint_of = the result's index: not the token ids' or
// other integer results) and the kept values, and returns the adjoint of every float argument
// (rnn.adjoint_of = the argument's index; integer ids get none; zeros for
// an argument nothing reaches) and then the parameters' gradients, as
// train_step names them. The scan is differentiated as BPTT does it: the
// forward scan saves its costly values, a reverse scan follows. Derived
// once: a vjp marked rnn.vjp is kept.
// RUN: rnnc-opt %s --split-input-file --rnn-derive-vjp | FileCheck %s
// RUN: rnnc-opt %s --split-input-file --rnn-derive-vjp --rnn-derive-vjp | FileCheck %s --check-prefix=TWICE

// CHECK-LABEL: rnn.model @cell
// CHECK: func.func @forward(
// The forward sweep runs once, in @forward_saving: forward's results, then
// the values the reverse sweep reads (the scan's saved per-step values).
// CHECK: func.func @forward_saving(%{{.*}}: tensor<3x2xi32>, %{{.*}}: tensor<3x2x4xf32>, %{{.*}}: tensor<2x4xf32>, %{{.*}}: tensor<2x4xf32>) -> (tensor<3x2x4xf32>, tensor<2x4xf32>, tensor<3x2xi32>, tensor<3x2x4xf32> {rnn.saved = "0"}, tensor<3x2x4xf32> {rnn.saved = "1"}, tensor<3x2x4xf32> {rnn.saved = "2"}) attributes {rnn.vjp}
// CHECK: %[[FWD:.*]]:5 = rnn.scan forward
// CHECK: return %[[FWD]]#1, %[[FWD]]#0, %{{.*}}, %[[FWD]]#2, %[[FWD]]#3, %[[FWD]]#4 :
// CHECK: func.func @vjp(%[[IDS:.*]]: tensor<3x2xi32>, %[[X:.*]]: tensor<3x2x4xf32>, %[[H0:.*]]: tensor<2x4xf32>, %[[UNUSED:.*]]: tensor<2x4xf32>, %[[DHS:.*]]: tensor<3x2x4xf32> {rnn.adjoint_of = 0 : i64}, %[[DHT:.*]]: tensor<2x4xf32> {rnn.adjoint_of = 1 : i64}, %[[S0:.*]]: tensor<3x2x4xf32> {rnn.saved = "0"}, %[[S1:.*]]: tensor<3x2x4xf32> {rnn.saved = "1"}, %[[S2:.*]]: tensor<3x2x4xf32> {rnn.saved = "2"}) -> (tensor<3x2x4xf32> {rnn.adjoint_of = 1 : i64}, tensor<2x4xf32> {rnn.adjoint_of = 2 : i64}, tensor<2x4xf32> {rnn.adjoint_of = 3 : i64}, tensor<4x4xf32> {rnn.grad = "W"}, tensor<4x4xf32> {rnn.grad = "U"}) attributes {rnn.vjp}
// Parameter reads and fills are recomputed, not saved; no forward scan.
// CHECK: rnn.param_read @W
// CHECK-NOT: rnn.scan forward
// CHECK: rnn.scan reverse seqs(%[[X]], %[[S0]], %[[S1]], %[[S2]], %[[DHS]] :
// The unused argument's adjoint is zeros.
// CHECK: %[[ZERO:.*]] = rnn.fill 0.000000e+00 : tensor<2x4xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[ZERO]], %{{.*}}, %{{.*}} :
// TWICE: func.func @forward_saving
// TWICE: func.func @vjp
// TWICE-NOT: func.func @vjp
// TWICE-LABEL: rnn.model @kept
rnn.model @cell {
  rnn.param @W : tensor<4x4xf32> init #rnn.init<zeros>
  rnn.param @U : tensor<4x4xf32> init #rnn.init<zeros>
  func.func @forward(%ids: tensor<3x2xi32>, %x: tensor<3x2x4xf32>, %h0: tensor<2x4xf32>, %unused: tensor<2x4xf32>) -> (tensor<3x2x4xf32>, tensor<2x4xf32>, tensor<3x2xi32>) {
    %w = rnn.param_read @W : tensor<4x4xf32>
    %u = rnn.param_read @U : tensor<4x4xf32>
    %hT, %hs = rnn.scan forward seqs(%x : tensor<3x2x4xf32>) inits(%h0 : tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<3x2x4xf32>) {
    ^bb0(%xt: tensor<2x4xf32>, %h: tensor<2x4xf32>):
      %a = rnn.matmul %xt, %u : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %b = rnn.matmul %h, %w : tensor<2x4xf32>, tensor<4x4xf32> -> tensor<2x4xf32>
      %s = rnn.add %a, %b : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
      %hn = rnn.tanh %s : tensor<2x4xf32>
      rnn.yield %hn, %hn : tensor<2x4xf32>, tensor<2x4xf32>
    }
    return %hs, %hT, %ids : tensor<3x2x4xf32>, tensor<2x4xf32>, tensor<3x2xi32>
  }
}

// -----

// CHECK-LABEL: rnn.model @kept
// CHECK: func.func @vjp() -> tensor<f32> attributes {rnn.vjp}
// CHECK-NEXT: rnn.fill 2.000000e+00
rnn.model @kept {
  func.func @forward() -> tensor<f32> {
    %l = rnn.fill 1.0 : tensor<f32>
    return %l : tensor<f32>
  }
  func.func @vjp() -> tensor<f32> attributes {rnn.vjp} {
    %l = rnn.fill 2.0 : tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// Adjoints of arguments and results with rnn roles carry the role
// ("ROLE:NAME") and the dimension names, for the runtime's manifest.
// CHECK-LABEL: rnn.model @roles
// CHECK: func.func @vjp(%{{.*}}: index {rnn.dim = "B"}, %{{.*}}: tensor<?x4xf32> {rnn.dims = ["B", ""], rnn.input = "x"}, %{{.*}}: tensor<?x4xf32> {rnn.adjoint = "output:y", rnn.adjoint_of = 0 : i64, rnn.dims = ["B", ""]}) -> (tensor<?x4xf32> {rnn.adjoint = "input:x", rnn.adjoint_of = 1 : i64, rnn.dims = ["B", ""]}, tensor<4x4xf32> {rnn.grad = "W"})
rnn.model @roles {
  rnn.param @W : tensor<4x4xf32> init #rnn.init<zeros>
  func.func @forward(%b: index {rnn.dim = "B"}, %x: tensor<?x4xf32> {rnn.dims = ["B", ""], rnn.input = "x"}) -> (tensor<?x4xf32> {rnn.dims = ["B", ""], rnn.output = "y"}) {
    %w = rnn.param_read @W : tensor<4x4xf32>
    %y = rnn.matmul %x, %w : tensor<?x4xf32>, tensor<4x4xf32> -> tensor<?x4xf32>
    return %y : tensor<?x4xf32>
  }
}
