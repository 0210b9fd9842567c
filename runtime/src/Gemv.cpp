//===- Gemv.cpp - one row times a parameter matrix ------------------------===//
//
// See Gemv.h. Two versions of each kernel: AVX-512 (16 floats a register,
// a panel's 128 outputs in 8 accumulators), chosen at run time where the
// CPU has it, and portable C++ that the compiler vectorises for the
// baseline. Both sum over k in the same order, so they agree to rounding
// of the fused multiply-add. bfloat16 panels are widened to f32 as they
// are loaded (a bfloat16 is the top half of an f32), so only the weights
// are rounded: the row and the sums stay f32.
//
//===----------------------------------------------------------------------===//

#include "Gemv.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace rnnc::rt {

uint16_t toBfloat16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu))
    return static_cast<uint16_t>((bits >> 16) | 0x40); // NaN stays NaN
  // Round to nearest, ties to even.
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>(bits >> 16);
}

float fromBfloat16(uint16_t value) {
  uint32_t bits = uint32_t(value) << 16;
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

namespace {

float toElement(float value, float *) { return value; }
uint16_t toElement(float value, uint16_t *) { return toBfloat16(value); }
float widen(float value) { return value; }
float widen(uint16_t value) { return fromBfloat16(value); }

template <typename T>
void packPanelsAs(const float *b, int64_t ldb, bool transposed, int64_t k,
                  int64_t n, std::vector<T> &out) {
  int64_t padded = 0;
  for (int64_t first = 0; first < n; first += kPanelWidth)
    padded += panelWidth(first, n);
  out.assign(static_cast<size_t>(padded * k), T(0));
  for (int64_t first = 0; first < n; first += kPanelWidth) {
    int64_t width = panelWidth(first, n), used = std::min(width, n - first);
    for (int64_t i = 0; i < k; ++i) {
      T *row = out.data() + first * k + i * width;
      for (int64_t j = 0; j < used; ++j)
        row[j] = toElement(
            transposed ? b[(first + j) * ldb + i] : b[i * ldb + first + j],
            row);
    }
  }
}

/// One panel's outputs, `width` of them (the last panel's may be fewer).
void storePanel(const float *sums, float *y, int64_t width, bool accumulate) {
  for (int64_t j = 0; j < width; ++j)
    y[j] = accumulate ? y[j] + sums[j] : sums[j];
}

template <typename T>
void portable(const float *x, int64_t k, const T *panels, int64_t n, float *y,
              bool accumulate) {
  for (int64_t first = 0; first < n; first += kPanelWidth) {
    int64_t width = panelWidth(first, n);
    float sums[kPanelWidth] = {};
    const T *panel = panels + first * k;
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < width; ++j)
        sums[j] += x[i] * widen(panel[i * width + j]);
    storePanel(sums, y + first, std::min(width, n - first), accumulate);
  }
}

#if defined(__x86_64__)
/// 16 elements of a panel as f32.
__attribute__((target("avx512f"))) inline __m512 load16(const float *p) {
  return _mm512_loadu_ps(p);
}
__attribute__((target("avx512f"))) inline __m512 load16(const uint16_t *p) {
  __m256i half = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(half), 16));
}

/// One panel of `kRegisters` x 16 columns: its sums stay in registers
/// while the loop walks down k.
template <typename T, int kRegisters>
__attribute__((target("avx512f"))) void
panelAvx512(const float *x, int64_t k, const T *panel, float *y, int64_t used,
            bool accumulate) {
  __m512 acc[kRegisters];
  for (int r = 0; r < kRegisters; ++r)
    acc[r] = _mm512_setzero_ps();
  for (int64_t i = 0; i < k; ++i, panel += 16 * kRegisters) {
    __m512 xi = _mm512_set1_ps(x[i]);
    for (int r = 0; r < kRegisters; ++r)
      acc[r] = _mm512_fmadd_ps(xi, load16(panel + 16 * r), acc[r]);
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

template <typename T>
__attribute__((target("avx512f"))) void
avx512(const float *x, int64_t k, const T *panels, int64_t n, float *y,
       bool accumulate) {
  using Kernel =
      void (*)(const float *, int64_t, const T *, float *, int64_t, bool);
  static constexpr Kernel kernels[] = {
      panelAvx512<T, 1>, panelAvx512<T, 2>, panelAvx512<T, 3>,
      panelAvx512<T, 4>, panelAvx512<T, 5>, panelAvx512<T, 6>,
      panelAvx512<T, 7>, panelAvx512<T, 8>};
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

template <typename T>
void dispatch(const float *x, int64_t k, const T *panels, int64_t n, float *y,
              bool accumulate) {
#if defined(__x86_64__)
  if (hasAvx512()) {
    avx512(x, k, panels, n, y, accumulate);
    return;
  }
#endif
  portable(x, k, panels, n, y, accumulate);
}

} // namespace

void packPanels(const float *b, int64_t ldb, bool transposed, int64_t k,
                int64_t n, std::vector<float> &out) {
  packPanelsAs(b, ldb, transposed, k, n, out);
}

void packPanels(const float *b, int64_t ldb, bool transposed, int64_t k,
                int64_t n, std::vector<uint16_t> &out) {
  packPanelsAs(b, ldb, transposed, k, n, out);
}

void panelGemv(const float *x, int64_t k, const float *panels, int64_t n,
               float *y, bool accumulate) {
  dispatch(x, k, panels, n, y, accumulate);
}

void panelGemv(const float *x, int64_t k, const uint16_t *panels, int64_t n,
               float *y, bool accumulate) {
  dispatch(x, k, panels, n, y, accumulate);
}

void panelGemvPortable(const float *x, int64_t k, const float *panels,
                       int64_t n, float *y, bool accumulate) {
  portable(x, k, panels, n, y, accumulate);
}

void panelGemvPortable(const float *x, int64_t k, const uint16_t *panels,
                       int64_t n, float *y, bool accumulate) {
  portable(x, k, panels, n, y, accumulate);
}

} // namespace rnnc::rt
