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
#include "VectorIsa.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>

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
void packPanelsAs(int64_t columns, const float *b, int64_t ldb,
                  bool transposed, int64_t k, int64_t n, PanelVector<T> &out) {
  int64_t padded = 0;
  for (int64_t first = 0; first < n; first += columns)
    padded += panelWidth(first, n, columns);
  out.assign(static_cast<size_t>(padded * k), T(0));
  for (int64_t first = 0; first < n; first += columns) {
    int64_t width = panelWidth(first, n, columns),
            used = std::min(width, n - first);
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

/// The portable kernels' panel width.
constexpr int64_t kPortableColumns = 64;

/// The rows of x, one after another (row r at x + r ldx, its outputs at
/// y + r ldy): every output is the sum over i of x[r][i] B[i][j] in order
/// of i, whatever the number of rows.
template <typename T>
void portable(const float *x, int64_t ldx, int64_t m, int64_t k,
              const T *panels, int64_t n, float *y, int64_t ldy,
              bool accumulate, PanelOrder order) {
  auto multiplyPanel = [&](int64_t first) {
    int64_t width = panelWidth(first, n, kPortableColumns);
    const T *panel = panels + first * k;
    for (int64_t r = 0; r < m; ++r) {
      float sums[kPortableColumns] = {};
      for (int64_t i = 0; i < k; ++i)
        for (int64_t j = 0; j < width; ++j)
          sums[j] += x[r * ldx + i] * widen(panel[i * width + j]);
      storeBlock(sums, y + r * ldy + first, std::min(width, n - first),
                 accumulate);
    }
  };
  forEachPanel(n, kPortableColumns, k * int64_t(sizeof(T)), order,
               multiplyPanel);
}

} // namespace

// The panel kernels for each ISA: avx512::run, avx2::run, and their panels'
// width, avx512::kPanelColumns, avx2::kPanelColumns.
#define RNNC_ISA_KERNELS "GemvBlocks.inc"
#include "ForEachIsa.inc"

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
              bool accumulate, PanelOrder order) {
#if defined(__x86_64__)
  if (kernels == CpuKernels::Avx512)
    return avx512::run(x, ldx, m, k, panels, n, y, ldy, accumulate, order);
  if (kernels == CpuKernels::Avx2)
    return avx2::run(x, ldx, m, k, panels, n, y, ldy, accumulate, order);
#endif
  portable(x, ldx, m, k, panels, n, y, ldy, accumulate, order);
}

} // namespace

int64_t panelColumns(CpuKernels kernels) {
#if defined(__x86_64__)
  if (kernels == CpuKernels::Avx512)
    return avx512::kPanelColumns;
  if (kernels == CpuKernels::Avx2)
    return avx2::kPanelColumns;
#endif
  (void)kernels;
  return kPortableColumns;
}

void packPanels(CpuKernels kernels, const float *b, int64_t ldb,
                bool transposed, int64_t k, int64_t n,
                PanelVector<float> &out) {
  packPanelsAs(panelColumns(kernels), b, ldb, transposed, k, n, out);
}

void packPanels(CpuKernels kernels, const float *b, int64_t ldb,
                bool transposed, int64_t k, int64_t n,
                PanelVector<uint16_t> &out) {
  packPanelsAs(panelColumns(kernels), b, ldb, transposed, k, n, out);
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
               bool accumulate, PanelOrder order) {
  dispatch(cpuKernels(), x, ldx, m, k, panels, n, y, ldy, accumulate, order);
}

void panelGemm(const float *x, int64_t ldx, int64_t m, int64_t k,
               const uint16_t *panels, int64_t n, float *y, int64_t ldy,
               bool accumulate, PanelOrder order) {
  dispatch(cpuKernels(), x, ldx, m, k, panels, n, y, ldy, accumulate, order);
}

void panelGemmWith(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
                   int64_t k, const float *panels, int64_t n, float *y,
                   int64_t ldy, bool accumulate, PanelOrder order) {
  dispatch(kernels, x, ldx, m, k, panels, n, y, ldy, accumulate, order);
}

void panelGemmWith(CpuKernels kernels, const float *x, int64_t ldx, int64_t m,
                   int64_t k, const uint16_t *panels, int64_t n, float *y,
                   int64_t ldy, bool accumulate, PanelOrder order) {
  dispatch(kernels, x, ldx, m, k, panels, n, y, ldy, accumulate, order);
}

} // namespace rnnc::rt
