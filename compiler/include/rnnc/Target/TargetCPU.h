//===- TargetCPU.h - the CPU the generated code is compiled for --*- C++ -*-===//
//
// `rnnc compile --cpu=NAME`: native (this machine's CPU and its features,
// the default), a level of the x86-64 psABI (x86-64-v2, -v3: AVX2 and FMA,
// -v4: AVX-512) or any CPU LLVM knows (znver3, skylake-avx512, ...). The
// code generator targets it; the manifest records its name and the
// features the code may use among those the runtime can check
// (kCheckedFeatures), so that an executable or library refuses, in one
// line, to start on a CPU without them (runtime/src/model/CpuCheck.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TARGET_TARGETCPU_H
#define RNNC_TARGET_TARGETCPU_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace rnnc {

/// The features whose absence the runtime detects at start (its table of
/// __builtin_cpu_supports names, runtime/src/model/CpuCheck.cpp).
extern const llvm::ArrayRef<const char *> kCheckedFeatures;

struct TargetCPU {
  std::string requested;  // what --cpu said ("native", "x86-64-v3", ...)
  std::string name;       // LLVM's CPU name ("znver4", "x86-64-v3")
  std::string features;   // the subtarget feature string ("+avx2,...")
  std::vector<std::string> required; // of kCheckedFeatures
};

/// Resolves --cpu=`requested`; nullopt with `error` set for a CPU LLVM
/// does not know.
std::optional<TargetCPU> resolveTargetCPU(llvm::StringRef requested,
                                          std::string &error);

/// The CPU every later translation, optimisation and object emission
/// targets (process-wide; set before compiling starts). Default: native.
void setTargetCPU(const TargetCPU &cpu);
const TargetCPU &targetCPU();

} // namespace rnnc

#endif // RNNC_TARGET_TARGETCPU_H
