//===- GeneratedCodeBridge.cpp - a GPU target's host code on a Device -----===//
//
// See rnnc/device/GeneratedCode.h. One session per process: the device
// (opened at the first use, `--device N` picks it), the kernels (loaded
// once), the generated code's buffers (by address, with a cache of freed
// blocks by power-of-two size, so a training loop allocates from the
// driver only while it warms up), the copies of the caller's arguments for
// the current call, and the command list being recorded.
//
// Launches are kept until the host must see their results, then submitted
// as one command list: the list recorded for equal work before when there
// is one (ReplayCache: a training loop's batches replay), else a new one.
//
// A device failure inside generated code cannot unwind through it: the
// bridge prints the one-line error and exits with status 1 (what a
// checkpoint written before is kept through: they are written atomically).
//
//===----------------------------------------------------------------------===//

#include "rnnc/device/GeneratedCode.h"

#include "rnnc/device/Device.h"
#include "rnnc/device/ReplayCache.h"

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace rnnc::device {
namespace {

/// A device buffer the host maps.
struct Block {
  BufferId buffer = 0;
  uint64_t bytes = 0; // the buffer's size (whole 256-byte lines)
  char *host = nullptr;
};

/// A generated object's kernels (rnnc_rt_gpu_begin_call names them).
struct KernelModule {
  const void *binary = nullptr; // SPIR-V or a fatbin
  int64_t bytes = 0;
  const char *table = nullptr; // "ENTRY BUFFERS X Y Z BYTES...\n" per kernel
  bool loaded = false;
  std::vector<KernelId> kernels;
  std::vector<std::string> names;
};

/// A copy of the caller's memory: the block and how many bytes of it
/// hold the copy.
struct Copy {
  Block block;
  uint64_t bytes = 0;
};

/// Command lists kept for replay: a training step's submissions (one per
/// host read of device memory and per call) several times over.
constexpr size_t kReplayedLists = 64;
/// Allocation sites remembered (each a word or two).
constexpr size_t kMaxSites = 1 << 16;

class Session {
public:
  /// Set when the session (and its device) is gone, at exit.
  static inline bool ended = false;

  static Session &get() {
    static Session session;
    return session;
  }

  /// Opens device `index` now, so that a wrong number is reported before
  /// the command starts.
  void selectDevice(int index) {
    deviceIndex_ = index;
    device_.reset();
    device();
  }

  Device &device() {
    if (!device_)
      device_ = openDevice(deviceIndex_);
    return *device_;
  }

  /// A buffer of the generated code, registered by its address.
  void *allocate(uint64_t bytes) {
    Block block = takeBlock(bytes);
    live_[reinterpret_cast<uintptr_t>(block.host)] = block;
    return block.host;
  }

  /// A block of at least `bytes`: a freed one or a new one.
  Block takeBlock(uint64_t bytes) {
    // Whole 256-byte lines; a freed block serves a request of up to its
    // size and at least 8/9 of it (a training loop asks for the same sizes
    // every batch, so blocks come back exactly).
    uint64_t size = std::max<uint64_t>((bytes + 255) / 256 * 256, 256);
    Block block;
    // A block this allocation site had one of the last two times when it
    // is free (equal work then binds equal buffers, and its command list
    // replays; two, for a value alive while its successor is made, as
    // parameters are during their update and a state during the next
    // step), else the most recently freed block of the size, else the
    // smallest that fits.
    uint64_t site = nextSite(size);
    auto cached = free_.end();
    SiteHistory &history = affinity_[site];
    auto [from, to] = free_.equal_range(size);
    for (BufferId previous : history.blocks)
      for (auto it = from; previous && it != to && cached == free_.end(); ++it)
        if (it->second.buffer == previous)
          cached = it;
    if (cached == free_.end()) {
      cached = free_.upper_bound(size);
      if (cached != free_.begin() && std::prev(cached)->first == size)
        --cached;
      else
        cached = free_.lower_bound(size);
    }
    if (cached != free_.end() && cached->first <= size + size / 8) {
      block = cached->second;
      free_.erase(cached);
    } else {
      if (limit_ && device().stats().bytesAllocated + size > limit_)
        throw DeviceError(
            "out of device memory: a buffer of " + function_ + " (" +
            mebibytes(size) + ") does not fit in the " + mebibytes(limit_) +
            " RNNC_GPU_MEMORY_LIMIT allows (" +
            mebibytes(device().stats().bytesAllocated) + " in use)");
      block.bytes = size;
      block.buffer = device().allocate(size, "a buffer of " + function_,
                                       Memory::HostVisible);
      block.host = static_cast<char *>(device().mapping(block.buffer));
      if (!block.host)
        throw DeviceError(device().info().name +
                          " does not map host-visible memory");
    }
    if (history.blocks[0] != block.buffer) {
      history.blocks[1] = history.blocks[0];
      history.blocks[0] = block.buffer;
    }
    return block;
  }

  /// The next allocation site: the n-th allocation of size `size` in a
  /// generated function's call, or in the runtime's code after one.
  uint64_t nextSite(uint64_t size) {
    if (affinity_.size() > kMaxSites)
      affinity_.clear(); // shapes that never repeat
    uint64_t key = site_ ^ (siteCount_++ * 0x9e3779b97f4a7c15ull);
    return key ^ (size * 0xc2b2ae3d27d4eb4full);
  }

  bool owns(const void *pointer) const {
    return live_.count(reinterpret_cast<uintptr_t>(pointer)) != 0;
  }

  /// Freed once the work recorded so far, which may still use it, is done.
  void release(void *pointer) {
    auto it = live_.find(reinterpret_cast<uintptr_t>(pointer));
    if (it == live_.end())
      throw DeviceError("freeing a buffer the device runtime did not allocate");
    released_.push_back(it->second);
    live_.erase(it);
    if (pending_.empty())
      recycle();
  }

  void launch(int32_t kernel, const uint32_t groups[3], const int64_t *buffers,
              int32_t bufferCount, const int32_t *params, int32_t paramCount) {
    if (!module_)
      throw DeviceError("a launch outside a generated function");
    const std::vector<KernelId> &kernels = loadKernels(*module_);
    if (kernel < 0 || size_t(kernel) >= kernels.size())
      throw DeviceError("a launch of kernel " + std::to_string(kernel) +
                        " of " + std::to_string(kernels.size()));
    Dispatch dispatch;
    dispatch.kernel = kernels[kernel];
    std::copy(groups, groups + 3, dispatch.groups);
    for (int32_t b = 0; b < bufferCount; ++b)
      dispatch.buffers.push_back(
          {bufferAt(reinterpret_cast<const char *>(buffers[2 * b]),
                    uint64_t(buffers[2 * b + 1]))});
    dispatch.params.assign(params, params + paramCount);
    if (trace_)
      return traceLaunch(kernel, dispatch, buffers);
    if (dispatch.groups[0] == 0 || dispatch.groups[1] == 0 ||
        dispatch.groups[2] == 0)
      return; // nothing to run (an empty batch dimension)
    pending_.push_back(std::move(dispatch));
    ++launches_;
  }

  void sync() {
    if (!pending_.empty()) {
      CommandList &list = replays_.listFor(device(), pending_);
      pending_.clear();
      device().wait(device().submit(list));
    }
    recycle();
  }

  void beginCall(const char *name, const KernelModule &module) {
    module_ = &modules_.try_emplace(module.binary, module).first->second;
    function_ = name;
    site_ = std::hash<std::string>()(function_);
    siteCount_ = 0;
  }

  void endCall() {
    site_ = ~std::hash<std::string>()(function_); // the runtime's, after it
    siteCount_ = 0;
    sync();
    for (auto &[address, copy] : copies_)
      free_.emplace(copy.block.bytes, copy.block);
    copies_.clear();
  }

  /// RNNC_GPU_STATS=1: what the process used, on stderr at exit.
  ~Session() {
    ended = true; // tensors destroyed after this free nothing
    if (!std::getenv("RNNC_GPU_STATS") || !device_)
      return;
    DeviceStats stats = device_->stats();
    std::fprintf(stderr,
                 "device memory: peak %s; %llu launches in %llu submissions "
                 "(%llu replayed); %llu kernels; %llu copies of host memory "
                 "(%s)\n",
                 mebibytes(stats.peakBytesAllocated).c_str(),
                 (unsigned long long)launches_,
                 (unsigned long long)stats.submissions,
                 (unsigned long long)replays_.replays(),
                 (unsigned long long)stats.pipelinesCreated,
                 (unsigned long long)copyCount_,
                 mebibytes(copiedBytes_).c_str());
  }

  std::string describe() {
    const DeviceInfo &info = device().info();
    return info.target + ", on " + info.name + ", " + info.api;
  }

private:
  /// RNNC_GPU_TRACE=1: each launch on stderr, run at once, with the first
  /// values of its buffers after it (a debugging aid).
  void traceLaunch(int32_t kernel, const Dispatch &dispatch,
                   const int64_t *buffers) {
    std::fprintf(stderr, "launch %s groups %u %u %u params", module_->names[kernel].c_str(),
                 dispatch.groups[0], dispatch.groups[1], dispatch.groups[2]);
    for (int32_t p : dispatch.params)
      std::fprintf(stderr, " %d", p);
    std::fprintf(stderr, "\n");
    pending_.push_back(dispatch);
    auto start = std::chrono::steady_clock::now();
    sync();
    std::fprintf(stderr, "  %.0f us\n",
                 std::chrono::duration<double, std::micro>(
                     std::chrono::steady_clock::now() - start)
                     .count());
    for (size_t b = 0; b < dispatch.buffers.size(); ++b) {
      const float *values =
          static_cast<const float *>(device().mapping(dispatch.buffers[b].buffer));
      std::fprintf(stderr, "  buffer %zu (%p, %lld bytes, %s):", b,
                   reinterpret_cast<void *>(buffers[2 * b]),
                   (long long)buffers[2 * b + 1],
                   owns(reinterpret_cast<void *>(buffers[2 * b])) ? "device"
                                                                   : "copy");
      for (int64_t i = 0; i < std::min<int64_t>(6, buffers[2 * b + 1] / 4); ++i)
        std::fprintf(stderr, " %g", values[i]);
      std::fprintf(stderr, "\n");
    }
  }

  /// The kernels of `module`, loaded at its first launch.
  const std::vector<KernelId> &loadKernels(KernelModule &module) {
    if (module.loaded)
      return module.kernels;
    std::vector<KernelDesc> descs;
    std::istringstream lines(module.table);
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream fields(line);
      KernelDesc desc;
      desc.params = true;
      fields >> desc.entry >> desc.buffers >> desc.block[0] >> desc.block[1] >>
          desc.block[2];
      desc.elementBytes.resize(desc.buffers);
      for (uint32_t &bytes : desc.elementBytes)
        fields >> bytes;
      if (!fields)
        throw DeviceError("a malformed kernel table line: '" + line + "'");
      module.names.push_back(desc.entry);
      descs.push_back(std::move(desc));
    }
    module.kernels =
        device().loadKernels(module.binary, size_t(module.bytes), descs);
    module.loaded = true;
    return module.kernels;
  }

  /// The device buffer holding `address` .. `address + bytes`: a buffer of
  /// the generated code that starts there, or a copy of the caller's
  /// memory made for this call.
  BufferId bufferAt(const char *address, uint64_t bytes) {
    auto live = live_.find(reinterpret_cast<uintptr_t>(address));
    if (live != live_.end()) {
      if (bytes > live->second.bytes)
        throw DeviceError("a kernel reads " + std::to_string(bytes) +
                          " bytes of a device buffer of " +
                          std::to_string(live->second.bytes));
      return live->second.buffer;
    }
    auto copied = copies_.find(reinterpret_cast<uintptr_t>(address));
    if (copied != copies_.end() && copied->second.bytes >= bytes)
      return copied->second.block.buffer;
    // The caller's memory (or a view into a device buffer that does not
    // start at its base): a copy for this call. Read-only, so one copy
    // serves every launch of the call. Inside a device buffer, the work
    // recorded so far may still write it: run it first.
    if (insideLive(address))
      sync();
    if (copied != copies_.end()) {
      released_.push_back(copied->second.block); // launches may read it
      copies_.erase(copied);
    }
    Block block = takeBlock(bytes);
    std::memcpy(block.host, address, bytes);
    ++copyCount_;
    copiedBytes_ += bytes;
    copies_[reinterpret_cast<uintptr_t>(address)] = {block, bytes};
    return block.buffer;
  }

  bool insideLive(const char *address) const {
    auto after = live_.upper_bound(reinterpret_cast<uintptr_t>(address));
    if (after == live_.begin())
      return false;
    const Block &block = std::prev(after)->second;
    return address < block.host + block.bytes;
  }

  void recycle() {
    for (Block &block : released_)
      free_.emplace(block.bytes, block);
    released_.clear();
  }

  bool trace_ = std::getenv("RNNC_GPU_TRACE") != nullptr;
  /// RNNC_GPU_MEMORY_LIMIT=MiB: the device memory this process may take
  /// (a share of a GPU others use too; 0 or unset: all of it).
  uint64_t limit_ = std::getenv("RNNC_GPU_MEMORY_LIMIT")
                        ? std::strtoull(std::getenv("RNNC_GPU_MEMORY_LIMIT"),
                                        nullptr, 10) << 20
                        : 0;
  std::string function_ = "the generated code";
  uint64_t launches_ = 0;
  uint64_t copyCount_ = 0, copiedBytes_ = 0; // of the caller's memory
  int deviceIndex_ = 0;
  std::unique_ptr<Device> device_;
  /// The kernel modules of the generated objects (an executable's model
  /// and its f64 build), by their binary's address; the current call's.
  std::map<const void *, KernelModule> modules_;
  KernelModule *module_ = nullptr;
  std::map<uintptr_t, Block> live_;      // by host address
  std::multimap<uint64_t, Block> free_;  // by size
  std::vector<Block> released_;          // freed while work is pending
  std::map<uintptr_t, Copy> copies_;     // the caller's memory, this call
  std::vector<Dispatch> pending_; // launched, not yet submitted
  uint64_t site_ = 0, siteCount_ = 0;
  struct SiteHistory {
    BufferId blocks[2] = {0, 0}; // the last, the one before (0: none)
  };
  std::unordered_map<uint64_t, SiteHistory> affinity_;
  /// The last command lists, submitted again for equal work.
  ReplayCache replays_{kReplayedLists};
};

[[noreturn]] void fail(const DeviceError &error) {
  std::fprintf(stderr, "%s: error: %s\n", program_invocation_name,
               error.what());
  std::fflush(stderr);
  std::exit(1);
}

} // namespace
} // namespace rnnc::device

