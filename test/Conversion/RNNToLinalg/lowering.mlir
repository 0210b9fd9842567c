// convert-rnn-to-linalg: the structure of each lowering.
// RUN: rnnc-opt %s --convert-rnn-to-linalg --split-input-file | FileCheck %s
// After canonicalisation the scan's sizing dry run is gone: only the loop
// computes.
// RUN: rnnc-opt %s --convert-rnn-to-linalg --canonicalize --split-input-file | FileCheck %s --check-prefix=CANON

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<?x4xf32>, %b: tensor<4xf32>, %c: tensor<1x4xf32>) -> tensor<?x4xf32> {
  // Broadcasting is in the indexing maps: [4] reads (d1), [1, 4] reads (0, d1).
  // CHECK: linalg.generic {indexing_maps = [#[[ID:.*]], #[[ROW:.*]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
  // CHECK: arith.addf
  %s = rnn.add %a, %b : tensor<?x4xf32>, tensor<4xf32> -> tensor<?x4xf32>
  // CHECK: linalg.generic
  // CHECK: arith.mulf
  %m = rnn.mul %s, %c : tensor<?x4xf32>, tensor<1x4xf32> -> tensor<?x4xf32>
  // CHECK: linalg.generic
  // CHECK: math.tanh
  %t = rnn.tanh %m : tensor<?x4xf32>
  return %t : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @matmuls
func.func @matmuls(%x: tensor<?x?x3xf32>, %w: tensor<3x4xf32>, %wt: tensor<4x3xf32>, %dy: tensor<?x?x4xf32>, %w2: tensor<5x3xf32>) -> (tensor<?x?x4xf32>, tensor<?x?x4xf32>, tensor<3x4xf32>, tensor<5x4xf32>, tensor<3x4xf32>) {
  // Batched forms are one contraction over the leading dimensions:
  // out[b0, b1, n] += x[b0, b1, k] * w[k, n] (k is the reduction).
  // CHECK: linalg.generic {indexing_maps = [#[[XM:.*]], #[[WM:.*]], #[[OM:.*]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
  // CHECK: arith.mulf
  // CHECK: arith.addf
  %a = rnn.matmul %x, %w : tensor<?x?x3xf32>, tensor<3x4xf32> -> tensor<?x?x4xf32>
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
  %b = rnn.matmul %x, %wt {transpose_rhs} : tensor<?x?x3xf32>, tensor<4x3xf32> -> tensor<?x?x4xf32>
  // One sum over every leading row: out[m, n] += x[p0, p1, m] dy[p0, p1, n].
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
  %c = rnn.matmul %x, %dy {transpose_lhs} : tensor<?x?x3xf32>, tensor<?x?x4xf32> -> tensor<3x4xf32>
  // The 2-d forms use the named GEMMs.
  // CHECK: linalg.matmul ins
  %d = rnn.matmul %w2, %w : tensor<5x3xf32>, tensor<3x4xf32> -> tensor<5x4xf32>
  // CHECK: linalg.matmul_transpose_b
  %e = rnn.matmul %w2, %wt {transpose_rhs} : tensor<5x3xf32>, tensor<4x3xf32> -> tensor<5x4xf32>
  // CHECK: linalg.matmul_transpose_a
  %f = rnn.matmul %w2, %d {transpose_lhs} : tensor<5x3xf32>, tensor<5x4xf32> -> tensor<3x4xf32>
  return %a, %b, %c, %e, %f : tensor<?x?x4xf32>, tensor<?x?x4xf32>, tensor<3x4xf32>, tensor<5x4xf32>, tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<?x?x4xf32>) -> (tensor<4xf32>, tensor<1x?x1xf32>, tensor<f32>) {
  // CHECK: linalg.reduce ins(%{{.*}} : tensor<?x?x4xf32>) outs(%{{.*}} : tensor<4xf32>) dimensions = [0, 1]
  %s = rnn.reduce sum %x dims [0, 1] : tensor<?x?x4xf32> -> tensor<4xf32>
  // A mean divides by the count; keep_dims re-inserts unit dimensions.
  // CHECK: linalg.reduce
  // CHECK: arith.sitofp
  // CHECK: arith.divf
  // CHECK: tensor.expand_shape
  %m = rnn.reduce mean %x dims [0, 2] {keep_dims} : tensor<?x?x4xf32> -> tensor<1x?x1xf32>
  // CHECK: arith.muli
  // CHECK: tensor.from_elements
  %n = rnn.numel %x dims [0, 1] : tensor<?x?x4xf32> -> tensor<f32>
  return %s, %m, %n : tensor<4xf32>, tensor<1x?x1xf32>, tensor<f32>
}

// -----

// CANON-LABEL: func.func @scan
// CANON-NOT: math.tanh
// CANON: scf.for
// Sizes inside the time loop come from before it (the carried state and
// the step slice keep their shapes), so the step's temporaries can be
// allocated once: no tensor.dim in the loop.
// CANON-NOT: tensor.dim
// CANON: math.tanh
// CANON-NOT: tensor.dim
// CANON: scf.yield
// CHECK-LABEL: func.func @scan
func.func @scan(%x: tensor<?x?x3xf32>, %h0: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x?x3xf32>) {
  // CHECK: %[[T:.*]] = tensor.dim %{{.*}}, %c0
  // The stacked output's buffer is sized by a dry run of step 0.
  // CHECK: tensor.extract_slice %{{.*}}[%c0, 0, 0]
  // CHECK: math.tanh
  // CHECK: %[[B:.*]] = tensor.dim %{{.*}}, %c0
  // CHECK: %[[BUF:.*]] = tensor.empty(%[[T]], %[[B]]) : tensor<?x?x3xf32>
  // CHECK: scf.for %[[I:.*]] = %c0 to %[[T]] step %c1 iter_args(%[[H:.*]] = %{{.*}}, %[[OUT:.*]] = %[[BUF]])
  // A reverse scan visits t = T - 1 - i.
  // CHECK: %[[T1:.*]] = arith.subi %[[T]], %c1
  // CHECK: %[[TI:.*]] = arith.subi %[[T1]], %[[I]]
  // CHECK: tensor.extract_slice %{{.*}}[%[[TI]], 0, 0] [1, %{{.*}}, 3] [1, 1, 1] : tensor<?x?x3xf32> to tensor<?x3xf32>
  // CHECK: math.tanh
  // CHECK: %[[INS:.*]] = tensor.insert_slice %{{.*}} into %[[OUT]][%[[TI]], 0, 0]
  // CHECK: scf.yield %{{.*}}, %[[INS]]
  %hT, %hs = rnn.scan reverse seqs(%x : tensor<?x?x3xf32>) inits(%h0 : tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x?x3xf32>) {
  ^bb0(%xt: tensor<?x3xf32>, %h: tensor<?x3xf32>):
    %s = rnn.add %xt, %h : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
    %n = rnn.tanh %s : tensor<?x3xf32>
    rnn.yield %n, %n : tensor<?x3xf32>, tensor<?x3xf32>
  }
  return %hT, %hs : tensor<?x3xf32>, tensor<?x?x3xf32>
}

// -----

// transpose is linalg.transpose; embedding a loop over the positions, each
// copying one table row (a zero row for an id out of range) into its place.
// CHECK-LABEL: func.func @transpose_and_gather
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg1 : tensor<?x4xf32>) outs(%{{.*}} : tensor<4x?xf32>) permutation = [1, 0]
// CHECK: %[[IDS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<3x2xi32> into tensor<6xi32>
// CHECK: scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<3x2x4xf32>)
// CHECK: tensor.extract %[[IDS]][%[[P]]]
// CHECK: %[[IN:.*]] = arith.andi
// CHECK: %[[ROW:.*]] = arith.select %[[IN]]
// CHECK: arith.remui %[[P]]
// CHECK: arith.divui %[[P]]
// CHECK: tensor.extract_slice %arg2[%[[ROW]], 0] [1, 4] [1, 1] : tensor<?x4xf32> to tensor<4xf32>
// CHECK: linalg.generic
// CHECK: arith.select %[[IN]]
// CHECK: tensor.insert_slice %{{.*}} into %[[OUT]]
func.func @transpose_and_gather(%ids: tensor<3x2xi32>, %w: tensor<?x4xf32>, %table: tensor<?x4xf32>) -> (tensor<4x?xf32>, tensor<3x2x4xf32>) {
  %t = rnn.transpose %w : tensor<?x4xf32> -> tensor<4x?xf32>
  %e = rnn.embedding %ids, %table : tensor<3x2xi32>, tensor<?x4xf32> -> tensor<3x2x4xf32>
  return %t, %e : tensor<4x?xf32>, tensor<3x2x4xf32>
}

