//===- SgemmChoice.cpp - whose GEMM runs the products ---------------------===//
//
// See Sgemm.h's blockedSgemmChosen and CpuKernels.h. Apart from Gemm.cpp
// so that `info` can say it without linking oneDNN into builds that make
// no products on the CPU (the GPU targets).
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/CpuKernels.h"

#include "Gemv.h"
#include "Sgemm.h"

#include <cstdlib>
#include <cstring>

namespace rnnc::rt {

bool blockedSgemmChosen() {
  static const bool chosen = [] {
    CpuKernels kernels = cpuKernels();
    if (!hasBlockedSgemm(kernels))
      return false;
    const char *asked = std::getenv("RNNC_SGEMM");
    if (asked && std::strcmp(asked, "blocked") == 0)
      return true;
    if (asked && std::strcmp(asked, "onednn") == 0)
      return false;
    return kernels == CpuKernels::Avx2;
  }();
  return chosen;
}

std::string describeCpuKernels() {
  std::string isa = cpuKernelsName(cpuKernels());
  std::string gemms =
      blockedSgemmChosen()
          ? "rnnc's " + isa +
                " tiles (oneDNN where a product has several threads)"
          : std::string("oneDNN");
  return isa + " one-row products, GEMMs on " + gemms;
}

} // namespace rnnc::rt
