//===- CudaDevice.cpp - Device over the CUDA runtime ----------------------===//
//
// The CUDA target's implementation of Device.h, over cudart linked
// statically (libcudart_static.a opens the driver, libcuda.so.1, at run
// time: an executable starts on a machine without one and says so in one
// line).
//
// - One stream, owned by the device, non-blocking; every submission goes
//   to it, in order.
// - Kernels: a fatbin (cubins per architecture and PTX) loaded once per
//   binary with cudaLibraryLoadData; a kernel handle per entry point.
// - Buffers: HostVisible ones are managed memory (cudaMallocManaged), one
//   address for the host and the kernels, which the bridge reads in place
//   between submissions; DeviceLocal ones cudaMalloc.
// - A command list is a CUDA graph: its kernels, copies and fills as a
//   chain of nodes (each sees what the one before wrote), instantiated at
//   finish() and launched on the stream at every submission. Its
//   parameter words live in one device block the list owns, so replaying
//   it records and copies nothing.
// - A kernel's arguments are what rnn-gpu-kernels-to-nvvm's lowering makes
//   of `memref<?xT>`: five values per buffer (allocated and aligned
//   pointer, offset, size, stride), then the parameter words' buffer
//   likewise.
// - GEMMs: a launch of a generated GEMM kernel becomes a cuBLAS call in
//   the graph (captured on a stream of its own) where cuBLAS is there, the
//   operands map onto column-major ones (StridedGemm.h) and the product is
//   large enough (kBlasMinimumWork); RNNC_CUDA_GEMM=generated|cublas
//   chooses one way for all.
//
//===----------------------------------------------------------------------===//

#include "CudaBlas.h"

#include "rnnc/device/Device.h"
#include "rnnc/device/KernelABI.h"

#include <cuda_runtime_api.h>

#include <cstdlib>
#include <optional>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <utility>

namespace rnnc::device {
namespace {
namespace abi = rnnc::device::abi;

/// A failed call as one line: what was called and the runtime's words.
void check(cudaError_t result, const char *what) {
  if (result == cudaSuccess)
    return;
  cudaGetLastError(); // clear a non-sticky error
  throw DeviceError(std::string(what) + " failed: " +
                    cudaGetErrorName(result) + " (" +
                    cudaGetErrorString(result) + ")");
}

/// "13.0" from 13000.
std::string versionText(int version) {
  return std::to_string(version / 1000) + "." +
         std::to_string(version % 1000 / 10);
}

/// The oldest architecture the embedded cubins run on (rnnc/GPU/
/// CudaToolkit.h's kCudaChips; the PTX in the fatbin is for the newest).
constexpr int kOldestMajor = 8;

/// The memref descriptor of a one-dimensional buffer, as the NVVM
/// lowering passes it: each field its own kernel parameter.
struct Descriptor {
  void *allocated = nullptr;
  void *aligned = nullptr;
  int64_t offset = 0;
  int64_t size = 0;
  int64_t stride = 1;
};

struct Buffer {
  void *pointer = nullptr;
  uint64_t bytes = 0;
  bool managed = false;
};

struct Kernel {
  cudaKernel_t handle = nullptr;
  KernelDesc desc;
  bool gemm = false; // a generated GEMM (KernelABI.h's names)
};

/// Products of at least this many multiply-adds (m n k) go to cuBLAS
/// under RNNC_CUDA_GEMM=auto: a guess (2^20: a d2l step's h W at batch 32,
/// hidden 256 is 8x it; a one-token step's is below), not yet measured on
/// a device (scripts/gpu-check.sh times both ways).
constexpr int64_t kBlasMinimumWork = int64_t(1) << 20;

/// RNNC_CUDA_GEMM: which GEMMs cuBLAS runs.
enum class GemmPolicy { Auto, CuBLAS, Generated };

GemmPolicy gemmPolicy() {
  const char *text = std::getenv("RNNC_CUDA_GEMM");
  std::string policy = text ? text : "auto";
  if (policy == "auto")
    return GemmPolicy::Auto;
  if (policy == "cublas")
    return GemmPolicy::CuBLAS;
  if (policy == "generated")
    return GemmPolicy::Generated;
  throw DeviceError("RNNC_CUDA_GEMM=" + policy +
                    " is not a choice: use auto, cublas or generated");
}

/// "gemm_12" or "gemm_rows_3": the generator's GEMM kernels.
bool isGemmEntry(const std::string &entry) {
  for (std::string prefix : {std::string(abi::kGemmRowsKernel) + "_",
                             std::string(abi::kGemmKernel) + "_"})
    if (entry.rfind(prefix, 0) == 0 && entry.size() > prefix.size() &&
        entry.find_first_not_of("0123456789", prefix.size()) ==
            std::string::npos)
      return true;
  return false;
}

class CudaDevice;

/// A recorded list: its commands until finish(), then a CUDA graph.
class CudaCommandList : public CommandList {
public:
  explicit CudaCommandList(CudaDevice &device) : device_(device) {}
  ~CudaCommandList() override;

