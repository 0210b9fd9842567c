//===- Gemv.cpp - one row times a parameter matrix ------------------------===//
//
// See Gemv.h. Two versions of each kernel: AVX-512 (16 floats a register;
// one row: a panel's 128 outputs in 8 accumulators; rows four at a time:
// 64 columns each, 16 accumulators, each weight loaded once for the four),
// chosen at run time where the CPU has it, and portable C++ that the
// compiler vectorises for the baseline. Both sum over k in the same order
// for every row count, so they agree to rounding of the fused multiply-add
// and a row's result never depends on the other rows. bfloat16 panels are widened to f32 as they
// are loaded (a bfloat16 is the top half of an f32), so only the weights
// are rounded: the row and the sums stay f32.
//
//===----------------------------------------------------------------------===//

#include "Gemv.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

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
                  int64_t n, PanelVector<T> &out) {
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

/// A row's outputs in one block, `used` of them (the last panel's may be
/// fewer).
void storeBlock(const float *sums, float *y, int64_t used, bool accumulate) {
  for (int64_t j = 0; j < used; ++j)
    y[j] = accumulate ? y[j] + sums[j] : sums[j];
}

/// The rows of x, one after another (row r at x + r ldx, its outputs at
/// y + r ldy): every output is the sum over i of x[r][i] B[i][j] in order
/// of i, whatever the number of rows.
template <typename T>
void portable(const float *x, int64_t ldx, int64_t m, int64_t k,
              const T *panels, int64_t n, float *y, int64_t ldy,
              bool accumulate) {
  for (int64_t first = 0; first < n; first += kPanelWidth) {
    int64_t width = panelWidth(first, n);
    const T *panel = panels + first * k;
    for (int64_t r = 0; r < m; ++r) {
      float sums[kPanelWidth] = {};
      for (int64_t i = 0; i < k; ++i)
        for (int64_t j = 0; j < width; ++j)
          sums[j] += x[r * ldx + i] * widen(panel[i * width + j]);
      storeBlock(sums, y + r * ldy + first, std::min(width, n - first),
                 accumulate);
    }
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

/// `kRows` rows times a block of `kRegisters` x 16 columns of a panel
/// (rows `width` apart): the block's sums stay in registers while the loop
/// walks down k, each weight loaded once for the rows. Each sum is the
/// same chain of fused multiply-adds in order of i for any kRows: a row's
/// result does not depend on the rows beside it.
template <typename T, int kRegisters, int kRows>
__attribute__((target("avx512f"))) void
blockAvx512(const float *x, int64_t ldx, int64_t k, const T *panel,
            int64_t width, float *y, int64_t ldy, int64_t used,
            bool accumulate) {
  __m512 acc[kRows][kRegisters];
  for (int r = 0; r < kRows; ++r)
    for (int j = 0; j < kRegisters; ++j)
      acc[r][j] = _mm512_setzero_ps();
  for (int64_t i = 0; i < k; ++i, panel += width) {
    __m512 w[kRegisters];
    for (int j = 0; j < kRegisters; ++j)
      w[j] = load16(panel + 16 * j);
    for (int r = 0; r < kRows; ++r) {
      __m512 xi = _mm512_set1_ps(x[r * ldx + i]);
      for (int j = 0; j < kRegisters; ++j)
        acc[r][j] = _mm512_fmadd_ps(xi, w[j], acc[r][j]);
    }
  }
  for (int r = 0; r < kRows; ++r) {
    float *out = y + r * ldy;
    if (used == 16 * kRegisters && !accumulate) {
      for (int j = 0; j < kRegisters; ++j)
        _mm512_storeu_ps(out + 16 * j, acc[r][j]);
      continue;
    }
    alignas(64) float sums[16 * kRegisters];
    for (int j = 0; j < kRegisters; ++j)
      _mm512_store_ps(sums + 16 * j, acc[r][j]);
    storeBlock(sums, out, used, accumulate);
  }
}

/// Rows are taken four at a time in blocks of 64 columns (16 sums in
/// registers), one row alone in blocks of a whole panel (8 sums).
constexpr int kRowGroup = 4;
constexpr int kGroupRegisters = 4;

template <typename T>
using BlockKernel = void (*)(const float *, int64_t, int64_t, const T *,
                             int64_t, float *, int64_t, int64_t, bool);

template <typename T, int kRows, int... kRegisters>
constexpr std::array<BlockKernel<T>, sizeof...(kRegisters)>
blockKernels(std::integer_sequence<int, kRegisters...>) {
  return {blockAvx512<T, kRegisters + 1, kRows>...};
}

template <typename T>
__attribute__((target("avx512f"))) void
avx512(const float *x, int64_t ldx, int64_t m, int64_t k, const T *panels,
       int64_t n, float *y, int64_t ldy, bool accumulate) {
  static constexpr auto one =
      blockKernels<T, 1>(std::make_integer_sequence<int, kPanelWidth / 16>());
  static constexpr std::array<std::array<BlockKernel<T>, kGroupRegisters>,
                              kRowGroup - 1>
      groups = {
          blockKernels<T, 2>(std::make_integer_sequence<int, kGroupRegisters>()),
          blockKernels<T, 3>(std::make_integer_sequence<int, kGroupRegisters>()),
          blockKernels<T, 4>(std::make_integer_sequence<int, kGroupRegisters>())};
  for (int64_t first = 0; first < n; first += kPanelWidth) {
    int64_t width = panelWidth(first, n), used = std::min(width, n - first);
    const T *panel = panels + first * k;
    for (int64_t r = 0; r < m; r += kRowGroup) {
      int64_t rows = std::min<int64_t>(kRowGroup, m - r);
      const float *xr = x + r * ldx;
      float *yr = y + r * ldy + first;
      if (rows == 1) {
        one[width / 16 - 1](xr, ldx, k, panel, width, yr, ldy, used,
                            accumulate);
        continue;
      }
      for (int64_t c = 0; c < width; c += 16 * kGroupRegisters) {
        int64_t registers =
            std::min<int64_t>(kGroupRegisters, (width - c) / 16);
        groups[rows - 2][registers - 1](xr, ldx, k, panel + c, width, yr + c,
                                        ldy, std::max<int64_t>(0, std::min(
                                                 16 * registers, used - c)),
                                        accumulate);
      }
    }
  }
}

bool hasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}
#endif

template <typename T>
void dispatch(const float *x, int64_t ldx, int64_t m, int64_t k,
              const T *panels, int64_t n, float *y, int64_t ldy,
              bool accumulate) {
#if defined(__x86_64__)
  if (hasAvx512()) {
    avx512(x, ldx, m, k, panels, n, y, ldy, accumulate);
    return;
  }
#endif
  portable(x, ldx, m, k, panels, n, y, ldy, accumulate);
}

} // namespace

void packPanels(const float *b, int64_t ldb, bool transposed, int64_t k,
                int64_t n, PanelVector<float> &out) {
  packPanelsAs(b, ldb, transposed, k, n, out);
}

void packPanels(const float *b, int64_t ldb, bool transposed, int64_t k,
                int64_t n, PanelVector<uint16_t> &out) {
  packPanelsAs(b, ldb, transposed, k, n, out);
}

void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const float *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate) {
  dispatch(x, ldx, m, k, panels, n, y, ldy, accumulate);
}

void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const uint16_t *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate) {
  dispatch(x, ldx, m, k, panels, n, y, ldy, accumulate);
}

void panelGemmPortable(const float *x, int64_t ldx, int64_t m, int64_t k,
                       const float *panels, int64_t n, float *y, int64_t ldy,
                       bool accumulate) {
  portable(x, ldx, m, k, panels, n, y, ldy, accumulate);
}

void panelGemmPortable(const float *x, int64_t ldx, int64_t m, int64_t k,
                       const uint16_t *panels, int64_t n, float *y,
                       int64_t ldy, bool accumulate) {
  portable(x, ldx, m, k, panels, n, y, ldy, accumulate);
}

} // namespace rnnc::rt
