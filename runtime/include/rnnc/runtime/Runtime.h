/*===- Runtime.h - the C ABI between generated code and the runtime -------===*
 *
 * The single contract between the code rnnc generates and the runtime it is
 * linked with. Everything here is `extern "C"` with plain C types so that
 * the generated object and the runtime can be built by different compilers.
 * The ABI version is bumped on every incompatible change; a compiled model
 * refuses to run against a runtime of another version.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RNNC_RUNTIME_RUNTIME_H
#define RNNC_RUNTIME_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this ABI. */
#define RNNC_RT_ABI_VERSION 1

/* The ABI version the runtime was built with. */
int32_t rnnc_rt_abi_version(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* RNNC_RUNTIME_RUNTIME_H */