  void dispatch(const Dispatch &dispatch) override;
  void copy(BufferId from, uint64_t fromOffset, BufferId to,
            uint64_t toOffset, uint64_t bytes) override;
  void fill(BufferId buffer, uint64_t offset, uint64_t bytes,
            uint32_t word) override;
  void finish() override;
  size_t commandCount() const override { return commands_.size(); }

  cudaGraphExec_t executable() const { return executable_; }

private:
  struct Command {
    enum Kind { Kernel, Copy, Fill } kind;
    Dispatch dispatch;    // Kernel
    uint64_t paramOffset; // Kernel: its words' first index in the block
    BufferId from, to;    // Copy (to also Fill)
    uint64_t fromOffset, toOffset, bytes;
    uint32_t word;        // Fill
  };

  void addKernelNode(cudaGraphNode_t *node, const Command &command,
                     const cudaGraphNode_t *previous);
  void addBlasNode(cudaGraphNode_t *node, const Command &command,
                   const ColumnMajorGemm &call,
                   const cudaGraphNode_t *previous);

  CudaDevice &device_;
  std::vector<Command> commands_;
  std::vector<int32_t> params_; // every dispatch's words
  void *paramBlock_ = nullptr;  // their device copy
  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t executable_ = nullptr;
  bool finished_ = false;
};

class CudaDevice : public Device {
public:
  explicit CudaDevice(int index);
  ~CudaDevice() override;

  const DeviceInfo &info() const override { return info_; }
  BufferId allocate(uint64_t bytes, std::string_view what,
                    Memory memory) override;
  void *mapping(BufferId buffer) const override;
  void release(BufferId buffer) override;
  uint64_t size(BufferId buffer) const override { return at(buffer).bytes; }
  void upload(BufferId buffer, uint64_t offset, const void *data,
              uint64_t bytes) override;
  void download(BufferId buffer, uint64_t offset, void *data,
                uint64_t bytes) override;
  std::vector<KernelId>
  loadKernels(const void *binary, size_t bytes,
              const std::vector<KernelDesc> &kernels) override;
  std::unique_ptr<CommandList> record() override {
    return std::make_unique<CudaCommandList>(*this);
  }
  Submission submit(CommandList &list) override;
  void wait(Submission submission) override;
  void synchronize() override;
  DeviceStats stats() const override { return stats_; }

  const Buffer &at(BufferId id) const {
    if (id == 0 || id > buffers_.size() || !buffers_[id - 1].pointer)
      throw DeviceError("buffer " + std::to_string(id) + " is not allocated");
    return buffers_[id - 1];
  }
  const Kernel &kernel(KernelId id) const {
    if (id >= kernels_.size())
      throw DeviceError("kernel " + std::to_string(id) + " is not loaded");
    return kernels_[id];
  }
  /// The cuBLAS call for a launch of a GEMM kernel, when it takes one.
  std::optional<ColumnMajorGemm> blasCall(const Dispatch &dispatch) const;
  CudaBlas &blas() const { return *blas_; }
  cudaStream_t captureStream() const { return captureStream_; }

