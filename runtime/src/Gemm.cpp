//===- Gemm.cpp - the f32 GEMM generated code calls
//------------------------===//
//
// See _mlir_ciface_rnnc_rt_sgemm in Runtime.h. oneDNN's sgemm is row-major
// and takes leading dimensions, which are the outer strides of the memref
// descriptors; operands with a non-unit inner stride (rare: transposed
// views) take the plain loop.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

#include <dnnl.h>

namespace {
float at(const rnnc_matrix_f32 &m, int64_t i, int64_t j) {
  return m.aligned[m.offset + i * m.strides[0] + j * m.strides[1]];
}
} // namespace

extern "C" void _mlir_ciface_rnnc_rt_sgemm(rnnc_matrix_f32 *a,
                                           rnnc_matrix_f32 *b,
                                           rnnc_matrix_f32 *c, int32_t transA,
                                           int32_t transB) {
  int64_t m = c->sizes[0], n = c->sizes[1];
  int64_t k = transA ? a->sizes[0] : a->sizes[1];
  if (m == 0 || n == 0)
    return;
  bool unitInner =
      a->strides[1] == 1 && b->strides[1] == 1 && c->strides[1] == 1;
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
