//===- BatchedMatmul.h - the loop structure of batched rnn.matmul -*- C++ -*-===//
//
// convert-rnn-to-linalg lowers rnn.matmul with leading batch dimensions to
// one linalg.generic contraction; rnn-codegen-gemm-to-onednn recognises exactly
// those contractions to call a GEMM. Both take the loop structure from
// here, so the producer and the matcher cannot drift apart.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_CONVERSION_BATCHEDMATMUL_H
#define RNNC_CONVERSION_BATCHEDMATMUL_H

#include "llvm/ADT/SmallVector.h"

namespace rnnc {

/// Which loop dimension indexes each operand dimension; the last
/// `numReductions` of `numDims` loops are reductions.
struct ContractionDims {
  unsigned numDims = 0, numReductions = 0;
  llvm::SmallVector<unsigned> lhs, rhs, out;
};

/// out[m, n] = sum_{p...} lhs[p..., m] rhs[p..., n] for a rank-`rank` lhs:
/// loops m, n, then the reductions p_0 .. p_{rank-2}.
inline ContractionDims transposedLhsContraction(unsigned rank) {
  ContractionDims d;
  d.numDims = rank + 1;
  d.numReductions = rank - 1;
  for (unsigned p = 0; p + 1 < rank; ++p) {
    d.lhs.push_back(2 + p);
    d.rhs.push_back(2 + p);
  }
  d.lhs.push_back(0);
  d.rhs.push_back(1);
  d.out = {0, 1};
  return d;
}

/// out[b..., n] = sum_k lhs[b..., k] rhs[k, n] (rhs[n, k] with
/// `transposeRhs`) for a rank-`rank` lhs: loops b_0 .. b_{rank-2}, n, then
/// the reduction k.
inline ContractionDims batchedContraction(unsigned rank, bool transposeRhs) {
  ContractionDims d;
  d.numDims = rank + 1;
  d.numReductions = 1;
  unsigned n = rank - 1, k = rank;
  for (unsigned b = 0; b + 1 < rank; ++b) {
    d.lhs.push_back(b);
    d.out.push_back(b);
  }
  d.lhs.push_back(k);
  d.out.push_back(n);
  d.rhs = transposeRhs ? llvm::SmallVector<unsigned>{n, k}
                       : llvm::SmallVector<unsigned>{k, n};
  return d;
}

} // namespace rnnc

#endif // RNNC_CONVERSION_BATCHEDMATMUL_H
