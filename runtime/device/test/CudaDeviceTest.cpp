//===- CudaDeviceTest.cpp - the CUDA device's logic, on a fake runtime ----===//
//
// CudaDevice.cpp (and the bridge above it) linked against
// FakeCudaRuntime.cpp instead of cudart, so that what the CUDA target's
// device runtime does can be run where no NVIDIA device is: the
// one-line refusals (no driver, no device, a device number out of range,
// an old architecture), buffers (managed ones mapped and zeroed),
// kernels loaded once from a fatbin, the arguments of a launch (a memref
// descriptor per buffer and for the parameter words, each dispatch's words
// its own), command lists as graphs of chained nodes replayed by a second
// submission, copies and fills, and a generated function's launches
// through the bridge's C API with its kernel table. Kernels are host
// functions here; what they compute on a GPU is the NVVM lowering's, which
// only a device checks.
//
//===----------------------------------------------------------------------===//

#include "FakeCudaRuntime.h"

#include "rnnc/device/Device.h"
#include "rnnc/device/GeneratedCode.h"
#include "rnnc/device/KernelABI.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace rnnc::device {
namespace {

/// A memref<?xT> as the NVVM lowering passes it.
struct Descriptor {
  uint64_t allocated, aligned, offset, size, stride;
};
Descriptor descriptor(const uint64_t *params, int index) {
  const uint64_t *d = params + 5 * index;
  return {d[0], d[1], d[2], d[3], d[4]};
}

/// axpy_0(x: f32 buffer, y: f32 buffer, words [n, a's bits]): y += a x
/// over the points the grid covers, checking what it is given.
void registerAxpy() {
  fakecuda::registerKernel(
      "axpy_0", 15, [](dim3 grid, dim3 block, const uint64_t *params) {
        Descriptor x = descriptor(params, 0), y = descriptor(params, 1),
                   words = descriptor(params, 2);
        ASSERT_EQ(x.allocated, x.aligned);
        ASSERT_EQ(x.offset, 0u);
        ASSERT_EQ(x.stride, 1u);
        ASSERT_EQ(words.size, 2u);
        const auto *w = reinterpret_cast<const int32_t *>(words.aligned);
        int32_t n = w[0];
        float a;
        std::memcpy(&a, &w[1], 4);
        ASSERT_GE(int64_t(grid.x) * block.x, n);
        ASSERT_GE(y.size, uint64_t(n));
        auto *xs = reinterpret_cast<const float *>(x.aligned);
        auto *ys = reinterpret_cast<float *>(y.aligned);
        for (int32_t i = 0; i < n; ++i)
          ys[i] += a * xs[i];
      });
}

/// A fatbin as far as the loader looks: its magic number.
std::vector<uint32_t> fatbin() { return {0xBA55ED50u, 0, 0, 0, 0, 0}; }

std::vector<int32_t> words(int32_t n, float a) {
  int32_t bits;
  std::memcpy(&bits, &a, 4);
  return {n, bits};
}

class CudaDeviceTest : public ::testing::Test {
protected:
  void SetUp() override {
    fakecuda::machine() = fakecuda::Machine();
    // Every GEMM generated unless a test says otherwise; cuBLAS the fake
    // one beside the tests.
    setenv("RNNC_CUDA_GEMM", "generated", 1);
    unsetenv("RNNC_CUBLAS_LIBRARY");
    registerAxpy();
  }
};

std::string openError() {
  try {
    openDevice(0);
  } catch (const DeviceError &error) {
    return error.what();
  }
  return "";
}

TEST_F(CudaDeviceTest, OneLineWhenThereIsNoDriverOrDevice) {
  fakecuda::machine().driverVersion = 0;
  EXPECT_EQ(openError(), "no NVIDIA driver on this machine (libcuda.so.1 was "
                         "not found): a --target=cuda build runs on an NVIDIA "
                         "GPU; build with --target=cpu or --target=vulkan for "
                         "this one");
  fakecuda::machine() = fakecuda::Machine();
  fakecuda::machine().deviceCount = 0;
  EXPECT_EQ(openError(),
            "no CUDA device: the NVIDIA driver (CUDA 13.0) sees no GPU");
  fakecuda::machine() = fakecuda::Machine();
  fakecuda::machine().driverVersion = 12080;
  fakecuda::machine().driverTooOld = true;
  EXPECT_EQ(openError(), "the NVIDIA driver supports CUDA 12.8, older than "
                         "the CUDA 13.0 this build was made with");
  fakecuda::machine() = fakecuda::Machine();
  fakecuda::machine().managedMemory = false;
  EXPECT_EQ(openError(), "Fake GPU 0 has no managed memory, which the CUDA "
                         "target's buffers are");
  fakecuda::machine() = fakecuda::Machine();
  fakecuda::machine().major = 7;
  EXPECT_EQ(openError(), "Fake GPU 0 is sm_70: this build's kernels are for "
                         "sm_80 and newer");
  fakecuda::machine() = fakecuda::Machine();
  fakecuda::machine().deviceCount = 2;
  try {
    openDevice(2);
    FAIL() << "device 2 of 2 opened";
  } catch (const DeviceError &error) {
    EXPECT_STREQ(error.what(), "no CUDA device 2: the devices are 0: Fake "
                               "GPU 0; 1: Fake GPU 1");
  }
}

TEST_F(CudaDeviceTest, InfoNamesTheDevice) {
  std::unique_ptr<Device> device = openDevice(0);
  EXPECT_EQ(device->info().target, "cuda");
  EXPECT_EQ(device->info().name, "Fake GPU 0");
  EXPECT_EQ(device->info().api,
            "sm_90, CUDA 13.0 (driver 13.0), generated GEMMs");
  EXPECT_TRUE(device->info().float64);
}

TEST_F(CudaDeviceTest, BuffersAreZeroedAndManagedOnesMapped) {
  std::unique_ptr<Device> device = openDevice(0);
  BufferId shared = device->allocate(64, "x", Memory::HostVisible);
  BufferId local = device->allocate(64, "y", Memory::DeviceLocal);
  ASSERT_NE(device->mapping(shared), nullptr);
  EXPECT_EQ(device->mapping(local), nullptr);
  auto *mapped = static_cast<const float *>(device->mapping(shared));
  for (int i = 0; i < 16; ++i)
    EXPECT_EQ(mapped[i], 0.0f);
  std::vector<float> in(16, 2.5f), out(16);
  device->upload(local, 0, in.data(), 64);
  device->download(local, 0, out.data(), 64);
  EXPECT_EQ(out, in);
  EXPECT_EQ(device->stats().bytesAllocated, 128u);
  device->release(local);
  EXPECT_EQ(device->stats().bytesAllocated, 64u);
  EXPECT_THROW(device->download(local, 0, out.data(), 4), DeviceError);
  EXPECT_THROW(device->upload(shared, 32, in.data(), 64), DeviceError);
}

TEST_F(CudaDeviceTest, OutOfMemoryNamesTheBuffer) {
  fakecuda::machine().memoryBytes = size_t(1) << 20;
  std::unique_ptr<Device> device = openDevice(0);
  device->allocate(512 << 10, "activations of forward", Memory::HostVisible);
  try {
    device->allocate(1 << 20, "parameters", Memory::DeviceLocal);
    FAIL() << "1 MiB more fitted in 1 MiB";
  } catch (const DeviceError &error) {
    EXPECT_STREQ(error.what(), "out of device memory: parameters (1.0 MiB) "
                               "does not fit (0.5 MiB in use on Fake GPU 0, "
                               "1.0 MiB)");
  }
}

TEST_F(CudaDeviceTest, KernelsLoadOnceFromAFatbin) {
  std::unique_ptr<Device> device = openDevice(0);
  int before = fakecuda::counters().librariesLoaded;
  std::vector<uint32_t> binary = fatbin();
  KernelDesc axpy{"axpy_0", 2, true, {256, 1, 1}, {4, 4}};
  std::vector<KernelId> first = device->loadKernels(binary.data(), 24, {axpy});
  std::vector<KernelId> again = device->loadKernels(binary.data(), 24, {axpy});
  EXPECT_EQ(first, again);
  EXPECT_EQ(fakecuda::counters().librariesLoaded, before + 1);
  EXPECT_EQ(device->stats().pipelinesCreated, 1u);
  EXPECT_EQ(device->stats().pipelinesReused, 1u);
  std::vector<uint32_t> spirv = {0x07230203u, 0, 0, 0, 0, 0};
  EXPECT_THROW(device->loadKernels(spirv.data(), 24, {axpy}), DeviceError);
  fakecuda::machine().kernelImage = false;
  std::vector<uint32_t> other = {0xBA55ED50u, 1, 0, 0, 0, 0};
  try {
    device->loadKernels(other.data(), 24, {axpy});
    FAIL() << "a fatbin without this device's image loaded";
  } catch (const DeviceError &error) {
    EXPECT_STREQ(error.what(), "the kernels have no image for Fake GPU 0 "
                               "(sm_90, CUDA 13.0 (driver 13.0), generated "
                               "GEMMs)");
  }
  fakecuda::machine().kernelImage = true;
  KernelDesc missing{"nothere_1", 1, true, {256, 1, 1}, {4}};
  try {
    device->loadKernels(binary.data(), 24, {missing});
    FAIL() << "an unknown entry point loaded";
  } catch (const DeviceError &error) {
    EXPECT_NE(std::string(error.what()).find("cudaLibraryGetKernel failed"),
              std::string::npos);
  }
}

TEST_F(CudaDeviceTest, ListsAreChainedGraphsReplayedWithTheirOwnWords) {
  std::unique_ptr<Device> device = openDevice(0);
  std::vector<uint32_t> binary = fatbin();
  KernelId axpy = device->loadKernels(
      binary.data(), 24, {{"axpy_0", 2, true, {256, 1, 1}, {4, 4}}})[0];
  const int n = 300;
  BufferId x = device->allocate(4 * n, "x", Memory::HostVisible);
  BufferId y = device->allocate(4 * n, "y", Memory::HostVisible);
  auto *xs = static_cast<float *>(device->mapping(x));
  auto *ys = static_cast<float *>(device->mapping(y));
  for (int i = 0; i < n; ++i) {
    xs[i] = float(i);
    ys[i] = 1.0f;
  }
  std::unique_ptr<CommandList> list = device->record();
  // Two dispatches, each with its own words: y += 2x, then y += 3x.
  list->dispatch({axpy, {2, 1, 1}, {{x}, {y}}, words(n, 2.0f)});
  list->dispatch({axpy, {2, 1, 1}, {{x}, {y}}, words(n, 3.0f)});
  list->finish();
  EXPECT_EQ(list->commandCount(), 2u);
  int launches = fakecuda::counters().graphLaunches;
  int instantiated = fakecuda::counters().graphsInstantiated;
  device->wait(device->submit(*list));
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(ys[i], 1.0f + 5.0f * float(i)) << i;
  // Submitted again: replayed, not recorded.
  device->wait(device->submit(*list));
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(ys[i], 1.0f + 10.0f * float(i)) << i;
  EXPECT_EQ(fakecuda::counters().graphLaunches, launches + 2);
  EXPECT_EQ(fakecuda::counters().graphsInstantiated, instantiated);
  EXPECT_EQ(device->stats().submissions, 2u);
  // A dispatch binding the wrong number of buffers.
  std::unique_ptr<CommandList> wrong = device->record();
  EXPECT_THROW(wrong->dispatch({axpy, {1, 1, 1}, {{x}}, words(n, 1.0f)}),
               DeviceError);
}

TEST_F(CudaDeviceTest, CopiesAndFillsInOrder) {
  std::unique_ptr<Device> device = openDevice(0);
  BufferId a = device->allocate(32, "a", Memory::HostVisible);
  BufferId b = device->allocate(32, "b", Memory::HostVisible);
  std::unique_ptr<CommandList> list = device->record();
  list->fill(a, 0, 32, 7u);
  list->copy(a, 8, b, 0, 16); // after the fill: sees its words
  list->fill(a, 8, 8, 9u);
  list->finish();
  device->wait(device->submit(*list));
  auto *as = static_cast<const uint32_t *>(device->mapping(a));
  auto *bs = static_cast<const uint32_t *>(device->mapping(b));
  EXPECT_EQ(std::vector<uint32_t>(as, as + 8),
            (std::vector<uint32_t>{7, 7, 9, 9, 7, 7, 7, 7}));
  EXPECT_EQ(std::vector<uint32_t>(bs, bs + 8),
            (std::vector<uint32_t>{7, 7, 7, 7, 0, 0, 0, 0}));
  std::unique_ptr<CommandList> bad = device->record();
  EXPECT_THROW(bad->fill(a, 2, 8, 0u), DeviceError);  // not whole words
  EXPECT_THROW(bad->copy(a, 16, b, 0, 32), DeviceError); // past the end
}

/// gemm_5(A, B, C: f32 buffers, the GEMM words): the generated GEMM's
/// definition, C[i, j] += sum_k A(i, k) B(k, j) over offsets and strides.
void registerGemm() {
  namespace abi = rnnc::device::abi;
  fakecuda::registerKernel(
      "gemm_5", 20, [](dim3, dim3, const uint64_t *params) {
        auto buffer = [&](int i) {
          return reinterpret_cast<float *>(descriptor(params, i).aligned);
        };
        const auto *w = reinterpret_cast<const int32_t *>(buffer(3));
        const float *a = buffer(0), *b = buffer(1);
        float *c = buffer(2);
        for (int32_t i = 0; i < w[abi::kGemmM]; ++i)
          for (int32_t j = 0; j < w[abi::kGemmN]; ++j)
            for (int32_t l = 0; l < w[abi::kGemmK]; ++l)
              c[w[abi::kGemmOffsetC] + i * w[abi::kGemmStrideCI] +
                j * w[abi::kGemmStrideCJ]] +=
                  a[w[abi::kGemmOffsetA] + i * w[abi::kGemmStrideAI] +
                    l * w[abi::kGemmStrideAK]] *
                  b[w[abi::kGemmOffsetB] + l * w[abi::kGemmStrideBK] +
                    j * w[abi::kGemmStrideBJ]];
      });
}

/// C += A B^T for A [m, k] row-major at offset 3, B [n, k] row-major (the
/// transposed operand of a step's h W^T), C [m, n] row-major at offset 1,
/// under RNNC_CUDA_GEMM=`policy`: C's values against the definition, and
/// whether cuBLAS (the fake library beside the tests) ran it.
void checkGemm(const char *policy, int32_t m, int32_t n, int32_t k,
               bool expectBlas) {
  setenv("RNNC_CUDA_GEMM", policy, 1);
  registerGemm();
  std::unique_ptr<Device> device = openDevice(0);
  std::vector<uint32_t> binary = fatbin();
  KernelId gemm = device->loadKernels(
      binary.data(), 24, {{"gemm_5", 3, true, {256, 1, 1}, {4, 4, 4}}})[0];
  BufferId a = device->allocate(4 * (3 + m * k), "A", Memory::HostVisible);
  BufferId b = device->allocate(4 * n * k, "B", Memory::HostVisible);
  BufferId c = device->allocate(4 * (1 + m * n), "C", Memory::HostVisible);
  auto *as = static_cast<float *>(device->mapping(a));
  auto *bs = static_cast<float *>(device->mapping(b));
  auto *cs = static_cast<float *>(device->mapping(c));
  for (int32_t i = 0; i < 3 + m * k; ++i)
    as[i] = float(i % 7) - 3.0f;
  for (int32_t i = 0; i < n * k; ++i)
    bs[i] = float(i % 5) - 2.0f;
  for (int32_t i = 0; i < 1 + m * n; ++i)
    cs[i] = 1.0f;
  std::vector<float> expected(cs, cs + 1 + m * n);
  for (int32_t i = 0; i < m; ++i)
    for (int32_t j = 0; j < n; ++j)
      for (int32_t l = 0; l < k; ++l)
        expected[1 + i * n + j] += as[3 + i * k + l] * bs[j * k + l];
  std::vector<int32_t> words = {m, n, k, 3, k, 1, 0, 1, k, 1, n, 1};
  int blas = fakecuda::counters().blasCalls;
  int kernels = fakecuda::counters().kernelsRun;
  std::unique_ptr<CommandList> list = device->record();
  list->dispatch({gemm, {uint32_t((n + 63) / 64), uint32_t((m + 63) / 64), 1},
                  {{a}, {b}, {c}}, words});
  list->finish();
  device->wait(device->submit(*list));
  EXPECT_EQ(fakecuda::counters().blasCalls - blas, expectBlas ? 1 : 0);
  EXPECT_EQ(fakecuda::counters().kernelsRun - kernels, expectBlas ? 0 : 1);
  for (int32_t i = 0; i < 1 + m * n; ++i)
    ASSERT_FLOAT_EQ(cs[i], expected[i]) << policy << " element " << i;
  // Replayed, the captured call runs again.
  device->wait(device->submit(*list));
  EXPECT_EQ(fakecuda::counters().blasCalls - blas, expectBlas ? 2 : 0);
}

TEST_F(CudaDeviceTest, LargeGemmsRunOnCublasSmallOnesGenerated) {
  // 128 x 128 x 64 = 2^20 multiply-adds: the threshold, cuBLAS.
  checkGemm("auto", 128, 128, 64, true);
  checkGemm("auto", 4, 128, 64, false); // a few rows: the generated kernel
  checkGemm("cublas", 4, 128, 64, true);
  checkGemm("generated", 128, 128, 64, false);
  setenv("RNNC_CUDA_GEMM", "auto", 1);
  EXPECT_NE(openDevice(0)->info().api.find("GEMMs on cuBLAS 13.0.2"),
            std::string::npos);
  // Where cuBLAS cannot be opened: generated GEMMs, or, when cuBLAS was
  // asked for, one line.
  setenv("RNNC_CUBLAS_LIBRARY", "/nonexistent/libcublas.so.13", 1);
  EXPECT_NE(openDevice(0)->info().api.find("generated GEMMs"),
            std::string::npos);
  setenv("RNNC_CUDA_GEMM", "cublas", 1);
  EXPECT_EQ(openError().rfind("RNNC_CUDA_GEMM=cublas, and cuBLAS cannot be "
                              "opened: /nonexistent/libcublas.so.13: ",
                              0),
            0u)
      << openError();
  setenv("RNNC_CUBLAS_LIBRARY", "libm.so.6", 1); // a library, not cuBLAS
  EXPECT_EQ(openError(), "libm.so.6 has no cublasCreate_v2");
  unsetenv("RNNC_CUBLAS_LIBRARY");
  // cuBLAS's workspace must fit.
  fakecuda::machine().memoryBytes = size_t(16) << 20;
  EXPECT_EQ(openError(), "cuBLAS's workspace (32 MiB) does not fit");
  fakecuda::machine() = fakecuda::Machine();
  setenv("RNNC_CUDA_GEMM", "sometimes", 1);
  EXPECT_EQ(openError(), "RNNC_CUDA_GEMM=sometimes is not a choice: use auto, "
                         "cublas or generated");
}

// The bridge's C API over the CUDA device, as generated host code calls
// it: buffers from rnnc_rt_gpu_alloc, a function naming its fatbin and
// kernel table, a launch with (address, bytes) pairs and its words.
TEST_F(CudaDeviceTest, AGeneratedFunctionsLaunchesThroughTheBridge) {
  const int n = 100;
  auto *x = static_cast<float *>(rnnc_rt_gpu_alloc(4 * n));
  auto *y = static_cast<float *>(rnnc_rt_gpu_alloc(4 * n));
  ASSERT_TRUE(rnnc_rt_gpu_owns(x));
  for (int i = 0; i < n; ++i) {
    x[i] = 1.0f;
    y[i] = float(i);
  }
  static const std::vector<uint32_t> binary = fatbin();
  rnnc_rt_gpu_begin_call("step", binary.data(), 24, "axpy_0 2 256 1 1 4 4\n");
  int64_t buffers[] = {int64_t(reinterpret_cast<uintptr_t>(x)), 4 * n,
                       int64_t(reinterpret_cast<uintptr_t>(y)), 4 * n};
  std::vector<int32_t> w = words(n, 0.5f);
  rnnc_rt_gpu_launch(0, 1, 1, 1, buffers, 2, w.data(), 2);
  rnnc_rt_gpu_end_call();
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(y[i], float(i) + 0.5f) << i;
  EXPECT_NE(std::string(rnnc_rt_gpu_describe()).find("cuda, on Fake GPU 0"),
            std::string::npos);
  rnnc_rt_gpu_free(x);
  rnnc_rt_gpu_free(y);
}

/// A generated function whose kernel table line lacks its element sizes,
/// launching its kernel.
void launchWithAMalformedTable() {
  float *x = static_cast<float *>(rnnc_rt_gpu_alloc(64));
  static const std::vector<uint32_t> binary = fatbin();
  rnnc_rt_gpu_begin_call("step", binary.data(), 24, "axpy_0 2 256\n");
  int64_t buffers[] = {int64_t(reinterpret_cast<uintptr_t>(x)), 64,
                       int64_t(reinterpret_cast<uintptr_t>(x)), 64};
  std::vector<int32_t> w = words(16, 1.0f);
  rnnc_rt_gpu_launch(0, 1, 1, 1, buffers, 2, w.data(), 2);
}

// A kernel table line the bridge cannot read stops the process with one
// line (generated code cannot unwind), exit status 1.
TEST_F(CudaDeviceTest, AMalformedKernelTableIsOneLine) {
  EXPECT_EXIT(launchWithAMalformedTable(), ::testing::ExitedWithCode(1),
              "error: a malformed kernel table line: 'axpy_0 2 256'");
}

} // namespace
} // namespace rnnc::device
