// rnn-gpu-derive-parameter-updates: the optimizer and the gradient norm as
// functions of the parameter table, with the runtime's arithmetic (one
// elementwise op per parameter; the sum of squares folds each gradient
// into one running sum).
// RUN: rnnc-opt --rnn-gpu-derive-parameter-updates %s | FileCheck %s
// Idempotent: a module that has the functions keeps them.
// RUN: rnnc-opt --rnn-gpu-derive-parameter-updates --rnn-gpu-derive-parameter-updates %s | FileCheck %s --check-prefix=ONCE

module attributes {rnn.params = [
    {name = "w", type = tensor<4x?xf32>, dim_names = ["", "V"], init = "zeros", init_args = array<f64>},
    {name = "b", type = tensor<4xf32>, init = "zeros", init_args = array<f64>}]} {
}

// CHECK-LABEL: func.func @gradient_square_sum(
// CHECK-SAME:    %[[GW:.*]]: tensor<4x?xf32> {rnn.dims = ["", "V"], rnn.grad = "w"},
// CHECK-SAME:    %[[GB:.*]]: tensor<4xf32> {rnn.grad = "b"})
// CHECK-SAME:    -> (tensor<f32> {rnn.result = "square_sum"}) attributes {rnn.parameter_update}
// CHECK:         %[[ZERO:.*]] = linalg.fill
// CHECK:         %[[SW:.*]] = linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]{{.*}} ins(%[[GW]] : {{.*}}) outs(%[[ZERO]] : tensor<f32>)
// CHECK:           %[[SQ:.*]] = arith.mulf %[[IN:.*]], %[[IN]] : f32
// CHECK:           arith.addf %[[SQ]], %{{.*}} : f32
// CHECK:         %[[SB:.*]] = linalg.generic {{.*}}iterator_types = ["reduction"]{{.*}} ins(%[[GB]] : {{.*}}) outs(%[[SW]] : tensor<f32>)
// CHECK:         return %[[SB]]

// CHECK-LABEL: func.func @sgd_update(
// CHECK-SAME:    %[[W:.*]]: tensor<4x?xf32> {rnn.param = "w"}, %[[B:.*]]: tensor<4xf32> {rnn.param = "b"},
// CHECK-SAME:    %[[DW:.*]]: tensor<4x?xf32> {rnn.dims = ["", "V"], rnn.grad = "w"}, %[[DB:.*]]: tensor<4xf32> {rnn.grad = "b"},
// CHECK-SAME:    %[[H:.*]]: tensor<2xf32> {rnn.hyper = "sgd"})
// CHECK-SAME:    -> (tensor<4x?xf32> {rnn.param = "w"}, tensor<4xf32> {rnn.param = "b"})
// CHECK:         %[[RATE:.*]] = tensor.extract %[[H]][%c0]
// CHECK:         %[[SCALE:.*]] = tensor.extract %[[H]][%c1]
// CHECK:         %[[NW:.*]] = linalg.generic {{.*}} ins(%[[W]], %[[DW]] :
// CHECK-NEXT:    ^bb0(%[[P:[a-z0-9_]+]]: f32, %[[G:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[CLIPPED:.*]] = arith.mulf %[[G]], %[[SCALE]]
// CHECK-NEXT:      %[[STEP:.*]] = arith.mulf %[[RATE]], %[[CLIPPED]]
// CHECK-NEXT:      %[[NEW:.*]] = arith.subf %[[P]], %[[STEP]]
// CHECK-NEXT:      linalg.yield %[[NEW]]
// CHECK:         %[[NB:.*]] = linalg.generic {{.*}} ins(%[[B]], %[[DB]] :
// CHECK:         return %[[NW]], %[[NB]]

