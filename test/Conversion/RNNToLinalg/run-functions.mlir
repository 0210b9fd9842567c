// The lowering of the functions recent cells use, run on values that
// reach their edges: softplus far in both tails (no overflow, exp(x) for
// very negative x), abs, pow with integer, negative, half and fractional
// exponents (0^-2 = inf, a negative base to 0.5 or 1.5 is NaN), clamp,
// and max/min with a broadcast scalar. Expected values from an independent
// python3 computation (math.log1p, math.pow).
// RUN: rnnc-opt %s --convert-rnn-to-linalg %lower_to_llvm | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s
// CHECK: sizes = [10, 8]
// softplus
// CHECK-NEXT: {{\[\[}}9.35762e-14,{{ +}}2.06115e-09,{{ +}}0.201413,{{ +}}0.693147,{{ +}}0.974077,{{ +}}2.12693,{{ +}}30,{{ +}}100],
// abs
// CHECK-NEXT: [30,{{ +}}20,{{ +}}1.5,{{ +}}0,{{ +}}0.5,{{ +}}2,{{ +}}30,{{ +}}100],
// pow 3
// CHECK-NEXT: [-27000,{{ +}}-8000,{{ +}}-3.375,{{ +}}0,{{ +}}0.125,{{ +}}8,{{ +}}27000,{{ +}}1e+06],
// pow -2
// CHECK-NEXT: [0.00111111,{{ +}}0.0025,{{ +}}0.444444,{{ +}}inf,{{ +}}4,{{ +}}0.25,{{ +}}0.00111111,{{ +}}0.0001],
// pow 0.5
// CHECK-NEXT: [{{-?}}nan,{{ +}}{{-?}}nan,{{ +}}{{-?}}nan,{{ +}}0,{{ +}}0.707107,{{ +}}1.41421,{{ +}}5.47723,{{ +}}10],
// pow 1.5
// CHECK-NEXT: [{{-?}}nan,{{ +}}{{-?}}nan,{{ +}}{{-?}}nan,{{ +}}0,{{ +}}0.353553,{{ +}}2.82843,{{ +}}164.317,{{ +}}1000],
// pow 0
// CHECK-NEXT: [1,{{ +}}1,{{ +}}1,{{ +}}1,{{ +}}1,{{ +}}1,{{ +}}1,{{ +}}1],
// clamp -1 1
// CHECK-NEXT: [-1,{{ +}}-1,{{ +}}-1,{{ +}}0,{{ +}}0.5,{{ +}}1,{{ +}}1,{{ +}}1],
// max(x, 0.25), min(x, 0.25)
// CHECK-NEXT: [0.25,{{ +}}0.25,{{ +}}0.25,{{ +}}0.25,{{ +}}0.5,{{ +}}2,{{ +}}30,{{ +}}100],
// CHECK-NEXT: [-30,{{ +}}-20,{{ +}}-1.5,{{ +}}0,{{ +}}0.25,{{ +}}0.25,{{ +}}0.25,{{ +}}0.25]]

func.func private @printMemrefF32(memref<*xf32>)

func.func @compute(%x: tensor<1x8xf32>) -> tensor<10x8xf32> {
  %quarter = rnn.fill 0.25 : tensor<f32>
  %sp = rnn.softplus %x : tensor<1x8xf32>
  %ab = rnn.abs %x : tensor<1x8xf32>
  %p3 = rnn.pow %x exponent 3.0 : tensor<1x8xf32>
  %pm2 = rnn.pow %x exponent -2.0 : tensor<1x8xf32>
  %ph = rnn.pow %x exponent 0.5 : tensor<1x8xf32>
  %p15 = rnn.pow %x exponent 1.5 : tensor<1x8xf32>
  %p0 = rnn.pow %x exponent 0.0 : tensor<1x8xf32>
  %cl = rnn.clamp %x lo -1.0 hi 1.0 : tensor<1x8xf32>
  %mx = rnn.max %x, %quarter : tensor<1x8xf32>, tensor<f32> -> tensor<1x8xf32>
  %mn = rnn.min %quarter, %x : tensor<f32>, tensor<1x8xf32> -> tensor<1x8xf32>
  %all = rnn.concat %sp, %ab, %p3, %pm2, %ph, %p15, %p0, %cl, %mx, %mn along 0 : (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<10x8xf32>
  return %all : tensor<10x8xf32>
}

func.func @main() {
  %x = arith.constant dense<[[-30.0, -20.0, -1.5, 0.0, 0.5, 2.0, 30.0, 100.0]]> : tensor<1x8xf32>
  %o = call @compute(%x) : (tensor<1x8xf32>) -> tensor<10x8xf32>
  %m = bufferization.to_memref %o : memref<10x8xf32>
  %u = memref.cast %m : memref<10x8xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
