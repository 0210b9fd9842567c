//===- Device.h - the one interface to a compute device ---------*- C++ -*-===//
//
// What a compiled model needs of a GPU, and nothing more: device memory
// (allocate, upload, download), kernels loaded once from their binary,
// command lists recorded once and submitted as often as the shapes repeat,
// and waiting for a submission. Vulkan implements it (VulkanDevice.cpp,
// library rnnc_device) and CUDA a second time (CudaDevice.cpp, library
// rnnc_device_cuda); an executable links one of them, which defines
// listDevices and openDevice. Nothing here names an API.
//
// Every failure is a DeviceError whose message is one line for the user:
// no loader, no device, a device number out of range (with the list), a
// buffer that does not fit (what and how many bytes), a kernel the driver
// refuses.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DEVICE_DEVICE_H
#define RNNC_DEVICE_DEVICE_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rnnc::device {

/// One line for the user; the executable exits 1 with it.
class DeviceError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A device as the user picks it with `--device N`.
struct DeviceInfo {
  int index = 0;
  std::string target;         // "vulkan", "cuda": the build's --target
  std::string name;           // "llvmpipe (LLVM 15.0.6, 256 bits)"
  std::string api;            // "Vulkan 1.3.230"
  uint64_t memoryBytes = 0;   // the largest device-local heap
  uint64_t maxBufferBytes = 0; // the largest buffer a kernel can address
  bool float64 = false;       // f64 kernels (gradcheck) run
  bool software = false;      // a CPU implementation (lavapipe)
};

/// Where a buffer lives: device-local memory (the fastest for kernels;
/// host transfers go through upload and download), or memory the host
/// maps too (kernels read it, on a discrete GPU across the bus; the host
/// reads and writes it in place between submissions).
enum class Memory { DeviceLocal, HostVisible };

/// Buffers and kernels are small handles owned by their device.
using BufferId = uint32_t;
using KernelId = uint32_t;

/// A kernel's entry point in a loaded binary and its interface: storage
/// buffers at bindings 0..buffers-1 of set 0, then, when the kernel takes
/// scalar parameters, one more binding holding them as 32-bit integers
/// (Vulkan); the same buffers as memref descriptors (CUDA, which needs
/// each buffer's element size and the workgroup size to launch).
struct KernelDesc {
  std::string entry;
  uint32_t buffers = 0;
  bool params = false;
  uint32_t block[3] = {1, 1, 1};       // threads of a workgroup
  std::vector<uint32_t> elementBytes; // per buffer (empty: 4 each)
};

/// A buffer bound to a kernel's argument: the whole buffer.
struct Binding {
  BufferId buffer = 0;
};

/// One kernel launch: `groups` workgroups, each of the kernel's own size.
struct Dispatch {
  KernelId kernel = 0;
  uint32_t groups[3] = {1, 1, 1};
  std::vector<Binding> buffers;
  std::vector<int32_t> params; // copied into the list's parameter block
};

/// Work recorded once and submitted any number of times. Each command sees
/// the memory written by the commands recorded before it (the list puts a
/// barrier between them); nothing runs until the list is submitted.
class CommandList {
public:
  virtual ~CommandList() = default;
  virtual void dispatch(const Dispatch &dispatch) = 0;
  virtual void copy(BufferId from, uint64_t fromOffset, BufferId to,
                    uint64_t toOffset, uint64_t bytes) = 0;
  /// Every 32-bit word of [offset, offset + bytes) set to `word`.
  virtual void fill(BufferId buffer, uint64_t offset, uint64_t bytes,
                    uint32_t word) = 0;
  /// Ends recording; the list can then be submitted.
  virtual void finish() = 0;
  virtual size_t commandCount() const = 0;
};

/// A submitted list, waited for with Device::wait.
using Submission = uint64_t;

/// Counters a test (and `info`) can read: what was created, what reused.
struct DeviceStats {
  uint64_t pipelinesCreated = 0;
  uint64_t pipelinesReused = 0;
  uint64_t submissions = 0;
  uint64_t bytesAllocated = 0; // now
  uint64_t peakBytesAllocated = 0;
};

class Device {
public:
  virtual ~Device() = default;
  virtual const DeviceInfo &info() const = 0;

  /// Device memory, zeroed. `what` names the buffer in an out-of-memory
  /// message ("parameters", "activations of train_step").
  virtual BufferId allocate(uint64_t bytes, std::string_view what,
                            Memory memory = Memory::DeviceLocal) = 0;
  /// Where the host sees a HostVisible buffer (and a device-local one on a
  /// device whose memory the host maps anyway); null otherwise.
  virtual void *mapping(BufferId buffer) const = 0;
  virtual void release(BufferId buffer) = 0;
  virtual uint64_t size(BufferId buffer) const = 0;

  /// Host <-> device copies; they wait for submitted work first.
  virtual void upload(BufferId buffer, uint64_t offset, const void *data,
                      uint64_t bytes) = 0;
  virtual void download(BufferId buffer, uint64_t offset, void *data,
                        uint64_t bytes) = 0;

  /// Kernels from a binary (SPIR-V words for Vulkan, a fatbin for CUDA).
  /// Loading the same
  /// binary and entry point again returns the kernels made the first time.
  virtual std::vector<KernelId>
  loadKernels(const void *binary, size_t bytes,
              const std::vector<KernelDesc> &kernels) = 0;

  virtual std::unique_ptr<CommandList> record() = 0;
  virtual Submission submit(CommandList &list) = 0;
  virtual void wait(Submission submission) = 0;
  /// Waits for everything submitted.
  virtual void synchronize() = 0;

  virtual DeviceStats stats() const = 0;
};

/// The devices the API finds (the Vulkan loader, the CUDA driver), in its
/// order. Throws DeviceError when there is no loader or driver, or no
/// device.
std::vector<DeviceInfo> listDevices();

/// Opens device `index` of listDevices(); out of range, the error lists
/// the devices there are.
std::unique_ptr<Device> openDevice(int index);

/// "0: llvmpipe (LLVM 15.0.6, 256 bits); 1: ...", for messages and `info`.
std::string describeDevices(const std::vector<DeviceInfo> &devices);

/// "19.2 MiB", for messages.
std::string mebibytes(uint64_t bytes);

} // namespace rnnc::device

#endif // RNNC_DEVICE_DEVICE_H