  void checkRange(BufferId id, uint64_t offset, uint64_t bytes,
                  const char *what) const {
    const Buffer &buffer = at(id);
    if (offset > buffer.bytes || bytes > buffer.bytes - offset)
      throw DeviceError(std::string(what) + " of " + std::to_string(bytes) +
                        " bytes at " + std::to_string(offset) +
                        " overruns a buffer of " +
                        std::to_string(buffer.bytes));
  }

private:
  DeviceInfo info_;
  cudaStream_t stream_ = nullptr;
  cudaStream_t captureStream_ = nullptr; // cuBLAS calls into graphs
  GemmPolicy gemmPolicy_ = GemmPolicy::Auto;
  std::unique_ptr<CudaBlas> blas_;
  std::vector<Buffer> buffers_; // by BufferId - 1; released: null
  std::vector<Kernel> kernels_;
  std::map<size_t, cudaLibrary_t> libraries_; // by the binary's hash
  std::map<std::pair<size_t, std::string>, KernelId> kernelCache_;
  Submission submitted_ = 0, completed_ = 0;
  DeviceStats stats_;
};

/// The driver's devices, or the one-line reason there are none.
std::vector<DeviceInfo> cudaDevices() {
  int driver = 0, runtime = 0;
  cudaRuntimeGetVersion(&runtime);
  if (cudaDriverGetVersion(&driver) != cudaSuccess || driver == 0)
    throw DeviceError("no NVIDIA driver on this machine (libcuda.so.1 was "
                      "not found): a --target=cuda build runs on an NVIDIA "
                      "GPU; build with --target=cpu or --target=vulkan for "
                      "this one");
  int count = 0;
  cudaError_t result = cudaGetDeviceCount(&count);
  if (result == cudaErrorInsufficientDriver)
    throw DeviceError("the NVIDIA driver supports CUDA " +
                      versionText(driver) + ", older than the CUDA " +
                      versionText(runtime) + " this build was made with");
  if (result == cudaErrorNoDevice || (result == cudaSuccess && count == 0))
    throw DeviceError("no CUDA device: the NVIDIA driver (CUDA " +
                      versionText(driver) + ") sees no GPU");
  check(result, "cudaGetDeviceCount");
  std::vector<DeviceInfo> all;
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp properties;
    check(cudaGetDeviceProperties(&properties, i), "cudaGetDeviceProperties");
    DeviceInfo info;
    info.index = i;
    info.target = "cuda";
    info.name = properties.name;
    info.api = "sm_" + std::to_string(properties.major) +
               std::to_string(properties.minor) + ", CUDA " +
               versionText(runtime) + " (driver " + versionText(driver) + ")";
    info.memoryBytes = properties.totalGlobalMem;
    info.maxBufferBytes = properties.totalGlobalMem;
    info.float64 = true;
    all.push_back(info);
  }
  return all;
}

CudaDevice::CudaDevice(int index) {
  std::vector<DeviceInfo> devices = cudaDevices();
  if (index < 0 || size_t(index) >= devices.size())
    throw DeviceError("no CUDA device " + std::to_string(index) +
                      ": the devices are " + describeDevices(devices));
  info_ = devices[index];
  cudaDeviceProp properties;
  check(cudaGetDeviceProperties(&properties, index), "cudaGetDeviceProperties");
  if (properties.major < kOldestMajor)
    throw DeviceError(info_.name + " is sm_" +
                      std::to_string(properties.major) +
                      std::to_string(properties.minor) +
                      ": this build's kernels are for sm_80 and newer");
  if (!properties.managedMemory)
    throw DeviceError(info_.name + " has no managed memory, which the CUDA "
                      "target's buffers are");
  check(cudaSetDevice(index), "cudaSetDevice");
  check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking),
        "cudaStreamCreateWithFlags");
  gemmPolicy_ = gemmPolicy();
  std::string why;
  if (gemmPolicy_ != GemmPolicy::Generated) {
    check(cudaStreamCreateWithFlags(&captureStream_, cudaStreamNonBlocking),
          "cudaStreamCreateWithFlags");
    blas_ = CudaBlas::open(why);
  }
  if (gemmPolicy_ == GemmPolicy::CuBLAS && !blas_)
    throw DeviceError("RNNC_CUDA_GEMM=cublas, and cuBLAS cannot be opened: " +
                      why);
  info_.api += blas_ ? ", GEMMs on " + blas_->version()
                     : std::string(", generated GEMMs");
}

