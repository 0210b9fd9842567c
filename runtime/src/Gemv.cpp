//===- Gemv.cpp - one row times a parameter matrix ------------------------===//
//
// See Gemv.h. Two versions of the kernel: AVX-512 (16 floats a register,
// a panel's 128 outputs in 8 accumulators), chosen at run time where the
// CPU has it, and portable C++ that the compiler vectorises for the
// baseline. Both sum over k in the same order, so they agree to rounding
// of the fused multiply-add.
//
//===----------------------------------------------------------------------===//

#include "Gemv.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace rnnc::rt {

void packPanels(const float *b, int64_t ldb, bool transposed, int64_t k,
                int64_t n, std::vector<float> &out) {
  int64_t padded = 0;
  for (int64_t first = 0; first < n; first += kPanelWidth)
    padded += panelWidth(first, n);
  out.assign(static_cast<size_t>(padded * k), 0.0f);
  for (int64_t first = 0; first < n; first += kPanelWidth) {
    int64_t width = panelWidth(first, n), used = std::min(width, n - first);
    for (int64_t i = 0; i < k; ++i) {
      float *row = out.data() + first * k + i * width;
      for (int64_t j = 0; j < used; ++j)
        row[j] = transposed ? b[(first + j) * ldb + i] : b[i * ldb + first + j];
    }
  }
}

namespace {

/// One panel's outputs, `width` of them (the last panel's may be fewer).
void storePanel(const float *sums, float *y, int64_t width, bool accumulate) {
  for (int64_t j = 0; j < width; ++j)
    y[j] = accumulate ? y[j] + sums[j] : sums[j];
}

#if defined(__x86_64__)
/// One panel of `kRegisters` x 16 columns: its sums stay in registers
/// while the loop walks down k.
template <int kRegisters>
__attribute__((target("avx512f"))) void
panelAvx512(const float *x, int64_t k, const float *panel, float *y,
            int64_t used, bool accumulate) {
  __m512 acc[kRegisters];
  for (int r = 0; r < kRegisters; ++r)
    acc[r] = _mm512_setzero_ps();
  for (int64_t i = 0; i < k; ++i, panel += 16 * kRegisters) {
    __m512 xi = _mm512_set1_ps(x[i]);
    for (int r = 0; r < kRegisters; ++r)
      acc[r] = _mm512_fmadd_ps(xi, _mm512_loadu_ps(panel + 16 * r), acc[r]);
  }
  if (used == 16 * kRegisters && !accumulate) {
    for (int r = 0; r < kRegisters; ++r)
      _mm512_storeu_ps(y + 16 * r, acc[r]);
    return;
  }
  alignas(64) float sums[16 * kRegisters];
  for (int r = 0; r < kRegisters; ++r)
    _mm512_store_ps(sums + 16 * r, acc[r]);
  storePanel(sums, y, used, accumulate);
}

__attribute__((target("avx512f"))) void
panelGemvAvx512(const float *x, int64_t k, const float *panels, int64_t n,
                float *y, bool accumulate) {
  using Kernel = void (*)(const float *, int64_t, const float *, float *,
                          int64_t, bool);
  static constexpr Kernel kernels[] = {
      panelAvx512<1>, panelAvx512<2>, panelAvx512<3>, panelAvx512<4>,
      panelAvx512<5>, panelAvx512<6>, panelAvx512<7>, panelAvx512<8>};
  static_assert(sizeof kernels / sizeof kernels[0] == kPanelWidth / 16);
  for (int64_t first = 0; first < n; first += kPanelWidth) {
    int64_t width = panelWidth(first, n);
    kernels[width / 16 - 1](x, k, panels + first * k, y + first,
                            std::min(width, n - first), accumulate);
  }
}

bool hasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}
#endif

} // namespace

void panelGemvPortable(const float *x, int64_t k, const float *panels,
                       int64_t n, float *y, bool accumulate) {
  for (int64_t first = 0; first < n; first += kPanelWidth) {
    int64_t width = panelWidth(first, n);
    float sums[kPanelWidth] = {};
    const float *panel = panels + first * k;
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < width; ++j)
        sums[j] += x[i] * panel[i * width + j];
    storePanel(sums, y + first, std::min(width, n - first), accumulate);
  }
}

void panelGemv(const float *x, int64_t k, const float *panels, int64_t n,
               float *y, bool accumulate) {
#if defined(__x86_64__)
  if (hasAvx512()) {
    panelGemvAvx512(x, k, panels, n, y, accumulate);
    return;
  }
#endif
  panelGemvPortable(x, k, panels, n, y, accumulate);
}

} // namespace rnnc::rt
