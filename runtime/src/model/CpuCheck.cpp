//===- CpuCheck.cpp - does this CPU run the generated code? ---------------===//
//
// See CpuCheck.h. __builtin_cpu_supports takes only literal names, hence
// one table entry per feature the compiler may record (its list is
// rnnc::kCheckedFeatures, compiler/lib/Target/TargetCPU.cpp).
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/CpuCheck.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

namespace rnnc::rt {

namespace {
struct Feature {
  const char *name;
  bool present;
};

#if defined(__x86_64__) && defined(__GNUC__)
#define RNNC_FEATURE(name) {name, bool(__builtin_cpu_supports(name))}
const Feature *features(size_t &count) {
  static const Feature table[] = {
      RNNC_FEATURE("sse4.2"),   RNNC_FEATURE("popcnt"),
      RNNC_FEATURE("avx"),      RNNC_FEATURE("avx2"),
      RNNC_FEATURE("fma"),      RNNC_FEATURE("bmi"),
      RNNC_FEATURE("bmi2"),     RNNC_FEATURE("avx512f"),
      RNNC_FEATURE("avx512bw"), RNNC_FEATURE("avx512dq"),
      RNNC_FEATURE("avx512vl"), RNNC_FEATURE("avx512cd"),
      RNNC_FEATURE("avx512vnni"), RNNC_FEATURE("avx512bf16")};
  count = sizeof table / sizeof table[0];
  return table;
}
#undef RNNC_FEATURE
#else
const Feature *features(size_t &count) {
  count = 0;
  return nullptr;
}
#endif

/// RNNC_TEST_CPU_LACKS names `feature`.
bool pretendsToLack(const std::string &feature) {
  const char *lacks = std::getenv("RNNC_TEST_CPU_LACKS");
  if (!lacks)
    return false;
  std::istringstream names(lacks);
  std::string name;
  while (std::getline(names, name, ','))
    if (name == feature)
      return true;
  return false;
}
} // namespace

bool cpuHas(const std::string &feature) {
  if (pretendsToLack(feature))
    return false;
  size_t count = 0;
  const Feature *table = features(count);
  for (size_t i = 0; i < count; ++i)
    if (feature == table[i].name)
      return table[i].present;
  return false;
}

void checkCpu(const Manifest &manifest) {
  for (const std::string &feature : manifest.cpuFeatures)
    if (!cpuHas(feature))
      throw Error(fmt::format(
          "this model was compiled for the CPU {} and needs {}, which this "
          "CPU does not have; compile it here with --cpu=native, or for "
          "older CPUs with --cpu=x86-64-v3 (AVX2) or --cpu=x86-64-v2",
          manifest.targetCpu.empty() ? "?" : manifest.targetCpu, feature));
}

} // namespace rnnc::rt
