// rnn-codegen-approximate-math: f32 tanh and exp become polynomial arithmetic
// (vectorisable, no libm call); f64 keeps the math op (libm precision for
// the gradcheck reference).
// RUN: rnnc-opt %s --rnn-codegen-approximate-math | FileCheck %s

// CHECK-LABEL: func.func @f32
// CHECK-NOT: math.tanh
// CHECK-NOT: math.exp
// CHECK: arith.mulf
// CHECK: return
func.func @f32(%x: f32, %v: vector<8xf32>) -> (f32, vector<8xf32>) {
  %t = math.tanh %x : f32
  %e = math.exp %v : vector<8xf32>
  return %t, %e : f32, vector<8xf32>
}

// CHECK-LABEL: func.func @f64
// CHECK: math.tanh %{{.*}} : f64
func.func @f64(%x: f64) -> f64 {
  %t = math.tanh %x : f64
  return %t : f64
}
