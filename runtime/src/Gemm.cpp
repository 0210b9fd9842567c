//===- Gemm.cpp - the f32 GEMM generated code calls
//------------------------===//
//
// See _mlir_ciface_rnnc_rt_sgemm in Runtime.h. oneDNN's sgemm is row-major
// and takes leading dimensions, which are the outer strides of the memref
// descriptors; operands with a non-unit inner stride (rare: transposed
// views) take the plain loop. Products with a transposed parameter read a
// transposed copy cached per parameter version: oneDNN 2.6's sgemm runs
// C = A B^T slower than C = A B at every RNN shape measured
// (docs/performance.md), and a parameter stays the same for many products.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

#include "rnnc/runtime/ParameterVersion.h"

#include <dnnl.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace {
float at(const rnnc_matrix_f32 &m, int64_t i, int64_t j) {
  return m.aligned[m.offset + i * m.strides[0] + j * m.strides[1]];
}

/// Transposed copies of parameter matrices, by place and shape, valid for
/// one parameter version.
class TransposedParameters {
public:
  /// `b` ([rows, cols], unit inner stride) transposed into a dense
  /// [cols, rows] matrix.
  const float *get(const rnnc_matrix_f32 &b) {
    const float *data = b.aligned + b.offset;
    Key key{data, b.sizes[0], b.sizes[1], b.strides[0]};
    uint64_t now = rnnc::rt::parameterVersion();
    std::lock_guard<std::mutex> lock(mutex);
    Entry &entry = entries[key];
    if (entry.version != now || entry.data.empty()) {
      transpose(data, b.sizes[0], b.sizes[1], b.strides[0], entry.data);
      entry.version = now;
    }
    return entry.data.data();
  }

private:
  /// `data` ([rows, cols], row stride `ld`) into `out` as [cols, rows], by
  /// tiles. Inside a tile the loop runs along the longer side of the
  /// output, so that the strided side's accesses, 4 KiB apart for the
  /// power-of-two sizes of RNN weights, do not all fall into one L1 set
  /// (measured on W_hh of the LSTM 256, [1024, 256]: 96 us against 1,650 us
  /// the other way round).
  static void transpose(const float *data, int64_t rows, int64_t cols,
                        int64_t ld, std::vector<float> &out) {
    out.resize(rows * cols);
    float *dst = out.data();
    bool writeAlongRows = rows >= cols;
    int64_t tile = writeAlongRows ? 32 : 8;
    for (int64_t i0 = 0; i0 < rows; i0 += tile)
      for (int64_t j0 = 0; j0 < cols; j0 += tile) {
        int64_t i1 = std::min(rows, i0 + tile), j1 = std::min(cols, j0 + tile);
        if (writeAlongRows) {
          for (int64_t j = j0; j < j1; ++j)
            for (int64_t i = i0; i < i1; ++i)
              dst[j * rows + i] = data[i * ld + j];
        } else {
          for (int64_t i = i0; i < i1; ++i)
            for (int64_t j = j0; j < j1; ++j)
              dst[j * rows + i] = data[i * ld + j];
        }
      }
  }

  using Key = std::tuple<const float *, int64_t, int64_t, int64_t>;
  struct Entry {
    uint64_t version = 0;
    std::vector<float> data;
  };
  std::mutex mutex;
  std::map<Key, Entry> entries;
};

TransposedParameters &transposedParameters() {
  static TransposedParameters cache;
  return cache;
}
} // namespace

extern "C" void _mlir_ciface_rnnc_rt_sgemm(rnnc_matrix_f32 *a,
                                           rnnc_matrix_f32 *b,
                                           rnnc_matrix_f32 *c, int32_t transA,
                                           int32_t transB, int32_t parameterB,
                                           int32_t overwrite) {
  int64_t m = c->sizes[0], n = c->sizes[1];
  int64_t k = transA ? a->sizes[0] : a->sizes[1];
  bool unitInner =
      a->strides[1] == 1 && b->strides[1] == 1 && c->strides[1] == 1;
  if (m > 0 && n > 0 && k > 0 && unitInner) {
    const float *bData = b->aligned + b->offset;
    int64_t ldb = b->strides[0];
    if (transB && parameterB) {
      // B [n, k] read as its transpose [k, n] (see the banner).
      bData = transposedParameters().get(*b);
      ldb = n;
      transB = 0;
    }
    dnnl_sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, 1.0f,
               a->aligned + a->offset, a->strides[0], bData, ldb,
               overwrite ? 0.0f : 1.0f, c->aligned + c->offset,
               c->strides[0]);
    return;
  }
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += (transA ? at(*a, p, i) : at(*a, i, p)) *
               (transB ? at(*b, j, p) : at(*b, p, j));
      float &out =
          c->aligned[c->offset + i * c->strides[0] + j * c->strides[1]];
      out = overwrite ? sum : out + sum;
    }
}