// -----

// embedding is a gather; its gradient a scatter-add over the positions
// (one row update per position, ids outside the table skipped), not a
// contraction against the one-hot of the ids.
// CHECK-LABEL: func.func @embedding_grad
// CHECK: %[[IDS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<10x64xi32> into tensor<640xi32>
// CHECK: %[[D:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1], [2]] : tensor<10x64x32xf32> into tensor<640x32xf32>
// CHECK: scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T:.*]] = %{{.*}}) -> (tensor<?x32xf32>)
// CHECK: tensor.extract %[[IDS]][%[[P]]]
// CHECK: scf.if
// CHECK: tensor.extract_slice %[[D]][%[[P]], 0] [1, 32] [1, 1] : tensor<640x32xf32> to tensor<32xf32>
// CHECK: linalg.generic
// CHECK: tensor.insert_slice %{{.*}} into %[[T]]
// CHECK: } else {
// CHECK: scf.yield %[[T]]
func.func @embedding_grad(%ids: tensor<10x64xi32>, %dy: tensor<10x64x32xf32>, %table: tensor<?x32xf32>) -> tensor<?x32xf32> {
  %dt = rnn.embedding_grad %ids, %dy, %table : (tensor<10x64xi32>, tensor<10x64x32xf32>, tensor<?x32xf32>) -> tensor<?x32xf32>
  return %dt : tensor<?x32xf32>
}

