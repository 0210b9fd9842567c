// rnn-gpu-kernels-to-nvvm refuses workgroup memory it cannot make a
// kernel's workgroup attribution (a `.shared` array has a fixed size).
// RUN: rnnc-opt %s --rnn-gpu-kernels-to-nvvm -verify-diagnostics

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%n: index) kernel {
      // expected-error @below {{workgroup memory of a dynamic size}}
      %a = memref.alloc(%n) : memref<?xf32, 3>
      gpu.return
    }
  }
}