using rnnc::device::DeviceError;
using rnnc::device::Session;

extern "C" {

void *rnnc_rt_gpu_alloc(size_t bytes) {
  try {
    return Session::get().allocate(bytes);
  } catch (const DeviceError &error) {
    rnnc::device::fail(error);
  }
}

void *rnnc_rt_gpu_aligned_alloc(size_t alignment, size_t bytes) {
  // Mappings are aligned to at least 64 bytes (minMemoryMapAlignment) and
  // buffers start at their allocation: enough for any memref alignment.
  (void)alignment;
  return rnnc_rt_gpu_alloc(bytes);
}

void rnnc_rt_gpu_free(void *buffer) {
  if (!buffer || Session::ended)
    return;
  try {
    Session::get().release(buffer);
  } catch (const DeviceError &error) {
    rnnc::device::fail(error);
  }
}

void rnnc_rt_gpu_launch(int32_t kernel, int64_t groupsX, int64_t groupsY,
                        int64_t groupsZ, const int64_t *buffers,
                        int32_t bufferCount, const int32_t *params,
                        int32_t paramCount) {
  try {
    uint32_t groups[3] = {uint32_t(groupsX), uint32_t(groupsY),
                          uint32_t(groupsZ)};
    Session::get().launch(kernel, groups, buffers, bufferCount, params,
                          paramCount);
  } catch (const DeviceError &error) {
    rnnc::device::fail(error);
  }
}

void rnnc_rt_gpu_sync(void) {
  try {
    Session::get().sync();
  } catch (const DeviceError &error) {
    rnnc::device::fail(error);
  }
}

void rnnc_rt_gpu_begin_call(const char *name, const void *binary,
                            int64_t bytes, const char *kernels) {
  Session::get().beginCall(name, {binary, bytes, kernels});
}

void rnnc_rt_gpu_end_call(void) {
  try {
    Session::get().endCall();
  } catch (const DeviceError &error) {
    rnnc::device::fail(error);
  }
}

int rnnc_rt_gpu_owns(const void *buffer) {
  return !Session::ended && Session::get().owns(buffer);
}

void rnnc_rt_gpu_select_device(int32_t index) {
  try {
    Session::get().selectDevice(index);
  } catch (const DeviceError &error) {
    rnnc::device::fail(error);
  }
}

const char *rnnc_rt_gpu_describe(void) {
  static std::string text;
  try {
    text = Session::get().describe();
  } catch (const DeviceError &error) {
    rnnc::device::fail(error);
  }
  return text.c_str();
}

} // extern "C"