// -----

// A last-dimension sum of a static length of at least two multiples of 16
// (layer_norm's mean and variance, softmax's normaliser) is taken in 16
// lanes first, through the view [..., N / 16, 16] with the lanes the
// inner (parallel) loop, then across the lanes; a shorter or ragged one
// is one linalg.reduce.
// CHECK-LABEL: func.func @lane_sums
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2]] output_shape [%{{.*}}, 4, 16] : tensor<?x64xf32> into tensor<?x4x16xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.*}} : tensor<?x4x16xf32>) outs(%{{.*}} : tensor<?x16xf32>)
// CHECK: arith.addf
// CHECK: linalg.reduce ins(%{{.*}} : tensor<?x16xf32>) outs(%{{.*}} : tensor<?xf32>) dimensions = [1]
func.func @lane_sums(%x: tensor<?x64xf32>, %g: tensor<64xf32>) -> tensor<?x64xf32> {
  %lx = rnn.layer_norm %x, %g, %g eps 1.0e-5 : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  return %lx : tensor<?x64xf32>
}

// -----

// CHECK-LABEL: func.func @short_sums
// CHECK-NOT: tensor.expand_shape
// CHECK: linalg.reduce ins(%{{.*}} : tensor<?x24xf32>) outs(%{{.*}} : tensor<?xf32>) dimensions = [1]
// CHECK-NOT: tensor.expand_shape
// CHECK: return
func.func @short_sums(%y: tensor<?x24xf32>, %g: tensor<24xf32>) -> tensor<?x24xf32> {
  %ly = rnn.layer_norm %y, %g, %g eps 1.0e-5 : (tensor<?x24xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<?x24xf32>
  return %ly : tensor<?x24xf32>
}
