//===- Sgemm.cpp - rnnc's own blocked f32 GEMM ----------------------------===//
//
// See Sgemm.h. The blocks of k are the same for every ISA (DepthBlocks);
// the tiles, the panels' width and the loops are SgemmTiles.inc, compiled
// for AVX-512 and for AVX2+FMA under their target pragmas (VectorIsa.h).
//
//===----------------------------------------------------------------------===//

#include "Sgemm.h"
#include "VectorIsa.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <cstdlib>
#include <utility>

namespace rnnc::rt {
namespace {

/// k in `count` blocks of nearly equal depth, none deeper than
/// kSgemmDepth (k = 1120: five of 224, rather than four of 256 and one of
/// 96): block i covers [start(i), start(i) + depth(i)).
struct DepthBlocks {
  int64_t count, size;
  explicit DepthBlocks(int64_t k)
      : count(std::max<int64_t>(1, (k + kSgemmDepth - 1) / kSgemmDepth)),
        size((k + count - 1) / count), k(k) {}
  int64_t start(int64_t i) const { return i * size; }
  int64_t depth(int64_t i) const { return std::min(size, k - i * size); }

private:
  int64_t k;
};

} // namespace

// The GEMM for each ISA: avx512::packB, avx2::multiplyPacked, ...
#define RNNC_ISA_KERNELS "SgemmTiles.inc"
#include "ForEachIsa.inc"

bool hasBlockedSgemm(CpuKernels kernels) {
#if defined(__x86_64__)
  return kernels == CpuKernels::Avx2 || kernels == CpuKernels::Avx512;
#else
  (void)kernels;
  return false;
#endif
}

void packSgemmB(CpuKernels kernels, const float *b, int64_t ldb, bool transB,
                int64_t k, int64_t n, SgemmPackedB &out) {
  out.kernels = kernels;
  out.k = k;
  out.n = n;
#if defined(__x86_64__)
  if (kernels == CpuKernels::Avx512)
    return avx512::packB(b, ldb, transB, k, n, out.data);
  if (kernels == CpuKernels::Avx2)
    return avx2::packB(b, ldb, transB, k, n, out.data);
#endif
  std::abort(); // hasBlockedSgemm(kernels) is the caller's to check
}

void blockedSgemm(int64_t m, int64_t n, int64_t k, const float *a,
                  int64_t lda, bool transA, const SgemmPackedB &b, float *c,
                  int64_t ldc, bool accumulate) {
#if defined(__x86_64__)
  if (b.kernels == CpuKernels::Avx512)
    return avx512::multiplyPacked(m, n, k, a, lda, transA, b.data.data(), c,
                                  ldc, accumulate);
  if (b.kernels == CpuKernels::Avx2)
    return avx2::multiplyPacked(m, n, k, a, lda, transA, b.data.data(), c,
                                ldc, accumulate);
#endif
  std::abort();
}

void blockedSgemm(CpuKernels kernels, int64_t m, int64_t n, int64_t k,
                  const float *a, int64_t lda, bool transA, const float *b,
                  int64_t ldb, bool transB, float *c, int64_t ldc,
                  bool accumulate) {
#if defined(__x86_64__)
  if (kernels == CpuKernels::Avx512)
    return avx512::multiplyInPlace(m, n, k, a, lda, transA, b, ldb, transB, c,
                                   ldc, accumulate);
  if (kernels == CpuKernels::Avx2)
    return avx2::multiplyInPlace(m, n, k, a, lda, transA, b, ldb, transB, c,
                                 ldc, accumulate);
#endif
  std::abort();
}

} // namespace rnnc::rt
