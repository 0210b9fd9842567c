// Products with a one-hot matrix, run as dense GEMMs and as the gathers
// and scatter-adds of rnn-fold-one-hot: the same numbers, ids outside
// [0, V) (-1 and 3 here) giving zero rows and adding nothing. Expected
// values by hand: W = [[1, 2, 3], [4, 5, 6]] read by ids [[0, 2], [-1, 1],
// [3, 2]]; D [p] = [p + 1, 10 (p + 1)].
// RUN: rnnc-opt %s --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// RUN: rnnc-opt %s --rnn-fold-one-hot --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// The gather: rows of W^T by id.
// CHECK: sizes = [3, 2, 2]
// CHECK-NEXT: {{\[\[\[}}1{{,? +}}4],
// CHECK-NEXT: [3{{,? +}}6]],
// CHECK-NEXT: {{\[\[}}0{{,? +}}0],
// CHECK-NEXT: [2{{,? +}}5]],
// CHECK-NEXT: {{\[\[}}0{{,? +}}0],
// CHECK-NEXT: [3{{,? +}}6]]]
// one_hot^T D: row v sums D over the positions with id v (0: p 0; 1: p 3;
// 2: p 1 and 5).
// CHECK: sizes = [3, 2]
// CHECK-NEXT: {{\[\[}}1{{,? +}}10],
// CHECK-NEXT: [4{{,? +}}40],
// CHECK-NEXT: [8{{,? +}}80]]
// D^T one_hot: its transpose.
// CHECK: sizes = [2, 3]
// CHECK-NEXT: {{\[\[}}1{{,? +}}4{{,? +}}8],
// CHECK-NEXT: [10{{,? +}}40{{,? +}}80]]

func.func private @printMemrefF32(memref<*xf32>)

func.func @compute(%ids: tensor<3x2xi32>, %w: tensor<2x3xf32>, %d: tensor<3x2x2xf32>)
    -> (tensor<3x2x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>) {
  %x = rnn.one_hot %ids : tensor<3x2xi32> -> tensor<3x2x3xf32>
  %y = rnn.matmul %x, %w {transpose_rhs} : tensor<3x2x3xf32>, tensor<2x3xf32> -> tensor<3x2x2xf32>
  %g = rnn.matmul %x, %d {transpose_lhs} : tensor<3x2x3xf32>, tensor<3x2x2xf32> -> tensor<3x2xf32>
  %gt = rnn.matmul %d, %x {transpose_lhs} : tensor<3x2x2xf32>, tensor<3x2x3xf32> -> tensor<2x3xf32>
  return %y, %g, %gt : tensor<3x2x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>
}

func.func @print(%t: tensor<*xf32>) {
  %m = bufferization.to_memref %t : memref<*xf32>
  call @printMemrefF32(%m) : (memref<*xf32>) -> ()
  return
}

func.func @main() {
  %ids = arith.constant dense<[[0, 2], [-1, 1], [3, 2]]> : tensor<3x2xi32>
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %d = arith.constant dense<[[[1.0, 10.0], [2.0, 20.0]], [[3.0, 30.0], [4.0, 40.0]], [[5.0, 50.0], [6.0, 60.0]]]> : tensor<3x2x2xf32>
  %y, %g, %gt = call @compute(%ids, %w, %d) : (tensor<3x2xi32>, tensor<2x3xf32>, tensor<3x2x2xf32>) -> (tensor<3x2x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>)
  %yu = tensor.cast %y : tensor<3x2x2xf32> to tensor<*xf32>
  %gu = tensor.cast %g : tensor<3x2xf32> to tensor<*xf32>
  %gtu = tensor.cast %gt : tensor<2x3xf32> to tensor<*xf32>
  call @print(%yu) : (tensor<*xf32>) -> ()
  call @print(%gu) : (tensor<*xf32>) -> ()
  call @print(%gtu) : (tensor<*xf32>) -> ()
  return
}
