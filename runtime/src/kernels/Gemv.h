//===- Gemv.h - a few rows times a parameter matrix --------------*- C++ -*-===//
//
// A single step of one stream multiplies one row by each weight matrix
// (M = 1): the product reads the whole matrix once per token, so its speed
// is the speed of streaming the weights. oneDNN's sgemm is made for large
// M; these kernels read the matrix as panels of columns stored one after
// the other (each panel [k, width], contiguous), the layout Gemm.cpp
// prepares once per parameter version, and keep a row's outputs of a
// panel in registers while they walk down k: a panel is as wide as those
// outputs (panelColumns), so one row reads it front to back, one
// contiguous stream. Several streams stepped together (batched
// generation) are several rows, each computed exactly as it would be
// alone.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SRC_GEMV_H
#define RNNC_RUNTIME_SRC_GEMV_H

#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

namespace rnnc::rt {

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

/// The kernels of one vector ISA, widest last.
enum class CpuKernels { Portable, Avx2, Avx512 };

/// The columns of a full panel for `kernels`: the outputs of one row their
/// one-row kernel keeps in registers (AVX-512 128 in 8 registers, AVX2 64
/// in 8, portable 64).
int64_t panelColumns(CpuKernels kernels);

/// The width of the panel that starts at column `first` of n when full
/// panels have `columns`: `columns`, or for the last one, what is left
/// rounded up to 16 (one AVX-512 register).
inline int64_t panelWidth(int64_t first, int64_t n, int64_t columns) {
  int64_t left = n - first;
  return left >= columns ? columns : (left + 15) / 16 * 16;
}

/// B [k, n] as `kernels`' panels into `out`: the panel of columns
/// [first, first + w) starts at out[first k] and holds B[i, first + j] at
/// [i w + j], zero past n. B[i, j] is b[i ldb + j], or b[j ldb + i] when
/// `transposed` (B given as its transpose [n, k]). The uint16_t overload
/// stores bfloat16, rounded to nearest even: half the bytes for a product
/// to stream.
void packPanels(CpuKernels kernels, const float *b, int64_t ldb,
                bool transposed, int64_t k, int64_t n,
                PanelVector<float> &out);
void packPanels(CpuKernels kernels, const float *b, int64_t ldb,
                bool transposed, int64_t k, int64_t n,
                PanelVector<uint16_t> &out);
/// "portable", "avx2", "avx512".
const char *cpuKernelsName(CpuKernels kernels);
/// Whether this CPU runs `kernels`.
bool canRun(CpuKernels kernels);
/// The kernels panelGemm runs: the widest this CPU has, or narrower ones
/// RNNC_CPU_KERNELS names (to measure them on a CPU with more).
CpuKernels cpuKernels();

/// The order in which a product walks its panels. The outputs do not
/// depend on it (each output sums within its own panel, in order of k),
/// the cache does: walking the same panels from first to last at every
/// call, a product that reads a little more than the cache holds misses
/// on every line, because each panel is evicted just before it is read
/// again. A caller that alternates the order starts each call on the
/// panels its previous call read last, still cached. The turn is made in
/// chunks of kPanelChunkBytes, each walked forwards, so that the
/// hardware's prefetcher still sees long forward streams.
enum class PanelOrder { FirstToLast, LastToFirst };
constexpr int64_t kPanelChunkBytes = 256 * 1024;

/// Calls visit(first) with the first column of each panel of n columns in
/// panels `columns` wide (`columnBytes` a column): chunks of whole panels
/// of about kPanelChunkBytes (at least one panel) in `order`, each
/// chunk's panels first to last.
template <typename Visit>
void forEachPanel(int64_t n, int64_t columns, int64_t columnBytes,
                  PanelOrder order, Visit &&visit) {
  int64_t panels = (n + columns - 1) / columns;
  int64_t perChunk = kPanelChunkBytes / (columns * columnBytes);
  if (perChunk < 1)
    perChunk = 1;
  int64_t chunks = (panels + perChunk - 1) / perChunk;
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t chunk = order == PanelOrder::FirstToLast ? c : chunks - 1 - c;
    for (int64_t panel = chunk * perChunk;
         panel < panels && panel < (chunk + 1) * perChunk; ++panel)
      visit(panel * columns);
  }
}

/// y [m, n] = x [m, k] B, or y += x B when `accumulate` (row r of x at
/// x + r ldx, of y at y + r ldy), B packed by packPanels for
/// cpuKernels(), with those kernels, its panels walked in `order`. Row
/// r's outputs are bitwise the same for every m (a stream's step gives the
/// same numbers alone and in a batch of streams), for either order, and
/// for AVX-512 and AVX2 (the same fused multiply-adds in order).
void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const float *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate, PanelOrder order = PanelOrder::FirstToLast);
void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const uint16_t *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate, PanelOrder order = PanelOrder::FirstToLast);

/// The same products with `kernels`, which the CPU must run (canRun), on
/// panels packed for them: each ISA's kernels are tested on every machine
/// that has the ISA.
void panelGemmWith(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
                   int64_t k, const float *panels, int64_t n, float *y,
                   int64_t ldy, bool accumulate,
                   PanelOrder order = PanelOrder::FirstToLast);
void panelGemmWith(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
                   int64_t k, const uint16_t *panels, int64_t n, float *y,
                   int64_t ldy, bool accumulate,
                   PanelOrder order = PanelOrder::FirstToLast);

/// bfloat16 from f32 (round to nearest even, NaN kept) and back.
uint16_t toBfloat16(float value);
float fromBfloat16(uint16_t value);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SRC_GEMV_H
