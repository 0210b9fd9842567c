//===- FakeCudaRuntime.h - a CUDA runtime on the host, for tests -*- C++ -*-===//
//
// CudaDevice.cpp's tests (CudaDeviceTest.cpp) link it instead of cudart,
// where no NVIDIA device is: the calls CudaDevice makes, implemented on
// the host as the CUDA documentation describes them (memory from the
// heap, graphs run node after node at launch, kernels looked up in a
// table of host functions the test registers). What it checks is
// CudaDevice's own logic: the arguments it builds (memref descriptors,
// the parameter block), the graphs it records and replays, its messages.
// The driver's behaviour is only as faithful as this reading of the
// documentation: it is no substitute for a device.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DEVICE_TEST_FAKECUDARUNTIME_H
#define RNNC_DEVICE_TEST_FAKECUDARUNTIME_H

#include <cuda_runtime_api.h>

#include <cstdint>
#include <functional>
#include <string>

namespace fakecuda {

/// What the fake machine has; tests change it before opening a device.
struct Machine {
  int driverVersion = 13000; // 0: no driver
  bool driverTooOld = false;  // older than the runtime
  int deviceCount = 1;
  int major = 9, minor = 0;
  bool managedMemory = true;
  bool kernelImage = true;      // the fatbin has one for this device
  size_t memoryBytes = size_t(1) << 30; // what allocations may take
};
Machine &machine();

/// A kernel: the grid, the block and its parameters' values (each 64-bit,
/// as the NVVM lowering declares them).
using Kernel = std::function<void(dim3 grid, dim3 block, const uint64_t *params)>;
/// Makes `name` an entry point of every loaded fatbin, taking
/// `paramCount` 64-bit parameters.
void registerKernel(const std::string &name, int paramCount, Kernel kernel);

/// What happened, for the tests to look at.
struct Counters {
  int librariesLoaded = 0;
  int graphsInstantiated = 0;
  int graphLaunches = 0;
  int nodesAdded = 0;
  int kernelsRun = 0;
  int blasCalls = 0; // FakeCublas.cpp's GEMMs run
};
Counters &counters();

/// Work a library (FakeCublas.cpp) enqueues on `stream`: run now, or, while
/// the stream is being captured, a node of the captured graph. (Exported
/// from the test executable to the library it opens.)
void enqueue(cudaStream_t stream, std::function<void()> work);

} // namespace fakecuda

#endif // RNNC_DEVICE_TEST_FAKECUDARUNTIME_H