std::optional<ColumnMajorGemm>
CudaDevice::blasCall(const Dispatch &dispatch) const {
  const Kernel &k = kernel(dispatch.kernel);
  if (!blas_ || !k.gemm || dispatch.params.size() != size_t(abi::kGemmParams))
    return std::nullopt;
  std::optional<ColumnMajorGemm> call =
      columnMajorGemm(dispatch.params.data());
  if (!call)
    return std::nullopt;
  if (gemmPolicy_ == GemmPolicy::Auto &&
      call->m * call->n * call->k < kBlasMinimumWork)
    return std::nullopt;
  return call;
}

CudaDevice::~CudaDevice() {
  // At exit the CUDA runtime's own handler may have run first (it registers
  // once the device opens, after the bridge's session): then everything is
  // gone already, and cuBLAS is left alone (released, not destroyed).
  // Otherwise a best effort: errors here have nowhere to go.
  if (cudaStreamSynchronize(stream_) == cudaErrorCudartUnloading) {
    (void)blas_.release();
    return;
  }
  blas_.reset();
  if (captureStream_)
    cudaStreamDestroy(captureStream_);
  for (Buffer &buffer : buffers_)
    if (buffer.pointer)
      cudaFree(buffer.pointer);
  for (auto &[hash, library] : libraries_)
    cudaLibraryUnload(library);
  cudaStreamDestroy(stream_);
}

BufferId CudaDevice::allocate(uint64_t bytes, std::string_view what,
                              Memory memory) {
  Buffer buffer;
  buffer.bytes = bytes;
  buffer.managed = memory == Memory::HostVisible;
  uint64_t size = std::max<uint64_t>(bytes, 4);
  cudaError_t result =
      buffer.managed
          ? cudaMallocManaged(&buffer.pointer, size, cudaMemAttachGlobal)
          : cudaMalloc(&buffer.pointer, size);
  if (result == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    throw DeviceError("out of device memory: " + std::string(what) + " (" +
                      mebibytes(bytes) + ") does not fit (" +
                      mebibytes(stats_.bytesAllocated) + " in use on " +
                      info_.name + ", " + mebibytes(info_.memoryBytes) + ")");
  }
  check(result, buffer.managed ? "cudaMallocManaged" : "cudaMalloc");
  // Zeroed before the host or a kernel sees it.
  check(cudaMemsetAsync(buffer.pointer, 0, size, stream_), "cudaMemsetAsync");
  check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
  stats_.bytesAllocated += bytes;
  stats_.peakBytesAllocated =
      std::max(stats_.peakBytesAllocated, stats_.bytesAllocated);
  // Numbers are never reused: a graph recorded with a buffer's address
  // must not find another buffer under its number.
  buffers_.push_back(buffer);
  return BufferId(buffers_.size());
}

void *CudaDevice::mapping(BufferId id) const {
  const Buffer &buffer = at(id);
  return buffer.managed ? buffer.pointer : nullptr;
}

