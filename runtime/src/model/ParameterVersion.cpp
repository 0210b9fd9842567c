//===- ParameterVersion.cpp - when the parameters may have changed --------===//
//
// The process-wide counter of ParameterVersion.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/ParameterVersion.h"

#include <atomic>

namespace rnnc::rt {
namespace {
std::atomic<uint64_t> version{1};
} // namespace

uint64_t parameterVersion() { return version.load(std::memory_order_relaxed); }

void parametersMayChange() { version.fetch_add(1, std::memory_order_relaxed); }

} // namespace rnnc::rt
