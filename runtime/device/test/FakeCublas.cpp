//===- FakeCublas.cpp - libcublas.so.13 on the host, for tests ------------===//
//
// Built as a shared library named libcublas.so.13 in a folder of the build
// that CudaDeviceTest's run path names, so that CudaBlas.cpp's dlopen finds
// it: the entry points CudaBlas uses, with cuBLAS's column-major GEMM
// semantics (C = alpha op(A) op(B) + beta C), enqueued on the stream given
// (FakeCudaRuntime.cpp records them into a graph while it is captured).
// Each GEMM run counts in fakecuda::counters().blasCalls.
//
//===----------------------------------------------------------------------===//

#include "FakeCudaRuntime.h"

#include <cublas_v2.h>

namespace {

struct Handle {
  cudaStream_t stream = nullptr;
  void *workspace = nullptr;
};

template <typename T>
cublasStatus_t gemm(cublasHandle_t handle, cublasOperation_t transa,
                    cublasOperation_t transb, int m, int n, int k,
                    const T *alpha, const T *A, int lda, const T *B, int ldb,
                    const T *beta, T *C, int ldc) {
  if (m < 0 || n < 0 || k < 0 ||
      lda < (transa == CUBLAS_OP_N ? m : k) ||
      ldb < (transb == CUBLAS_OP_N ? k : n) || ldc < m)
    return CUBLAS_STATUS_INVALID_VALUE;
  auto *h = reinterpret_cast<Handle *>(handle);
  T a = *alpha, b = *beta; // host pointer mode: read at the call
  fakecuda::enqueue(h->stream, [=] {
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) {
        T sum = 0;
        for (int l = 0; l < k; ++l)
          sum += (transa == CUBLAS_OP_N ? A[i + l * lda] : A[l + i * lda]) *
                 (transb == CUBLAS_OP_N ? B[l + j * ldb] : B[j + l * ldb]);
        C[i + j * ldc] = a * sum + b * C[i + j * ldc];
      }
    ++fakecuda::counters().blasCalls;
  });
  return CUBLAS_STATUS_SUCCESS;
}

} // namespace

extern "C" {

cublasStatus_t cublasCreate_v2(cublasHandle_t *handle) {
  *handle = reinterpret_cast<cublasHandle_t>(new Handle());
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasDestroy_v2(cublasHandle_t handle) {
  delete reinterpret_cast<Handle *>(handle);
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasGetVersion_v2(cublasHandle_t, int *version) {
  *version = 130002;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t stream) {
  reinterpret_cast<Handle *>(handle)->stream = stream;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void *workspace,
                                     size_t) {
  reinterpret_cast<Handle *>(handle)->workspace = workspace;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa,
                              cublasOperation_t transb, int m, int n, int k,
                              const float *alpha, const float *A, int lda,
                              const float *B, int ldb, const float *beta,
                              float *C, int ldc) {
  return gemm(handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C,
              ldc);
}
cublasStatus_t cublasDgemm_v2(cublasHandle_t handle, cublasOperation_t transa,
                              cublasOperation_t transb, int m, int n, int k,
                              const double *alpha, const double *A, int lda,
                              const double *B, int ldb, const double *beta,
                              double *C, int ldc) {
  return gemm(handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C,
              ldc);
}

} // extern "C"