void CudaDevice::release(BufferId id) {
  const Buffer &buffer = at(id);
  // cudaFree waits for the work that may still use it.
  check(cudaFree(buffer.pointer), "cudaFree");
  stats_.bytesAllocated -= buffer.bytes;
  buffers_[id - 1] = Buffer();
}

void CudaDevice::upload(BufferId id, uint64_t offset, const void *data,
                        uint64_t bytes) {
  checkRange(id, offset, bytes, "an upload");
  synchronize();
  check(cudaMemcpy(static_cast<char *>(at(id).pointer) + offset, data, bytes,
                   cudaMemcpyDefault),
        "cudaMemcpy");
}

void CudaDevice::download(BufferId id, uint64_t offset, void *data,
                          uint64_t bytes) {
  checkRange(id, offset, bytes, "a download");
  synchronize();
  check(cudaMemcpy(data, static_cast<const char *>(at(id).pointer) + offset,
                   bytes, cudaMemcpyDefault),
        "cudaMemcpy");
}

std::vector<KernelId>
CudaDevice::loadKernels(const void *binary, size_t bytes,
                        const std::vector<KernelDesc> &kernels) {
  // A fatbin starts with its magic number 0xBA55ED50.
  if (bytes < 16 || *static_cast<const uint32_t *>(binary) != 0xBA55ED50u)
    throw DeviceError("not a CUDA fatbin (" + std::to_string(bytes) +
                      " bytes without the fatbin magic number)");
  size_t hash = std::hash<std::string_view>()(
      std::string_view(static_cast<const char *>(binary), bytes));
  auto library = libraries_.find(hash);
  if (library == libraries_.end()) {
    cudaLibrary_t handle;
    cudaError_t result = cudaLibraryLoadData(&handle, binary, nullptr, nullptr,
                                             0, nullptr, nullptr, 0);
    if (result == cudaErrorNoKernelImageForDevice)
      throw DeviceError("the kernels have no image for " + info_.name + " (" +
                        info_.api + ")");
    check(result, "cudaLibraryLoadData");
    library = libraries_.emplace(hash, handle).first;
  }
  std::vector<KernelId> ids;
  for (const KernelDesc &desc : kernels) {
    auto cached = kernelCache_.find({hash, desc.entry});
    if (cached != kernelCache_.end()) {
      ids.push_back(cached->second);
      ++stats_.pipelinesReused;
      continue;
    }
    Kernel kernel;
    kernel.desc = desc;
    if (kernel.desc.elementBytes.size() != desc.buffers)
      kernel.desc.elementBytes.assign(desc.buffers, 4);
    const std::vector<uint32_t> &bytes = kernel.desc.elementBytes;
    kernel.gemm = isGemmEntry(desc.entry) && desc.buffers == 3 &&
                  (bytes[0] == 4 || bytes[0] == 8) &&
                  std::count(bytes.begin(), bytes.end(), bytes[0]) == 3;
    check(cudaLibraryGetKernel(&kernel.handle, library->second,
                               desc.entry.c_str()),
          "cudaLibraryGetKernel");
    KernelId id = KernelId(kernels_.size());
    kernels_.push_back(std::move(kernel));
    kernelCache_[{hash, desc.entry}] = id;
    ids.push_back(id);
    ++stats_.pipelinesCreated;
  }
  return ids;
}

Submission CudaDevice::submit(CommandList &list) {
  auto &cudaList = static_cast<CudaCommandList &>(list);
  if (!cudaList.executable())
    throw DeviceError("a command list was submitted before finish()");
  check(cudaGraphLaunch(cudaList.executable(), stream_), "cudaGraphLaunch");
  ++stats_.submissions;
  return ++submitted_;
}

void CudaDevice::wait(Submission submission) {
  if (submission > completed_)
    synchronize();
}

void CudaDevice::synchronize() {
  // A kernel's fault (an illegal address) surfaces here.
  check(cudaStreamSynchronize(stream_), "running the kernels");
  completed_ = submitted_;
}

