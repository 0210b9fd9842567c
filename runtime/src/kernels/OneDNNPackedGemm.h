//===- OneDNNPackedGemm.h - oneDNN's packed-matrix sgemm entry points -----===//
//
// oneDNN's RNN primitives keep their weights packed for its GEMM kernels:
// a packed matrix skips the copy into the kernel's layout that every plain
// dnnl_sgemm call makes (1 MiB for the LSTM 256's W_hh, on every time
// step). The three functions are exported by libdnnl 2.6 but declared in
// no public header; these are their declarations from oneDNN's
// src/cpu/gemm/gemm_pack.hpp. They follow BLAS conventions: column-major
// matrices, every argument by pointer, a transposition 'P' meaning "packed
// by sgemm_pack". CMake checks that the oneDNN is 2.6 and that they link
// (RNNC_PACKED_SGEMM); otherwise Gemm.cpp uses dnnl_sgemm alone.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_ONEDNNPACKEDGEMM_H
#define RNNC_RUNTIME_ONEDNNPACKEDGEMM_H

#include <dnnl_types.h>

#include <cstddef>

namespace dnnl::impl::cpu {

/// Bytes of the packed form of the `identifier` ("A" or "B") operand of
/// C = op(A) op(B), C [M, N]; `pack` is false where oneDNN would read the
/// matrix in place anyway.
dnnl_status_t sgemm_pack_get_size(const char *identifier, const char *transa,
                                  const char *transb, const dnnl_dim_t *M,
                                  const dnnl_dim_t *N, const dnnl_dim_t *K,
                                  const dnnl_dim_t *lda, const dnnl_dim_t *ldb,
                                  size_t *size, bool *pack);

/// Packs `src` into `dst` (sgemm_pack_get_size bytes).
dnnl_status_t sgemm_pack(const char *identifier, const char *transa,
                         const char *transb, const dnnl_dim_t *M,
                         const dnnl_dim_t *N, const dnnl_dim_t *K,
                         const dnnl_dim_t *lda, const dnnl_dim_t *ldb,
                         const float *src, float *dst);

/// C = op(A) op(B) + beta C, where an operand with transposition 'P' is
/// packed.
dnnl_status_t sgemm_compute(const char *transa, const char *transb,
                            const dnnl_dim_t *M, const dnnl_dim_t *N,
                            const dnnl_dim_t *K, const float *A,
                            const dnnl_dim_t *lda, const float *B,
                            const dnnl_dim_t *ldb, const float *beta, float *C,
                            const dnnl_dim_t *ldc);

} // namespace dnnl::impl::cpu

#endif // RNNC_RUNTIME_ONEDNNPACKEDGEMM_H
