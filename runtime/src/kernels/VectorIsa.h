//===- VectorIsa.h - the vector ISAs of the runtime's kernels ---*- C++ -*-===//
//
// One `Vec` per ISA (namespace avx512, namespace avx2): registers of
// kLanes floats with the operations a kernel source is written in (zero,
// loads of f32 or bfloat16, broadcast, fused multiply-add, stores), each
// defined under its ISA's target pragma (RNNC_BEGIN_ISA/RNNC_END_ISA). A
// kernel source (GemvBlocks.inc, SgemmTiles.inc) is compiled once per ISA
// through ForEachIsa.inc, and the caller picks one at run time.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SRC_VECTORISA_H
#define RNNC_RUNTIME_SRC_VECTORISA_H

#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace rnnc::rt {
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
  /// bfloat16 panel rows fetched ahead of the one read: none (the
  /// hardware's prefetching keeps up).
  static constexpr int64_t kBf16PrefetchRows = 0;
  static constexpr int kOneRowRegisters = 8;
  static constexpr int kGroupRegisters = 4;
  /// The GEMM's tile (SgemmTiles.inc): 12 rows of 32 columns in 24
  /// registers, two for a row of B and one for the broadcast.
  static constexpr int kTileRows = 12;
  /// bfloat16 two registers at a time, as on AVX2 (below): one 512-bit
  /// load of 32, the even columns by a shift, the odd ones by a mask; the
  /// store interleaves them within 128-bit lanes (vunpck{l,h}ps) and puts
  /// the lanes in order (vpermt2ps).
  template <typename T> static constexpr int group() {
    return sizeof(T) == 2 ? 2 : 1;
  }
  /// Keeps `v` in a register: a bfloat16 load feeds a shift and a mask,
  /// and without this the compiler folds a second load of the same bytes
  /// into the mask (vpandd zmm, zmm, [mem]), which left the one-row
  /// kernels waiting on the load ports (AVX2: 9 loads and 2 prefetches for
  /// 8 FMAs; docs/performance.md).
  static void keepInRegister(__m512i &v) { asm("" : "+v"(v)); }
  static Reg zero() { return _mm512_setzero_ps(); }
  template <int G> static void load(const float *p, Reg *w) {
    w[0] = _mm512_loadu_ps(p);
  }
  template <int G> static void load(const uint16_t *p, Reg *w) {
    if constexpr (G == 2) {
      __m512i x = _mm512_loadu_si512(p);
      keepInRegister(x);
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
} // namespace avx512
RNNC_END_ISA()

RNNC_BEGIN_ISA("avx2,fma")
namespace avx2 {
/// 8 floats a register; a panel's 64 outputs of one row in 8 registers,
/// 16 of four rows in 8 (of 16: the weights and the broadcast need the
/// rest).
struct Vec {
  using Reg = __m256;
  static constexpr int kLanes = 8;
  /// bfloat16 panel rows (128 bytes) fetched ahead of the one read: on
  /// weights in the L2 the hardware's prefetching falls behind a kernel
  /// that widens as it loads (LSTM 256, 530 KB of bfloat16: 117.6k tokens/s
  /// without, 119.9-122.6k 4 rows ahead; 8 and 16 rows ahead lose on
  /// weights past the L2; f32 panels lose with any distance).
  static constexpr int64_t kBf16PrefetchRows = 4;
  static constexpr int kOneRowRegisters = 8;
  static constexpr int kGroupRegisters = 2;
  /// The GEMM's tile (SgemmTiles.inc): 6 rows of 16 columns in 12
  /// registers, two for a row of B and one for the broadcast.
  static constexpr int kTileRows = 6;
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
  /// As avx512::Vec's: the loaded bfloat16 stays in a register.
  static void keepInRegister(__m256i &v) { asm("" : "+x"(v)); }
  static Reg zero() { return _mm256_setzero_ps(); }
  template <int G> static void load(const float *p, Reg *w) {
    w[0] = _mm256_loadu_ps(p);
  }
  template <int G> static void load(const uint16_t *p, Reg *w) {
    if constexpr (G == 2) {
      __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
      keepInRegister(x);
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
} // namespace avx2
RNNC_END_ISA()
#endif

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SRC_VECTORISA_H