// Adam: params, grads, first moments, second moments, six hyper-parameter
// words; new params, first and second moments out.
// CHECK-LABEL: func.func @adam_update(
// CHECK-SAME:    tensor<4x?xf32> {rnn.param = "w"}, %{{.*}}: tensor<4xf32> {rnn.param = "b"},
// CHECK-SAME:    tensor<4x?xf32> {rnn.dims = ["", "V"], rnn.grad = "w"}, %{{.*}}: tensor<4xf32> {rnn.grad = "b"},
// CHECK-SAME:    tensor<4x?xf32> {rnn.dims = ["", "V"], rnn.moment = "m.w"}, %{{.*}}: tensor<4xf32> {rnn.moment = "m.b"},
// CHECK-SAME:    tensor<4x?xf32> {rnn.dims = ["", "V"], rnn.moment = "v.w"}, %{{.*}}: tensor<4xf32> {rnn.moment = "v.b"},
// CHECK-SAME:    %[[AH:.*]]: tensor<6xf32> {rnn.hyper = "adam"})
// CHECK-SAME:    -> (tensor<4x?xf32> {rnn.param = "w"}, tensor<4xf32> {rnn.param = "b"}, tensor<4x?xf32> {rnn.dims = ["", "V"], rnn.moment = "m.w"}, tensor<4xf32> {rnn.moment = "m.b"}, tensor<4x?xf32> {rnn.dims = ["", "V"], rnn.moment = "v.w"}, tensor<4xf32> {rnn.moment = "v.b"})
// CHECK:         %[[S:.*]] = tensor.extract %[[AH]][%c0]
// CHECK:         %[[B1:.*]] = tensor.extract %[[AH]][%c1]
// CHECK:         %[[B2:.*]] = tensor.extract %[[AH]][%c2]
// CHECK:         %[[LR:.*]] = tensor.extract %[[AH]][%c3]
// CHECK:         %[[C2:.*]] = tensor.extract %[[AH]][%c4]
// CHECK:         %[[EPS:.*]] = tensor.extract %[[AH]][%c5]
// CHECK:         %[[K1:.*]] = arith.subf %{{.*}}, %[[B1]]
// CHECK:         %[[K2:.*]] = arith.subf %{{.*}}, %[[B2]]
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[AP:[a-z0-9_]+]]: f32, %[[AG:[a-z0-9_]+]]: f32, %[[AM:[a-z0-9_]+]]: f32, %[[AV:[a-z0-9_]+]]: f32,
// CHECK-NEXT:      %[[CG:.*]] = arith.mulf %[[AG]], %[[S]]
// CHECK-NEXT:      %[[M1:.*]] = arith.mulf %[[K1]], %[[CG]]
// CHECK-NEXT:      %[[M0:.*]] = arith.mulf %[[B1]], %[[AM]]
// CHECK-NEXT:      %[[M:.*]] = arith.addf %[[M0]], %[[M1]]
// CHECK-NEXT:      %[[V1:.*]] = arith.mulf %[[K2]], %[[CG]]
// CHECK-NEXT:      %[[V2:.*]] = arith.mulf %[[V1]], %[[CG]]
// CHECK-NEXT:      %[[V0:.*]] = arith.mulf %[[B2]], %[[AV]]
// CHECK-NEXT:      %[[V:.*]] = arith.addf %[[V0]], %[[V2]]
// CHECK-NEXT:      %[[ROOT:.*]] = math.sqrt %[[V]]
// CHECK-NEXT:      %[[R:.*]] = arith.divf %[[ROOT]], %[[C2]]
// CHECK-NEXT:      %[[DEN:.*]] = arith.addf %[[R]], %[[EPS]]
// CHECK-NEXT:      %[[NUM:.*]] = arith.mulf %[[LR]], %[[M]]
// CHECK-NEXT:      %[[Q:.*]] = arith.divf %[[NUM]], %[[DEN]]
// CHECK-NEXT:      %[[PN:.*]] = arith.subf %[[AP]], %[[Q]]
// CHECK-NEXT:      linalg.yield %[[PN]], %[[M]], %[[V]]

// ONCE-COUNT-1: func.func @gradient_square_sum
// ONCE-COUNT-1: func.func @sgd_update
// ONCE-COUNT-1: func.func @adam_update
// ONCE-NOT: func.func
