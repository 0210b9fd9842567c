//===- CpuKernels.h - which of the runtime's CPU kernels run ----*- C++ -*-===//
//
// The runtime picks its hand-written kernels at start for the CPU it runs
// on (the one-row products' vector ISA, and whose GEMM runs the products:
// oneDNN's or rnnc's blocked one); RNNC_CPU_KERNELS and RNNC_SGEMM choose
// others (docs/runtime.md). `info` prints the choice.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_CPUKERNELS_H
#define RNNC_RUNTIME_CPUKERNELS_H

#include <string>

namespace rnnc::rt {

/// "avx512 one-row products, GEMMs on oneDNN", "avx2 one-row products,
/// GEMMs on rnnc's avx2 tiles (oneDNN where a product has several
/// threads)", ...
std::string describeCpuKernels();

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_CPUKERNELS_H
