//===- TargetCPU.cpp - the CPU the generated code is compiled for ---------===//
//
// See rnnc/Target/TargetCPU.h. The features of a named CPU come from
// LLVM's subtarget tables (the same the code generator then uses).
//
//===----------------------------------------------------------------------===//

#include "rnnc/Target/TargetCPU.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <memory>
#include <mutex>

namespace rnnc {

namespace {
const char *const kFeatures[] = {
    "sse4.2",   "popcnt",   "avx",      "avx2",       "fma",
    "bmi",      "bmi2",     "avx512f",  "avx512bw",   "avx512dq",
    "avx512vl", "avx512cd", "avx512vnni", "avx512bf16"};

std::optional<TargetCPU> &configured() {
  static std::optional<TargetCPU> cpu;
  return cpu;
}
} // namespace

const llvm::ArrayRef<const char *> kCheckedFeatures(kFeatures);

std::optional<TargetCPU> resolveTargetCPU(llvm::StringRef requested,
                                          std::string &error) {
  static std::once_flag targets;
  std::call_once(targets, [] { llvm::InitializeNativeTarget(); });
  std::string triple = llvm::sys::getDefaultTargetTriple();
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return std::nullopt;
  TargetCPU cpu;
  cpu.requested = requested.str();
  if (requested == "native") {
    cpu.name = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures features;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      features.AddFeature(feature.first(), feature.second);
    cpu.features = features.getString();
  } else {
    cpu.name = requested.str();
  }
  // Asked of a generic subtarget first: one made for an unknown CPU warns.
  std::unique_ptr<llvm::MCSubtargetInfo> generic(
      target->createMCSubtargetInfo(triple, "generic", ""));
  if (!generic || !generic->isCPUStringValid(cpu.name)) {
    error = "--cpu=" + requested.str() +
            " is not a CPU LLVM knows: use native, x86-64-v2, x86-64-v3, "
            "x86-64-v4 or a name such as znver3 or skylake-avx512";
    return std::nullopt;
  }
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, cpu.name, cpu.features));
  for (const char *feature : kCheckedFeatures)
    if (info->checkFeatures(std::string("+") + feature))
      cpu.required.push_back(feature);
  return cpu;
}

void setTargetCPU(const TargetCPU &cpu) { configured() = cpu; }

const TargetCPU &targetCPU() {
  if (!configured()) {
    std::string error;
    configured() = resolveTargetCPU("native", error);
  }
  return *configured();
}

} // namespace rnnc