CudaCommandList::~CudaCommandList() {
  if (executable_)
    cudaGraphExecDestroy(executable_);
  if (graph_)
    cudaGraphDestroy(graph_);
  if (paramBlock_)
    cudaFree(paramBlock_);
}

void CudaCommandList::dispatch(const Dispatch &dispatch) {
  if (finished_)
    throw DeviceError("a dispatch was recorded after finish()");
  const Kernel &kernel = device_.kernel(dispatch.kernel);
  if (dispatch.buffers.size() != kernel.desc.buffers)
    throw DeviceError("kernel " + kernel.desc.entry + " takes " +
                      std::to_string(kernel.desc.buffers) +
                      " buffers, the dispatch binds " +
                      std::to_string(dispatch.buffers.size()));
  for (const Binding &binding : dispatch.buffers)
    device_.at(binding.buffer);
  commands_.push_back({Command::Kernel, dispatch, params_.size(), 0, 0, 0, 0,
                       0, 0});
  params_.insert(params_.end(), dispatch.params.begin(), dispatch.params.end());
  // Each dispatch's words start on a 16-byte boundary.
  params_.resize((params_.size() + 3) / 4 * 4);
}

void CudaCommandList::copy(BufferId from, uint64_t fromOffset, BufferId to,
                           uint64_t toOffset, uint64_t bytes) {
  if (finished_)
    throw DeviceError("a copy was recorded after finish()");
  device_.checkRange(from, fromOffset, bytes, "a copy");
  device_.checkRange(to, toOffset, bytes, "a copy");
  commands_.push_back(
      {Command::Copy, {}, 0, from, to, fromOffset, toOffset, bytes, 0});
}

void CudaCommandList::fill(BufferId buffer, uint64_t offset, uint64_t bytes,
                           uint32_t word) {
  if (finished_)
    throw DeviceError("a fill was recorded after finish()");
  if (offset % 4 || bytes % 4)
    throw DeviceError("a fill must cover whole 32-bit words");
  device_.checkRange(buffer, offset, bytes, "a fill");
  commands_.push_back(
      {Command::Fill, {}, 0, 0, buffer, 0, offset, bytes, word});
}

void CudaCommandList::addKernelNode(cudaGraphNode_t *node,
                                    const Command &command,
                                    const cudaGraphNode_t *previous) {
  const Dispatch &dispatch = command.dispatch;
  const Kernel &kernel = device_.kernel(dispatch.kernel);
  // Every buffer's descriptor, then the parameter words'; the node copies
  // the values at creation.
  std::vector<Descriptor> descriptors;
  for (size_t b = 0; b < dispatch.buffers.size(); ++b) {
    const Buffer &buffer = device_.at(dispatch.buffers[b].buffer);
    Descriptor descriptor;
    descriptor.allocated = descriptor.aligned = buffer.pointer;
    descriptor.size = int64_t(buffer.bytes / kernel.desc.elementBytes[b]);
    descriptors.push_back(descriptor);
  }
  Descriptor params;
  params.allocated = params.aligned =
      static_cast<int32_t *>(paramBlock_) + command.paramOffset;
  params.size = int64_t(dispatch.params.size());
  descriptors.push_back(params);
  std::vector<void *> arguments;
  for (Descriptor &descriptor : descriptors)
    arguments.insert(arguments.end(),
                     {&descriptor.allocated, &descriptor.aligned,
                      &descriptor.offset, &descriptor.size,
                      &descriptor.stride});
  cudaKernelNodeParams node_params{};
  node_params.func = reinterpret_cast<void *>(kernel.handle);
  node_params.gridDim = dim3(dispatch.groups[0], dispatch.groups[1],
                             dispatch.groups[2]);
  node_params.blockDim = dim3(kernel.desc.block[0], kernel.desc.block[1],
                              kernel.desc.block[2]);
  node_params.kernelParams = arguments.data();
  check(cudaGraphAddKernelNode(node, graph_, previous, previous ? 1 : 0,
                               &node_params),
        "cudaGraphAddKernelNode");
}

