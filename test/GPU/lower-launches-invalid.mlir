// rnn-gpu-lower-launches refuses a gpu.binary it cannot embed: the CUDA
// target's must hold one fatbin and the kernel table rnn-gpu-kernels-to-nvvm
// leaves on it.
// RUN: rnnc-opt %s --rnn-gpu-lower-launches --split-input-file -verify-diagnostics

module attributes {gpu.container_module} {
  // expected-error @below {{expected one fatbin and the kernel table of rnn-gpu-kernels-to-nvvm}}
  gpu.binary @kernels [#gpu.object<#nvvm.target, "not a fatbin">]
}

// -----

module attributes {gpu.container_module} {
  // expected-error @below {{expected one fatbin and the kernel table of rnn-gpu-kernels-to-nvvm}}
  gpu.binary @kernels {rnn.kernel_table = "k_0 1 256 1 1 4\0A"} [#gpu.object<#nvvm.target, assembly = "PTX">]
}
