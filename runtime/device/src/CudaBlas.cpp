//===- CudaBlas.cpp - cuBLAS, opened at run time, for the CUDA device -----===//
//
// See CudaBlas.h.
//
//===----------------------------------------------------------------------===//

#include "CudaBlas.h"

#include "rnnc/device/Device.h"

#include <cublas_v2.h>
#include <dlfcn.h>

#include <cstdlib>

namespace rnnc::device {

/// The entry points used, by their exported (_v2) names.
struct CudaBlas::Functions {
  decltype(&cublasCreate_v2) create;
  decltype(&cublasDestroy_v2) destroy;
  decltype(&cublasGetVersion_v2) getVersion;
  decltype(&cublasSetStream_v2) setStream;
  decltype(&cublasSetWorkspace_v2) setWorkspace;
  decltype(&cublasSgemm_v2) sgemm;
  decltype(&cublasDgemm_v2) dgemm;
};

namespace {

/// cuBLAS's advice for Hopper: 32 MiB of workspace for graph capture.
constexpr size_t kWorkspaceBytes = size_t(32) << 20;

void check(cublasStatus_t status, const char *what) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw DeviceError(std::string(what) + " failed: cuBLAS status " +
                      std::to_string(int(status)));
}

} // namespace

std::unique_ptr<CudaBlas> CudaBlas::open(std::string &why) {
  const char *chosen = std::getenv("RNNC_CUBLAS_LIBRARY");
  std::string name = chosen && *chosen ? chosen : "libcublas.so.13";
  void *library = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *error = dlerror();
    why = error ? std::string(error) : name + " not found";
    return nullptr;
  }
  std::unique_ptr<CudaBlas> blas(new CudaBlas());
  blas->library_ = library;
  blas->functions_ = std::make_unique<Functions>();
  Functions &f = *blas->functions_;
  auto symbol = [&](auto &slot, const char *symbolName) {
    slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(
        dlsym(library, symbolName));
    if (!slot)
      throw DeviceError(name + " has no " + symbolName);
  };
  symbol(f.create, "cublasCreate_v2");
  symbol(f.destroy, "cublasDestroy_v2");
  symbol(f.getVersion, "cublasGetVersion_v2");
  symbol(f.setStream, "cublasSetStream_v2");
  symbol(f.setWorkspace, "cublasSetWorkspace_v2");
  symbol(f.sgemm, "cublasSgemm_v2");
  symbol(f.dgemm, "cublasDgemm_v2");
  cublasHandle_t handle;
  check(f.create(&handle), "cublasCreate");
  blas->handle_ = handle;
  if (cudaMalloc(&blas->workspace_, kWorkspaceBytes) != cudaSuccess) {
    cudaGetLastError();
    throw DeviceError("cuBLAS's workspace (32 MiB) does not fit");
  }
  check(f.setWorkspace(handle, blas->workspace_, kWorkspaceBytes),
        "cublasSetWorkspace");
  // One call outside any capture: cuBLAS's own start-up work (what it
  // loads on first use) is done before graphs are captured.
  const float one = 1, zero = 0;
  auto *scratch = static_cast<float *>(blas->workspace_);
  check(f.sgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, 1, 1, 1, &one, scratch, 1,
                scratch, 1, &zero, scratch, 1),
        "cublasSgemm");
  if (cudaDeviceSynchronize() != cudaSuccess) {
    cudaGetLastError();
    throw DeviceError("cuBLAS's first call failed");
  }
  int version = 0;
  check(f.getVersion(handle, &version), "cublasGetVersion");
  blas->version_ = "cuBLAS " + std::to_string(version / 10000) + "." +
                   std::to_string(version / 100 % 100) + "." +
                   std::to_string(version % 100);
  return blas;
}

CudaBlas::~CudaBlas() {
  if (handle_)
    functions_->destroy(static_cast<cublasHandle_t>(handle_));
  if (workspace_)
    cudaFree(workspace_);
  // The library stays loaded: the CUDA runtime may call into it at exit.
}

namespace {
/// `gemm` (cublasSgemm or cublasDgemm) on elements of type T, alpha and
/// beta 1: C = op(X) op(Y) + C.
template <typename T, typename Gemm>
cublasStatus_t gemmOf(Gemm gemm, cublasHandle_t handle,
                      const ColumnMajorGemm &call, const void *x,
                      const void *y, void *c) {
  const T one = 1;
  auto at = [](const void *base, int64_t offset) {
    return static_cast<const T *>(base) + offset;
  };
  return gemm(handle, call.transX ? CUBLAS_OP_T : CUBLAS_OP_N,
              call.transY ? CUBLAS_OP_T : CUBLAS_OP_N, int(call.m),
              int(call.n), int(call.k), &one, at(x, call.offsetX),
              int(call.ldx), at(y, call.offsetY), int(call.ldy), &one,
              static_cast<T *>(c) + call.offsetC, int(call.ldc));
}
} // namespace

void CudaBlas::gemm(const ColumnMajorGemm &call, bool f64, const void *x,
                    const void *y, void *c, cudaStream_t stream) {
  auto handle = static_cast<cublasHandle_t>(handle_);
  check(functions_->setStream(handle, stream), "cublasSetStream");
  if (f64)
    check(gemmOf<double>(functions_->dgemm, handle, call, x, y, c),
          "cublasDgemm");
  else
    check(gemmOf<float>(functions_->sgemm, handle, call, x, y, c),
          "cublasSgemm");
}

} // namespace rnnc::device