void CudaCommandList::addBlasNode(cudaGraphNode_t *node,
                                  const Command &command,
                                  const ColumnMajorGemm &call,
                                  const cudaGraphNode_t *previous) {
  const Dispatch &dispatch = command.dispatch;
  const Kernel &kernel = device_.kernel(dispatch.kernel);
  const void *a = device_.at(dispatch.buffers[0].buffer).pointer;
  const void *b = device_.at(dispatch.buffers[1].buffer).pointer;
  void *c = device_.at(dispatch.buffers[2].buffer).pointer;
  cudaStream_t stream = device_.captureStream();
  check(cudaStreamBeginCapture(stream, cudaStreamCaptureModeRelaxed),
        "cudaStreamBeginCapture");
  try {
    device_.blas().gemm(call, kernel.desc.elementBytes[0] == 8,
                        call.xIsA ? a : b, call.xIsA ? b : a, c, stream);
  } catch (const DeviceError &) {
    cudaGraph_t discarded;
    if (cudaStreamEndCapture(stream, &discarded) == cudaSuccess)
      cudaGraphDestroy(discarded);
    throw;
  }
  cudaGraph_t child;
  check(cudaStreamEndCapture(stream, &child), "cudaStreamEndCapture");
  cudaError_t added = cudaGraphAddChildGraphNode(node, graph_, previous,
                                                 previous ? 1 : 0, child);
  cudaGraphDestroy(child); // the node holds a copy
  check(added, "cudaGraphAddChildGraphNode");
}

void CudaCommandList::finish() {
  if (finished_)
    return;
  finished_ = true;
  if (!params_.empty()) {
    size_t bytes = params_.size() * sizeof(int32_t);
    check(cudaMalloc(&paramBlock_, bytes), "cudaMalloc");
    check(cudaMemcpy(paramBlock_, params_.data(), bytes,
                     cudaMemcpyHostToDevice),
          "cudaMemcpy");
  }
  check(cudaGraphCreate(&graph_, 0), "cudaGraphCreate");
  cudaGraphNode_t previous = nullptr;
  for (const Command &command : commands_) {
    cudaGraphNode_t node;
    const cudaGraphNode_t *after = previous ? &previous : nullptr;
    switch (command.kind) {
    case Command::Kernel:
      if (std::optional<ColumnMajorGemm> call =
              device_.blasCall(command.dispatch))
        addBlasNode(&node, command, *call, after);
      else
        addKernelNode(&node, command, after);
      break;
    case Command::Copy:
      check(cudaGraphAddMemcpyNode1D(
                &node, graph_, after, after ? 1 : 0,
                static_cast<char *>(device_.at(command.to).pointer) +
                    command.toOffset,
                static_cast<const char *>(device_.at(command.from).pointer) +
                    command.fromOffset,
                command.bytes, cudaMemcpyDefault),
            "cudaGraphAddMemcpyNode1D");
      break;
    case Command::Fill: {
      cudaMemsetParams fill{};
      fill.dst = static_cast<char *>(device_.at(command.to).pointer) +
                 command.toOffset;
      fill.value = command.word;
      fill.elementSize = 4;
      fill.width = command.bytes / 4;
      fill.height = 1;
      check(cudaGraphAddMemsetNode(&node, graph_, after, after ? 1 : 0,
                                   &fill),
            "cudaGraphAddMemsetNode");
      break;
    }
    }
    previous = node;
  }
  check(cudaGraphInstantiate(&executable_, graph_, 0), "cudaGraphInstantiate");
}

} // namespace

std::vector<DeviceInfo> listDevices() { return cudaDevices(); }

std::unique_ptr<Device> openDevice(int index) {
  return std::make_unique<CudaDevice>(index);
}

} // namespace rnnc::device
