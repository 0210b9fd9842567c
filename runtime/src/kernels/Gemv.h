//===- Gemv.h - a few rows times a parameter matrix --------------*- C++ -*-===//
//
// A single step of one stream multiplies one row by each weight matrix
// (M = 1): the product reads the whole matrix once per token, so its speed
// is the speed of streaming the weights. oneDNN's sgemm is made for large
// M; these kernels read the matrix as panels of kPanelWidth columns stored
// one after the other (each panel [k, kPanelWidth], contiguous), the
// layout Gemm.cpp prepares once per parameter version, and keep a block
// of outputs in registers while they walk down k. Several streams stepped
// together (batched generation) are several rows, each computed exactly
// as it would be alone.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SRC_GEMV_H
#define RNNC_RUNTIME_SRC_GEMV_H

#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

namespace rnnc::rt {

constexpr int64_t kPanelWidth = 128;

/// Storage aligned to 64 bytes, a cache line: a panel's 512-bit loads
/// then never straddle two lines (malloc's large blocks are 16 past a
/// page).
template <typename T> struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U> CacheLineAllocator(const CacheLineAllocator<U> &) {}
  T *allocate(size_t n) {
    size_t bytes = (n * sizeof(T) + 63) / 64 * 64;
    void *p = std::aligned_alloc(64, bytes);
    if (!p)
      throw std::bad_alloc();
    return static_cast<T *>(p);
  }
  void deallocate(T *p, size_t) { std::free(p); }
  template <typename U> bool operator==(const CacheLineAllocator<U> &) const {
    return true;
  }
  template <typename U> bool operator!=(const CacheLineAllocator<U> &) const {
    return false;
  }
};
template <typename T>
using PanelVector = std::vector<T, CacheLineAllocator<T>>;

/// The width of the panel that starts at column `first` of n: kPanelWidth,
/// or for the last one, what is left rounded up to 16 (one register).
inline int64_t panelWidth(int64_t first, int64_t n) {
  int64_t left = n - first;
  return left >= kPanelWidth ? kPanelWidth : (left + 15) / 16 * 16;
}

/// B [k, n] as panels into `out`: the panel of columns [first, first + w)
/// starts at out[first k] and holds B[i, first + j] at [i w + j], zero past
/// n. B[i, j] is b[i ldb + j], or b[j ldb + i] when `transposed` (B given as
/// its transpose [n, k]). The uint16_t overload stores bfloat16, rounded
/// to nearest even: half the bytes for a product to stream.
void packPanels(const float *b, int64_t ldb, bool transposed, int64_t k,
                int64_t n, PanelVector<float> &out);
void packPanels(const float *b, int64_t ldb, bool transposed, int64_t k,
                int64_t n, PanelVector<uint16_t> &out);

/// The kernels of one vector ISA, widest last.
enum class CpuKernels { Portable, Avx2, Avx512 };
/// "portable", "avx2", "avx512".
const char *cpuKernelsName(CpuKernels kernels);
/// Whether this CPU runs `kernels`.
bool canRun(CpuKernels kernels);
/// The kernels panelGemm runs: the widest this CPU has, or narrower ones
/// RNNC_CPU_KERNELS names (to measure them on a CPU with more).
CpuKernels cpuKernels();

/// y [m, n] = x [m, k] B, or y += x B when `accumulate` (row r of x at
/// x + r ldx, of y at y + r ldy), B packed by packPanels, with the kernels
/// of cpuKernels(). Row r's outputs are bitwise the same for every m (a
/// stream's step gives the same numbers alone and in a batch of streams)
/// and for AVX-512 and AVX2 (the same fused multiply-adds in order).
void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const float *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate);
void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const uint16_t *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate);

/// The same products with `kernels`, which the CPU must run (canRun):
/// each ISA's kernels are tested on every machine that has the ISA.
void panelGemmWith(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
                   int64_t k, const float *panels, int64_t n, float *y,
                   int64_t ldy, bool accumulate);
void panelGemmWith(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
                   int64_t k, const uint16_t *panels, int64_t n, float *y,
                   int64_t ldy, bool accumulate);

/// bfloat16 from f32 (round to nearest even, NaN kept) and back.
uint16_t toBfloat16(float value);
float fromBfloat16(uint16_t value);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SRC_GEMV_H
