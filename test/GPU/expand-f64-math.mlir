// rnn-gpu-expand-f64-math: in the kernels, f64 exp, log, tanh and rsqrt
// become f64 arithmetic on the float's bits and short series (their
// accuracy against libm on the device: rnnc_kernel_tests,
// F64MathMatchesLibm); f32 math, and math outside the kernels, stay.
// RUN: rnnc-opt %s --rnn-gpu-expand-f64-math | FileCheck %s

// CHECK-LABEL: gpu.func @exp64
// CHECK-NOT: math.exp
// 2^k built in the exponent field: (k + 1023) << 52.
// CHECK: arith.fptosi %{{.*}} : f64 to i64
// CHECK: arith.shli
// CHECK: arith.bitcast %{{.*}} : i64 to f64
// CHECK-NOT: math.
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @log64
// CHECK-NOT: math.log
// The exponent and the mantissa from the bits.
// CHECK: arith.bitcast %{{.*}} : f64 to i64
// CHECK: arith.shrui
// CHECK: arith.andi
// CHECK-NOT: math.
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @tanh64
// CHECK-NOT: math.tanh
// CHECK-NOT: math.exp
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @rsqrt64
// The f32 estimate of the mantissa's, refined in f64.
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: math.rsqrt %{{.*}} : f32
// CHECK: arith.extf
// CHECK-NOT: math.
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @f32_stays
// CHECK: math.exp %{{.*}} : f32
// CHECK: math.tanh %{{.*}} : f32
// CHECK-LABEL: func.func @host
// CHECK: math.exp %{{.*}} : f64
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @exp64(%x: f64, %out: memref<?xf64>) kernel {
      %c0 = arith.constant 0 : index
      %y = math.exp %x : f64
      memref.store %y, %out[%c0] : memref<?xf64>
      gpu.return
    }
    gpu.func @log64(%x: f64, %out: memref<?xf64>) kernel {
      %c0 = arith.constant 0 : index
      %y = math.log %x : f64
      memref.store %y, %out[%c0] : memref<?xf64>
      gpu.return
    }
    gpu.func @tanh64(%x: f64, %out: memref<?xf64>) kernel {
      %c0 = arith.constant 0 : index
      %y = math.tanh %x : f64
      memref.store %y, %out[%c0] : memref<?xf64>
      gpu.return
    }
    gpu.func @rsqrt64(%x: f64, %out: memref<?xf64>) kernel {
      %c0 = arith.constant 0 : index
      %y = math.rsqrt %x : f64
      memref.store %y, %out[%c0] : memref<?xf64>
      gpu.return
    }
    gpu.func @f32_stays(%x: f32, %out: memref<?xf32>) kernel {
      %c0 = arith.constant 0 : index
      %y = math.exp %x : f32
      %z = math.tanh %y : f32
      memref.store %z, %out[%c0] : memref<?xf32>
      gpu.return
    }
  }
  func.func @host(%x: f64) -> f64 {
    %y = math.exp %x : f64
    return %y : f64
  }
}
