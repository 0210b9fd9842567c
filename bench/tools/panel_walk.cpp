// panel_walk.cpp - GB/s of the runtime's one-row products (panelGemm) on a
// step's weights held as panels: `count` matrices of [256, columns] and a
// read-out [256, 28], multiplied by one row in turn, over and over, as a
// language model's greedy generation does. Each set of weights is walked
// first to last at every call, and in the alternating order Gemm.cpp uses
// (Gemv.h's PanelOrder): the column pair shows what the turn gains where
// the weights are about the size of a cache.
// build: g++ -O2 -I runtime/src/kernels -o panel_walk bench/tools/panel_walk.cpp build/runtime/librnnc_runtime.a
// run: [RNNC_CPU_KERNELS=avx2] ./panel_walk
#include "Gemv.h"

#include <chrono>
#include <cstdio>
#include <vector>

using namespace rnnc::rt;

static double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr int kDepth = 256, kReadout = 28;

/// The bytes of `count` matrices [kDepth, columns] and the read-out.
static double weightBytes(int count, int columns) {
  return (double(count) * columns + kReadout) * kDepth * sizeof(float);
}

/// GB/s of one-row products through `count` matrices [kDepth, columns] and
/// the read-out, alternating the panels' order or not; the best of 7.
static double rate(int count, int columns, bool alternate) {
  const int k = kDepth, readout = kReadout;
  CpuKernels kernels = cpuKernels();
  std::vector<float> b(size_t(k) * columns);
  for (size_t i = 0; i < b.size(); ++i)
    b[i] = float(i % 13) * 0.01f;
  std::vector<PanelVector<float>> panels(count + 1);
  for (int i = 0; i < count; ++i)
    packPanels(kernels, b.data(), columns, false, k, columns, panels[i]);
  packPanels(kernels, b.data(), readout, false, k, readout, panels[count]);
  std::vector<float> x(k, 0.5f), y(columns);
  double bytes = weightBytes(count, columns);
  long steps = long(4e9 / bytes) + 1, call = 0;
  double best = 1e30;
  for (int trial = 0; trial < 7; ++trial) {
    double start = now();
    for (long s = 0; s < steps; ++s, ++call) {
      PanelOrder order = alternate && call % 2 ? PanelOrder::LastToFirst
                                               : PanelOrder::FirstToLast;
      for (int i = 0; i < count; ++i)
        panelGemm(x.data(), k, 1, k, panels[i].data(), columns, y.data(),
                  columns, false, order);
      panelGemm(x.data(), k, 1, k, panels[count].data(), readout, y.data(),
                readout, false, order);
      x[s % k] = y[s % readout] * 1e-3f; // the next row depends on this one
    }
    double per = (now() - start) / steps;
    best = per < best ? per : best;
  }
  return bytes / best / 1e9;
}

int main() {
  std::printf("kernels %s, panels %lld columns wide\n",
              cpuKernelsName(cpuKernels()),
              (long long)panelColumns(cpuKernels()));
  std::printf("%9s %14s %16s %12s\n", "KiB", "first-to-last", "alternating",
              "gain");
  const int sets[][2] = {{1, 512}, {1, 768}, {1, 1024}, {2, 1024}, {3, 1024}};
  for (const auto &set : sets) {
    double plain = rate(set[0], set[1], false);
    double turned = rate(set[0], set[1], true);
    std::printf("%9.0f %14.1f %16.1f %11.0f%%\n",
                weightBytes(set[0], set[1]) / 1024, plain, turned,
                100 * (turned / plain - 1));
  }
}
