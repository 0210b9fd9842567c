//===- Sgemm.h - rnnc's own blocked f32 GEMM --------------------*- C++ -*-===//
//
// C [m, n] = op(A) op(B) (+ C), row-major, the products a training step
// makes (a step's rows times a weight matrix, its adjoint times the
// weights, a weight gradient summed over the sequence), as a blocked GEMM
// in the manner of BLIS/GotoBLAS: op(B) in panels of a tile's width and
// blocks of kSgemmDepth rows of k, A read in place (A^T copied a block of
// rows at a time into panels of a tile's height), and a register tile
// (VectorIsa.h's kTileRows x 2 registers) that sums a block of k in
// registers. One source for AVX-512 and AVX2+FMA (SgemmTiles.inc), like
// the one-row kernels.
//
// Why rnnc has one: oneDNN 2.6's sgemm held to AVX2 takes 1.8x as long
// for the weight gradient dW = G^T H of the LSTM 256 (M 1024, N 256,
// K 1120) when G is 32-byte aligned as when it is not (12.6 ms against
// 6.8), and the training
// step's other products run at 80-90% of the FMA peak in it at best
// (docs/performance.md, "rnnc's GEMM"). The sum over k runs in blocks in
// a fixed order: results are bitwise the same from call to call on one
// machine and ISA, for any alignment.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SRC_SGEMM_H
#define RNNC_RUNTIME_SRC_SGEMM_H

#include "Gemv.h"

#include <cstdint>

namespace rnnc::rt {

/// Rows of k summed in registers per pass over C (a block of op(B) then
/// fills 256 x 16 floats a panel: 16 KiB, an L1 cache's share).
constexpr int64_t kSgemmDepth = 256;

/// op(B) [k, n] in the layout blockedSgemm reads, for one ISA's tiles:
/// blocks of k (sgemmDepthBlock), each a run of panels of the tile's
/// width, zero past n. A parameter's is made once per parameter version.
struct SgemmPackedB {
  CpuKernels kernels = CpuKernels::Portable;
  int64_t k = 0, n = 0;
  PanelVector<float> data;
};

/// Whether blockedSgemm runs on `kernels` (AVX2 and AVX-512; the portable
/// kernels leave GEMMs to oneDNN).
bool hasBlockedSgemm(CpuKernels kernels);

/// Whether the products run on blockedSgemm (where they have one thread):
/// by default where cpuKernels() are AVX2's, on any CPU with AVX2 if
/// RNNC_SGEMM=blocked, never if RNNC_SGEMM=onednn (SgemmChoice.cpp).
bool blockedSgemmChosen();

/// `out` = op(B) for `kernels`' tiles; op(B)[p][j] is b[p ldb + j], or
/// b[j ldb + p] when `transB`.
void packSgemmB(CpuKernels kernels, const float *b, int64_t ldb, bool transB,
                int64_t k, int64_t n, SgemmPackedB &out);

/// C [m, n] = op(A) op(B), or C += op(A) op(B) when `accumulate`;
/// op(A)[i][p] is a[i lda + p], or a[p lda + i] when `transA`. `b` is
/// packed by packSgemmB for the same kernels and sizes. One thread.
void blockedSgemm(int64_t m, int64_t n, int64_t k, const float *a,
                  int64_t lda, bool transA, const SgemmPackedB &b, float *c,
                  int64_t ldc, bool accumulate);

/// The same with op(B) read in place (packed by the call, a block at a
/// time, into a buffer the thread keeps).
void blockedSgemm(CpuKernels kernels, int64_t m, int64_t n, int64_t k,
                  const float *a, int64_t lda, bool transA, const float *b,
                  int64_t ldb, bool transB, float *c, int64_t ldc,
                  bool accumulate);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SRC_SGEMM_H
