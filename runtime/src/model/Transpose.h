//===- Transpose.h - a cache-friendly 2-d transpose --------------*- C++ -*-===//
//
// The runtime's one transpose of a row-major matrix, used by the GEMM's
// prepared parameters (Gemm.cpp) and by the transposed parameters that
// generated code reads (TransposedParameters.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SRC_TRANSPOSE_H
#define RNNC_RUNTIME_SRC_TRANSPOSE_H

#include <algorithm>
#include <cstdint>

namespace rnnc::rt {

/// `src` ([rows, cols], row stride `ldSrc`) transposed into `dst`
/// ([cols, rows], row stride `ldDst`): dst = src^T, or dst += src^T, by
/// tiles. Inside a tile the loop runs along the longer side of the output,
/// so that the strided side's accesses, 4 KiB apart for the power-of-two
/// sizes of RNN weights, do not all fall into one L1 set (measured on W_hh
/// of the LSTM 256, [1024, 256]: 96 us against 1,650 us the other way
/// round).
template <bool accumulate>
void transposeInto(const float *src, int64_t rows, int64_t cols, int64_t ldSrc,
                   float *dst, int64_t ldDst) {
  bool writeAlongRows = rows >= cols;
  int64_t tile = writeAlongRows ? 32 : 8;
  auto move = [&](int64_t i, int64_t j) {
    float value = src[i * ldSrc + j];
    float &out = dst[j * ldDst + i];
    out = accumulate ? out + value : value;
  };
  for (int64_t i0 = 0; i0 < rows; i0 += tile)
    for (int64_t j0 = 0; j0 < cols; j0 += tile) {
      int64_t i1 = std::min(rows, i0 + tile), j1 = std::min(cols, j0 + tile);
      if (writeAlongRows) {
        for (int64_t j = j0; j < j1; ++j)
          for (int64_t i = i0; i < i1; ++i)
            move(i, j);
      } else {
        for (int64_t i = i0; i < i1; ++i)
          for (int64_t j = j0; j < j1; ++j)
            move(i, j);
      }
    }
}

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SRC_TRANSPOSE_H
