//===- Gemm.cpp - the f32 GEMM generated code calls
//------------------------===//
//
// See _mlir_ciface_rnnc_rt_sgemm in Runtime.h. oneDNN's sgemm is row-major
// and takes leading dimensions, which are the outer strides of the memref
// descriptors; operands with a non-unit inner stride (rare: transposed
// views) take the plain loop. Matrix-vector products with a transposed
// parameter read a transposed copy cached per parameter version.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

#include "rnnc/runtime/ParameterVersion.h"

#include <dnnl.h>

#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace {
float at(const rnnc_matrix_f32 &m, int64_t i, int64_t j) {
  return m.aligned[m.offset + i * m.strides[0] + j * m.strides[1]];
}

/// Products with at most this many rows read a transposed parameter.
constexpr int64_t kMatrixVectorRows = 4;

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
      int64_t rows = b.sizes[0], cols = b.sizes[1];
      entry.data.resize(rows * cols);
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j)
          entry.data[j * rows + i] = data[i * b.strides[0] + j];
      entry.version = now;
    }
    return entry.data.data();
  }

private:
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
                                           int32_t transB, int32_t parameterB) {
  int64_t m = c->sizes[0], n = c->sizes[1];
  int64_t k = transA ? a->sizes[0] : a->sizes[1];
  if (m == 0 || n == 0)
    return;
  bool unitInner =
      a->strides[1] == 1 && b->strides[1] == 1 && c->strides[1] == 1;
  if (unitInner && k > 0 && transB && parameterB && m <= kMatrixVectorRows) {
    // B [n, k] read as its transpose [k, n]: rows of C are sums of rows of
    // the copy, which the sgemm streams once (see Runtime.h).
    dnnl_sgemm(transA ? 'T' : 'N', 'N', m, n, k, 1.0f, a->aligned + a->offset,
               a->strides[0], transposedParameters().get(*b), n, 1.0f,
               c->aligned + c->offset, c->strides[0]);
    return;
  }
  if (unitInner && k > 0) {
    dnnl_sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, 1.0f,
               a->aligned + a->offset, a->strides[0], b->aligned + b->offset,
               b->strides[0], 1.0f, c->aligned + c->offset, c->strides[0]);
    return;
  }
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += (transA ? at(*a, p, i) : at(*a, i, p)) *
               (transB ? at(*b, j, p) : at(*b, p, j));
      c->aligned[c->offset + i * c->strides[0] + j * c->strides[1]] += sum;
    }
}
