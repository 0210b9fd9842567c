//===- Gemv.cpp - one row times a parameter matrix ------------------------===//
//
// See Gemv.h. Three versions of each kernel, chosen at run time for the
// CPU: AVX-512 and AVX2+FMA, one source (GemvBlocks.inc: a row's block of
// outputs in registers while k is walked, rows four at a time sharing each
// weight load) compiled for each ISA, and portable C++ that the compiler
// vectorises for the baseline. All sum over k in the same order for every
// row count: the two ISAs agree bitwise (the same fused multiply-adds),
// the portable one to rounding of the fused multiply-add, and a row's
// result never depends on the other rows. bfloat16 panels are widened to f32 as they
// are loaded (a bfloat16 is the top half of an f32), so only the weights
// are rounded: the row and the sums stay f32.
//
//===----------------------------------------------------------------------===//

#include "Gemv.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// Rows of a panel the AVX2 kernels fetch ahead of the one they read;
// -DRNNC_PREFETCH_ROWS=N to measure another distance.
#ifndef RNNC_PREFETCH_ROWS
#define RNNC_PREFETCH_ROWS 16
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

} // namespace

#if defined(__x86_64__)
// The kernels for each x86-64 vector ISA: one source (GemvBlocks.inc)
// compiled under the ISA's target pragma, which covers only what is
// defined between push and pop (the standard library's inline functions,
// defined above, stay baseline code).
#define RNNC_STRINGIFY(x) #x
#if defined(__clang__)
#define RNNC_BEGIN_ISA(features)                                               \
  _Pragma(RNNC_STRINGIFY(clang attribute push(                                 \
      __attribute__((target(features))), apply_to = function)))
#define RNNC_END_ISA() _Pragma("clang attribute pop")
#else
#define RNNC_BEGIN_ISA(features)                                               \
  _Pragma("GCC push_options") _Pragma(RNNC_STRINGIFY(GCC target(features)))
#define RNNC_END_ISA() _Pragma("GCC pop_options")
#endif

RNNC_BEGIN_ISA("avx512f,avx512bw")
namespace avx512 {
/// 16 floats a register; a panel's 128 outputs of one row in 8 registers,
/// 64 of four rows in 16 (of 32).
struct Vec {
  using Reg = __m512;
  static constexpr int kLanes = 16;
  // Rows of the panel fetched ahead: none (a 64-byte load is a whole
  // cache line, and the hardware's prefetching keeps up).
  static constexpr int64_t kPrefetchRows = 0;
  static constexpr int kOneRowRegisters = 8;
  static constexpr int kGroupRegisters = 4;
  /// bfloat16 two registers at a time, as on AVX2 (below): one 512-bit
  /// load of 32, the even columns by a shift, the odd ones by a mask; the
  /// store interleaves them within 128-bit lanes (vunpck{l,h}ps) and puts
  /// the lanes in order (vpermt2ps).
  template <typename T> static constexpr int group() {
    return sizeof(T) == 2 ? 2 : 1;
  }
  static Reg zero() { return _mm512_setzero_ps(); }
  template <int G> static void load(const float *p, Reg *w) {
    w[0] = _mm512_loadu_ps(p);
  }
  template <int G> static void load(const uint16_t *p, Reg *w) {
    if constexpr (G == 2) {
      __m512i x = _mm512_loadu_si512(p);
      w[0] = _mm512_castsi512_ps(_mm512_slli_epi32(x, 16));
      w[1] = _mm512_castsi512_ps(
          _mm512_and_si512(x, _mm512_set1_epi32(int(0xFFFF0000u))));
    } else {
      __m256i half =
          _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
      w[0] = _mm512_castsi512_ps(
          _mm512_slli_epi32(_mm512_cvtepu16_epi32(half), 16));
    }
  }
  static Reg broadcast(float v) { return _mm512_set1_ps(v); }
  static Reg fma(Reg a, Reg b, Reg c) { return _mm512_fmadd_ps(a, b, c); }
  template <typename T, int G> static void store(float *p, const Reg *v) {
    if constexpr (G == 2) {
      // v[0] holds the even columns, v[1] the odd ones: interleaved,
      // `low` holds columns 0-3, 8-11, 16-19, 24-27 and `high` 4-7, 12-15,
      // ...
      __m512 low = _mm512_unpacklo_ps(v[0], v[1]);
      __m512 high = _mm512_unpackhi_ps(v[0], v[1]);
      const __m512i first = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 4,
                                              5, 6, 7, 20, 21, 22, 23);
      const __m512i second = _mm512_setr_epi32(8, 9, 10, 11, 24, 25, 26, 27,
                                               12, 13, 14, 15, 28, 29, 30, 31);
      _mm512_storeu_ps(p, _mm512_permutex2var_ps(low, first, high));
      _mm512_storeu_ps(p + 16, _mm512_permutex2var_ps(low, second, high));
    } else {
      _mm512_storeu_ps(p, v[0]);
    }
  }
};
#include "GemvBlocks.inc"
} // namespace avx512
RNNC_END_ISA()

