/*===- Runtime.h - the C ABI between generated code and the runtime -------===*
 *
 * The single contract between the code rnnc generates and the runtime it is
 * linked with. Everything here is `extern "C"` with plain C types so that
 * the generated object and the runtime can be built by different compilers.
 * The ABI version is bumped on every incompatible change; a compiled model
 * refuses to run against a runtime of another version.
 *
 * What the generated object exports (rnnc-export-model-abi and
 * rnnc-pack-model-abi make them):
 *   - `rnnc_model_manifest`: a NUL-terminated JSON document describing the
 *     model (name, task, train/generate options, parameters with shapes and
 *     initialisers) and every exported function's arguments and results in
 *     order (docs/runtime.md has the layout);
 *   - `rnnc_call_forward` and `rnnc_call_train_step`, one uniform entry
 *     point per function: `args[i]` points to argument i (an int64_t for a
 *     dimension, a memref descriptor for a tensor) and `args[n]` to storage
 *     for the results, one memref descriptor per result in order. Result
 *     buffers are malloc'ed by the generated code and owned by the caller;
 *   - the same three with the suffix `_f64`: the model built in f64.
 *
 * What the runtime provides to the generated code:
 *   - `memrefCopy`, the strided copy that MLIR's memref lowering calls;
 *   - `rnnc_rt_sgemm` (through its C interface `_mlir_ciface_rnnc_rt_sgemm`),
 *     the f32 GEMM that rnnc-gemm-to-onednn calls, on oneDNN.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RNNC_RUNTIME_RUNTIME_H
#define RNNC_RUNTIME_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this ABI; the manifest's "abi_version" must equal it. */
#define RNNC_RT_ABI_VERSION 2

/* The ABI version the runtime was built with. */
int32_t rnnc_rt_abi_version(void);

/* ---- Exported by the generated object ---- */
extern const char rnnc_model_manifest[];
void rnnc_call_forward(void **args);
void rnnc_call_train_step(void **args);
/* The same model built in f64, gradcheck's reference (aliases of the above
 * when the model itself is f64). */
extern const char rnnc_model_manifest_f64[];
void rnnc_call_forward_f64(void **args);
void rnnc_call_train_step_f64(void **args);

/* ---- Provided to the generated object ---- */

/* An unranked memref: the rank and a pointer to a ranked descriptor
 * {allocated, aligned, offset, sizes[rank], strides[rank]}. */
typedef struct {
  int64_t rank;
  void *descriptor;
} rnnc_unranked_memref;

/* Copies `source` into `target` (same shape, any strides), elements of
 * `elementSize` bytes. MLIR's memref.copy lowers to this call. */
void memrefCopy(int64_t elementSize, rnnc_unranked_memref *source,
                rnnc_unranked_memref *target);

/* A rank-2 strided memref descriptor. */
typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} rnnc_matrix_f32;

/* C += op(A) op(B), op the transpose where `transA`/`transB` is nonzero.
 * Row-major oneDNN sgemm when every inner stride is 1, a plain loop
 * otherwise. */
void _mlir_ciface_rnnc_rt_sgemm(rnnc_matrix_f32 *a, rnnc_matrix_f32 *b,
                                rnnc_matrix_f32 *c, int32_t transA,
                                int32_t transB);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* RNNC_RUNTIME_RUNTIME_H */
