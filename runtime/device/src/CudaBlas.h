//===- CudaBlas.h - cuBLAS, opened at run time, for the CUDA device -*- C++ -*-===//
//
// The CUDA target runs a generated GEMM as a cuBLAS call where that is
// expected to be faster (CudaDevice.cpp says where). cuBLAS is opened with
// dlopen (libcublas.so.13, or the file RNNC_CUBLAS_LIBRARY names): an
// executable needs it only to use it, and without it every GEMM runs as
// the generated kernel. One handle, its own
// workspace (so that the calls can be captured into CUDA graphs), the
// default math mode (no TF32: the results stay within rounding of the CPU
// build's).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DEVICE_CUDABLAS_H
#define RNNC_DEVICE_CUDABLAS_H

#include "rnnc/device/StridedGemm.h"

#include <cuda_runtime_api.h>

#include <memory>
#include <string>

namespace rnnc::device {

class CudaBlas {
public:
  /// cuBLAS on the current device, or null when the library is not there
  /// (`why` then says what dlopen said).
  static std::unique_ptr<CudaBlas> open(std::string &why);
  ~CudaBlas();

  /// "cuBLAS 13.0.2".
  const std::string &version() const { return version_; }

  /// Enqueues C = op(X) op(Y) + C on `stream` (captured into a graph by
  /// the caller); `x`, `y`, `c` point at the buffers' starts, the call's
  /// offsets are in elements of 4 (f32) or 8 (f64) bytes.
  void gemm(const ColumnMajorGemm &call, bool f64, const void *x,
            const void *y, void *c, cudaStream_t stream);

  struct Functions;

private:
  CudaBlas() = default;
  void *library_ = nullptr;
  void *handle_ = nullptr;
  void *workspace_ = nullptr;
  std::unique_ptr<Functions> functions_;
  std::string version_;
};

} // namespace rnnc::device

#endif // RNNC_DEVICE_CUDABLAS_H