RNNC_BEGIN_ISA("avx2,fma")
namespace avx2 {
/// 8 floats a register; one row's outputs 64 at a time in 8 registers,
/// four rows' 16 at a time in 8 (of 16: the weights and the broadcast
/// need the rest).
struct Vec {
  using Reg = __m256;
  static constexpr int kLanes = 8;
  // Rows of the panel fetched ahead: with 32-byte loads the hardware's
  // prefetching falls behind (LSTM 256 generation, AVX2 kernels on Zen 4:
  // 100,000 tokens in 1.50-1.91 s without, 1.33-1.41 s 16 rows ahead;
  // 4 and 8 rows in between; docs/performance.md).
  static constexpr int64_t kPrefetchRows = RNNC_PREFETCH_ROWS;
  static constexpr int kOneRowRegisters = 8;
  static constexpr int kGroupRegisters = 2;
  /// bfloat16 two registers at a time: one 256-bit load of 16; each 32-bit
  /// lane holds columns 2i (low half) and 2i + 1 (high half), so a shift
  /// left by 16 gives the even columns' f32 bits and a mask of the high
  /// half the odd ones (no shuffle: the FMAs' ports are left free); the
  /// store puts them in order. (Interleaving with zeros, vpunpck{l,h}wd,
  /// two shuffles per 16 weights, bound the kernel: LSTM 256, 100,000
  /// tokens in 1.03-1.19 s against 0.81-0.86 s now; widening 8 at a time,
  /// a load, vpmovzxwd and a shift per register: 0.8x f32.)
  template <typename T> static constexpr int group() {
    return sizeof(T) == 2 ? 2 : 1;
  }
  static Reg zero() { return _mm256_setzero_ps(); }
  template <int G> static void load(const float *p, Reg *w) {
    w[0] = _mm256_loadu_ps(p);
  }
  template <int G> static void load(const uint16_t *p, Reg *w) {
    if constexpr (G == 2) {
      __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
      w[0] = _mm256_castsi256_ps(_mm256_slli_epi32(x, 16));
      w[1] = _mm256_castsi256_ps(
          _mm256_and_si256(x, _mm256_set1_epi32(int(0xFFFF0000u))));
    } else {
      __m128i half = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
      w[0] = _mm256_castsi256_ps(
          _mm256_slli_epi32(_mm256_cvtepu16_epi32(half), 16));
    }
  }
  static Reg broadcast(float v) { return _mm256_set1_ps(v); }
  static Reg fma(Reg a, Reg b, Reg c) { return _mm256_fmadd_ps(a, b, c); }
  template <typename T, int G> static void store(float *p, const Reg *v) {
    if constexpr (G == 2) { // even and odd columns back in order
      __m256 low = _mm256_unpacklo_ps(v[0], v[1]);  // 0-3, 8-11
      __m256 high = _mm256_unpackhi_ps(v[0], v[1]); // 4-7, 12-15
      _mm256_storeu_ps(p, _mm256_permute2f128_ps(low, high, 0x20));
      _mm256_storeu_ps(p + 8, _mm256_permute2f128_ps(low, high, 0x31));
    } else {
      _mm256_storeu_ps(p, v[0]);
    }
  }
};
#include "GemvBlocks.inc"
} // namespace avx2
RNNC_END_ISA()
#endif

namespace {

/// The widest kernels this CPU runs, or those RNNC_CPU_KERNELS names
/// (avx512, avx2 or portable: a benchmark of one ISA's kernels on a CPU
/// that has more; one the CPU lacks is not taken).
CpuKernels chooseKernels() {
  CpuKernels widest = CpuKernels::Portable;
  for (CpuKernels kernels : {CpuKernels::Avx2, CpuKernels::Avx512})
    if (canRun(kernels))
      widest = kernels;
  const char *asked = std::getenv("RNNC_CPU_KERNELS");
  if (!asked)
    return widest;
  for (CpuKernels kernels :
       {CpuKernels::Portable, CpuKernels::Avx2, CpuKernels::Avx512})
    if (std::strcmp(asked, cpuKernelsName(kernels)) == 0 && canRun(kernels))
      return kernels;
  return widest;
}

template <typename T>
void dispatch(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
              int64_t k, const T *panels, int64_t n, float *y, int64_t ldy,
              bool accumulate) {
#if defined(__x86_64__)
  if (kernels == CpuKernels::Avx512)
    return avx512::run(x, ldx, m, k, panels, n, y, ldy, accumulate);
  if (kernels == CpuKernels::Avx2)
    return avx2::run(x, ldx, m, k, panels, n, y, ldy, accumulate);
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

const char *cpuKernelsName(CpuKernels kernels) {
  switch (kernels) {
  case CpuKernels::Avx512:
    return "avx512";
  case CpuKernels::Avx2:
    return "avx2";
  case CpuKernels::Portable:
    break;
  }
  return "portable";
}

bool canRun(CpuKernels kernels) {
#if defined(__x86_64__)
  if (kernels == CpuKernels::Avx512) // bfloat16's widening needs BW
    return __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw");
  if (kernels == CpuKernels::Avx2)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return true;
#else
  return kernels == CpuKernels::Portable;
#endif
}

CpuKernels cpuKernels() {
  static const CpuKernels chosen = chooseKernels();
  return chosen;
}

void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const float *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate) {
  dispatch(cpuKernels(), x, ldx, m, k, panels, n, y, ldy, accumulate);
}

void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const uint16_t *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate) {
  dispatch(cpuKernels(), x, ldx, m, k, panels, n, y, ldy, accumulate);
}

void panelGemmWith(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
                   int64_t k, const float *panels, int64_t n, float *y,
                   int64_t ldy, bool accumulate) {
  dispatch(kernels, x, ldx, m, k, panels, n, y, ldy, accumulate);
}

void panelGemmWith(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
                   int64_t k, const uint16_t *panels, int64_t n, float *y,
                   int64_t ldy, bool accumulate) {
  dispatch(kernels, x, ldx, m, k, panels, n, y, ldy, accumulate);
}

} // namespace rnnc::rt
