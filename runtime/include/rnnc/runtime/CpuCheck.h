//===- CpuCheck.h - does this CPU run the generated code? --------*- C++ -*-===//
//
// `rnnc compile --cpu=NAME` compiles for a CPU that may not be the one a
// program runs on; the manifest lists the features the code may use (of
// those this file can test). An executable checks them before anything
// runs, a library when a model is loaded: a missing one is an error that
// names it, instead of an illegal instruction later.
//
// RNNC_TEST_CPU_LACKS=avx512f,avx2 makes the check treat the named
// features as missing (a test of the refusal on a CPU that has them).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_CPUCHECK_H
#define RNNC_RUNTIME_CPUCHECK_H

#include "rnnc/runtime/Manifest.h"

#include <string>

namespace rnnc::rt {

/// Whether this CPU has `feature` (a __builtin_cpu_supports name: "avx2",
/// "fma", "avx512f", ...); false for one it cannot test.
bool cpuHas(const std::string &feature);

/// Throws rt::Error naming the first feature `manifest` needs that this
/// CPU lacks.
void checkCpu(const Manifest &manifest);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_CPUCHECK_H
