//===- Runtime.cpp - C ABI entry points of the runtime ---------------------===//
//
// Definitions of the functions declared in Runtime.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

extern "C" int32_t rnnc_rt_abi_version(void) { return RNNC_RT_ABI_VERSION; }
