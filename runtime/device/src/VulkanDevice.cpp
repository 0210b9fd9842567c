//===- VulkanDevice.cpp - Device over Vulkan compute ----------------------===//
//
// One instance, one logical device with one compute queue. Buffers are
// storage buffers in device-local memory, one allocation each; where that
// memory is also host-visible (integrated GPUs, lavapipe) transfers map it,
// elsewhere they go through a staging buffer. A kernel is a compute
// pipeline made once per (binary, entry point) with a descriptor-set
// layout of its storage buffers. A command list owns a command buffer, the
// descriptor sets of its dispatches and a host-visible block holding their
// scalar parameters, so submitting it again records nothing. Between two
// commands of a list there is one memory barrier (compute and transfer
// writes before compute and transfer reads and writes).
//
//===----------------------------------------------------------------------===//

#include "VulkanFunctions.h"

#include "rnnc/device/Device.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <string>

namespace rnnc::device {
namespace {

void check(VkResult result, const char *what) {
  if (result != VK_SUCCESS)
    throw DeviceError(std::string("Vulkan: ") + what + " failed (" +
                      resultName(result) + ")");
}

/// A buffer's size in Vulkan: whole 32-bit words (fills write words), at
/// least one.
uint64_t wordBytes(uint64_t bytes) {
  return std::max<uint64_t>((bytes + 3) / 4 * 4, 4);
}

/// An instance with the loader's functions; destroyed with it.
struct Instance {
  VulkanFunctions vk;
  VkInstance handle = VK_NULL_HANDLE;

  Instance() : vk(loadVulkanLoader()) {
    uint32_t version = VK_API_VERSION_1_1;
    if (vk.vkEnumerateInstanceVersion)
      vk.vkEnumerateInstanceVersion(&version);
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "rnnc";
    app.apiVersion = std::min<uint32_t>(version, VK_API_VERSION_1_3);
    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pApplicationInfo = &app;
    VkResult result = vk.vkCreateInstance(&info, nullptr, &handle);
    if (result == VK_ERROR_INCOMPATIBLE_DRIVER)
      throw DeviceError("no Vulkan device: the loader found no driver "
                        "(install one, e.g. Debian's mesa-vulkan-drivers, or "
                        "point VK_ICD_FILENAMES at one)");
    check(result, "vkCreateInstance");
    loadInstanceFunctions(vk, handle);
  }
  ~Instance() {
    if (handle)
      vk.vkDestroyInstance(handle, nullptr);
  }
  Instance(const Instance &) = delete;
  Instance &operator=(const Instance &) = delete;

  std::vector<VkPhysicalDevice> physicalDevices() const {
    uint32_t count = 0;
    check(vk.vkEnumeratePhysicalDevices(handle, &count, nullptr),
          "vkEnumeratePhysicalDevices");
    std::vector<VkPhysicalDevice> devices(count);
    check(vk.vkEnumeratePhysicalDevices(handle, &count, devices.data()),
          "vkEnumeratePhysicalDevices");
    devices.resize(count);
    if (devices.empty())
      throw DeviceError("no Vulkan device: the loader found none (install a "
                        "driver, e.g. Debian's mesa-vulkan-drivers)");
    return devices;
  }

  DeviceInfo describe(VkPhysicalDevice device, int index) const {
    VkPhysicalDeviceProperties properties;
    vk.vkGetPhysicalDeviceProperties(device, &properties);
    VkPhysicalDeviceFeatures features;
    vk.vkGetPhysicalDeviceFeatures(device, &features);
    VkPhysicalDeviceMemoryProperties memory;
    vk.vkGetPhysicalDeviceMemoryProperties(device, &memory);
    DeviceInfo info;
    info.index = index;
    info.target = "vulkan";
    info.name = properties.deviceName;
    info.api = "Vulkan " + std::to_string(VK_API_VERSION_MAJOR(
                               properties.apiVersion)) +
               "." + std::to_string(VK_API_VERSION_MINOR(properties.apiVersion)) +
               "." + std::to_string(VK_API_VERSION_PATCH(properties.apiVersion));
    for (uint32_t h = 0; h < memory.memoryHeapCount; ++h)
      if (memory.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
        info.memoryBytes = std::max<uint64_t>(info.memoryBytes,
                                              memory.memoryHeaps[h].size);
    info.maxBufferBytes = properties.limits.maxStorageBufferRange;
    info.float64 = features.shaderFloat64;
    info.software = properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
    return info;
  }
};

struct Buffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  uint64_t bytes = 0;
  void *mapped = nullptr; // where device memory is host-visible
};

struct Kernel {
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline pipeline = VK_NULL_HANDLE;
  uint32_t bindings = 0;
  bool params = false;
};

class VulkanDevice;

class VulkanCommandList final : public CommandList {
public:
  explicit VulkanCommandList(VulkanDevice &device);
  ~VulkanCommandList() override;
  void dispatch(const Dispatch &dispatch) override;
  void copy(BufferId from, uint64_t fromOffset, BufferId to, uint64_t toOffset,
            uint64_t bytes) override;
  void fill(BufferId buffer, uint64_t offset, uint64_t bytes,
            uint32_t word) override;
  void finish() override;
  size_t commandCount() const override { return commands_; }

  VkCommandBuffer commandBuffer() const { return commandBuffer_; }
  bool finished() const { return finished_; }
  Submission lastSubmission = 0;

private:
  void barrier();
  VkDescriptorSet allocateSet(VkDescriptorSetLayout layout);
  /// Where this dispatch's parameters go: a buffer and an offset in it.
  std::pair<VkBuffer, uint64_t> storeParams(const std::vector<int32_t> &params);

  VulkanDevice &device_;
  VkCommandBuffer commandBuffer_ = VK_NULL_HANDLE;
  std::vector<VkDescriptorPool> pools_;
  uint32_t setsLeft_ = 0;
  std::vector<Buffer> paramBlocks_;
  uint64_t paramUsed_ = 0;
  size_t commands_ = 0;
  bool finished_ = false;
};

class VulkanDevice final : public Device {
public:
  explicit VulkanDevice(int index);
  ~VulkanDevice() override;

  const DeviceInfo &info() const override { return info_; }
  BufferId allocate(uint64_t bytes, std::string_view what,
                    Memory memory) override;
  void *mapping(BufferId buffer) const override {
    return buffer_(buffer).mapped;
  }
  void release(BufferId buffer) override;
  uint64_t size(BufferId buffer) const override {
    return buffer_(buffer).bytes;
  }
  void upload(BufferId buffer, uint64_t offset, const void *data,
              uint64_t bytes) override;
  void download(BufferId buffer, uint64_t offset, void *data,
                uint64_t bytes) override;
  std::vector<KernelId>
  loadKernels(const void *binary, size_t bytes,
              const std::vector<KernelDesc> &kernels) override;
  std::unique_ptr<CommandList> record() override {
    return std::make_unique<VulkanCommandList>(*this);
  }
  Submission submit(CommandList &list) override;
  void wait(Submission submission) override;
  void synchronize() override { wait(nextSubmission_ - 1); }
  DeviceStats stats() const override { return stats_; }

  // For the command lists.
  const VulkanFunctions &vk() const { return instance_.vk; }
  VkDevice handle() const { return device_; }
  VkCommandPool commandPool() const { return commandPool_; }
  const Buffer &buffer_(BufferId id) const;
  const Kernel &kernel(KernelId id) const;
  /// A host-visible, coherent buffer (parameter blocks, staging).
  Buffer makeBuffer(uint64_t bytes, bool hostVisible, std::string_view what);
  void destroyBuffer(Buffer &buffer);

private:
  uint32_t memoryType(uint32_t allowed, VkMemoryPropertyFlags wanted) const;
  /// Runs a one-off copy between two buffers and waits for it.
  void copyNow(VkBuffer from, uint64_t fromOffset, VkBuffer to,
               uint64_t toOffset, uint64_t bytes);
  Buffer &staging(uint64_t bytes);

  Instance instance_;
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkPhysicalDeviceMemoryProperties memory_{};
  DeviceInfo info_;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  VkCommandPool commandPool_ = VK_NULL_HANDLE;
  std::vector<Buffer> buffers_; // index = BufferId - 1; released: no buffer
  std::vector<BufferId> freeIds_;
  std::vector<Kernel> kernels_;
  std::map<std::pair<size_t, std::string>, KernelId> kernelCache_;
  std::map<size_t, VkShaderModule> modules_;
  Buffer staging_;
  Submission nextSubmission_ = 1;
  std::vector<std::pair<Submission, VkFence>> pending_;
  std::vector<VkFence> idleFences_;
  DeviceStats stats_;
};

VulkanDevice::VulkanDevice(int index) {
  std::vector<VkPhysicalDevice> devices = instance_.physicalDevices();
  if (index < 0 || size_t(index) >= devices.size()) {
    std::vector<DeviceInfo> all;
    for (size_t i = 0; i < devices.size(); ++i)
      all.push_back(instance_.describe(devices[i], int(i)));
    throw DeviceError("no Vulkan device " + std::to_string(index) +
                      ": the devices are " + describeDevices(all));
  }
  physical_ = devices[index];
  info_ = instance_.describe(physical_, index);
  const VulkanFunctions &vk = instance_.vk;
  vk.vkGetPhysicalDeviceMemoryProperties(physical_, &memory_);

  uint32_t familyCount = 0;
  vk.vkGetPhysicalDeviceQueueFamilyProperties(physical_, &familyCount, nullptr);
  std::vector<VkQueueFamilyProperties> families(familyCount);
  vk.vkGetPhysicalDeviceQueueFamilyProperties(physical_, &familyCount,
                                              families.data());
  uint32_t family = familyCount;
  for (uint32_t f = 0; f < familyCount; ++f)
    if (families[f].queueFlags & VK_QUEUE_COMPUTE_BIT) {
      family = f;
      break;
    }
  if (family == familyCount)
    throw DeviceError(info_.name + " has no compute queue");

  float priority = 1.0f;
  VkDeviceQueueCreateInfo queueInfo{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  queueInfo.queueFamilyIndex = family;
  queueInfo.queueCount = 1;
  queueInfo.pQueuePriorities = &priority;
  // The kernels' SPIR-V may use 64-bit floats (f64 builds), 64-bit
  // integers (a captured i64 such as the training-step counter of dropout's
  // masks) and 16-bit integers: enable what the device has.
  VkPhysicalDeviceFeatures supported{};
  vk.vkGetPhysicalDeviceFeatures(physical_, &supported);
  VkPhysicalDeviceFeatures features{};
  features.shaderFloat64 = supported.shaderFloat64;
  features.shaderInt64 = supported.shaderInt64;
  features.shaderInt16 = supported.shaderInt16;
  VkDeviceCreateInfo deviceInfo{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  deviceInfo.queueCreateInfoCount = 1;
  deviceInfo.pQueueCreateInfos = &queueInfo;
  deviceInfo.pEnabledFeatures = &features;
  check(vk.vkCreateDevice(physical_, &deviceInfo, nullptr, &device_),
        "vkCreateDevice");
  loadDeviceFunctions(instance_.vk, device_);
  vk.vkGetDeviceQueue(device_, family, 0, &queue_);

  VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  poolInfo.queueFamilyIndex = family;
  poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  check(vk.vkCreateCommandPool(device_, &poolInfo, nullptr, &commandPool_),
        "vkCreateCommandPool");
}

VulkanDevice::~VulkanDevice() {
  const VulkanFunctions &vk = instance_.vk;
  vk.vkDeviceWaitIdle(device_);
  for (auto &[ticket, fence] : pending_)
    vk.vkDestroyFence(device_, fence, nullptr);
  for (VkFence fence : idleFences_)
    vk.vkDestroyFence(device_, fence, nullptr);
  for (Buffer &buffer : buffers_)
    destroyBuffer(buffer);
  destroyBuffer(staging_);
  for (Kernel &kernel : kernels_) {
    vk.vkDestroyPipeline(device_, kernel.pipeline, nullptr);
    vk.vkDestroyPipelineLayout(device_, kernel.layout, nullptr);
    vk.vkDestroyDescriptorSetLayout(device_, kernel.setLayout, nullptr);
  }
  for (auto &[hash, module] : modules_)
    vk.vkDestroyShaderModule(device_, module, nullptr);
  vk.vkDestroyCommandPool(device_, commandPool_, nullptr);
  vk.vkDestroyDevice(device_, nullptr);
}

uint32_t VulkanDevice::memoryType(uint32_t allowed,
                                  VkMemoryPropertyFlags wanted) const {
  for (uint32_t t = 0; t < memory_.memoryTypeCount; ++t)
    if ((allowed & (1u << t)) &&
        (memory_.memoryTypes[t].propertyFlags & wanted) == wanted)
      return t;
  return memory_.memoryTypeCount;
}

Buffer VulkanDevice::makeBuffer(uint64_t bytes, bool hostVisible,
                                std::string_view what) {
  const VulkanFunctions &vk = instance_.vk;
  Buffer buffer;
  buffer.bytes = bytes;
  VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  info.size = wordBytes(bytes);
  info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
               VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
               VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  check(vk.vkCreateBuffer(device_, &info, nullptr, &buffer.buffer),
        "vkCreateBuffer");
  VkMemoryRequirements needs;
  vk.vkGetBufferMemoryRequirements(device_, buffer.buffer, &needs);
  const VkMemoryPropertyFlags host = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                     VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  uint32_t type = memory_.memoryTypeCount;
  if (hostVisible) {
    type = memoryType(needs.memoryTypeBits, host);
  } else {
    // Device-local and host-visible (UMA) first: transfers then map it.
    type = memoryType(needs.memoryTypeBits,
                      host | VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    if (type == memory_.memoryTypeCount)
      type = memoryType(needs.memoryTypeBits,
                        VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
  }
  if (type == memory_.memoryTypeCount) {
    vk.vkDestroyBuffer(device_, buffer.buffer, nullptr);
    throw DeviceError(info_.name + " has no memory type for " +
                      std::string(what));
  }
  VkMemoryAllocateInfo allocation{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  allocation.allocationSize = needs.size;
  allocation.memoryTypeIndex = type;
  VkResult result =
      vk.vkAllocateMemory(device_, &allocation, nullptr, &buffer.memory);
  if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY ||
      result == VK_ERROR_OUT_OF_HOST_MEMORY) {
    vk.vkDestroyBuffer(device_, buffer.buffer, nullptr);
    throw DeviceError("out of device memory: " + std::string(what) + " (" +
                      mebibytes(bytes) + ") does not fit on " + info_.name +
                      " (" + mebibytes(stats_.bytesAllocated) + " in use)");
  }
  check(result, "vkAllocateMemory");
  check(vk.vkBindBufferMemory(device_, buffer.buffer, buffer.memory, 0),
        "vkBindBufferMemory");
  if (memory_.memoryTypes[type].propertyFlags &
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)
    check(vk.vkMapMemory(device_, buffer.memory, 0, VK_WHOLE_SIZE, 0,
                         &buffer.mapped),
          "vkMapMemory");
  return buffer;
}

void VulkanDevice::destroyBuffer(Buffer &buffer) {
  const VulkanFunctions &vk = instance_.vk;
  if (buffer.buffer)
    vk.vkDestroyBuffer(device_, buffer.buffer, nullptr);
  if (buffer.memory)
    vk.vkFreeMemory(device_, buffer.memory, nullptr);
  buffer = Buffer();
}

BufferId VulkanDevice::allocate(uint64_t bytes, std::string_view what,
                                Memory memory) {
  if (bytes > info_.maxBufferBytes)
    throw DeviceError("out of device memory: " + std::string(what) + " (" +
                      mebibytes(bytes) + ") exceeds the largest buffer " +
                      info_.name + " addresses (" +
                      mebibytes(info_.maxBufferBytes) + ")");
  if (stats_.bytesAllocated + bytes > info_.memoryBytes)
    throw DeviceError("out of device memory: " + std::string(what) + " (" +
                      mebibytes(bytes) + ") does not fit on " + info_.name +
                      " (" + mebibytes(stats_.bytesAllocated) + " of " +
                      mebibytes(info_.memoryBytes) + " in use)");
  Buffer buffer =
      makeBuffer(bytes, /*hostVisible=*/memory == Memory::HostVisible, what);
  BufferId id;
  if (!freeIds_.empty()) {
    id = freeIds_.back();
    freeIds_.pop_back();
    buffers_[id - 1] = buffer;
  } else {
    buffers_.push_back(buffer);
    id = BufferId(buffers_.size());
  }
  stats_.bytesAllocated += bytes;
  stats_.peakBytesAllocated =
      std::max(stats_.peakBytesAllocated, stats_.bytesAllocated);
  // Zeroed, as the interface promises (a fill on the queue).
  if (bytes) {
    std::unique_ptr<CommandList> list = record();
    list->fill(id, 0, wordBytes(bytes), 0);
    list->finish();
    wait(submit(*list));
  }
  return id;
}

void VulkanDevice::release(BufferId id) {
  synchronize();
  Buffer &buffer = const_cast<Buffer &>(buffer_(id));
  stats_.bytesAllocated -= buffer.bytes;
  destroyBuffer(buffer);
  freeIds_.push_back(id);
}

const Buffer &VulkanDevice::buffer_(BufferId id) const {
  if (id == 0 || id > buffers_.size() || !buffers_[id - 1].buffer)
    throw DeviceError("device buffer " + std::to_string(id) +
                      " does not exist");
  return buffers_[id - 1];
}

const Kernel &VulkanDevice::kernel(KernelId id) const {
  if (id >= kernels_.size())
    throw DeviceError("kernel " + std::to_string(id) + " was never loaded");
  return kernels_[id];
}

Buffer &VulkanDevice::staging(uint64_t bytes) {
  if (staging_.bytes < bytes) {
    destroyBuffer(staging_);
    staging_ = makeBuffer(std::max<uint64_t>(bytes, 1 << 20),
                          /*hostVisible=*/true, "a staging buffer");
  }
  return staging_;
}

void VulkanDevice::copyNow(VkBuffer from, uint64_t fromOffset, VkBuffer to,
                           uint64_t toOffset, uint64_t bytes) {
  const VulkanFunctions &vk = instance_.vk;
  VkCommandBufferAllocateInfo info{
      VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  info.commandPool = commandPool_;
  info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  info.commandBufferCount = 1;
  VkCommandBuffer commands;
  check(vk.vkAllocateCommandBuffers(device_, &info, &commands),
        "vkAllocateCommandBuffers");
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  vk.vkBeginCommandBuffer(commands, &begin);
  VkBufferCopy region{fromOffset, toOffset, bytes};
  vk.vkCmdCopyBuffer(commands, from, to, 1, &region);
  vk.vkEndCommandBuffer(commands);
  VkSubmitInfo submitInfo{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  submitInfo.commandBufferCount = 1;
  submitInfo.pCommandBuffers = &commands;
  VkFenceCreateInfo fenceInfo{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  VkFence fence;
  check(vk.vkCreateFence(device_, &fenceInfo, nullptr, &fence),
        "vkCreateFence");
  check(vk.vkQueueSubmit(queue_, 1, &submitInfo, fence), "vkQueueSubmit");
  check(vk.vkWaitForFences(device_, 1, &fence, VK_TRUE, UINT64_MAX),
        "vkWaitForFences");
  vk.vkDestroyFence(device_, fence, nullptr);
  vk.vkFreeCommandBuffers(device_, commandPool_, 1, &commands);
}

static void checkRange(const Buffer &buffer, uint64_t offset, uint64_t bytes,
                       const char *what) {
  if (offset > buffer.bytes || bytes > buffer.bytes - offset)
    throw DeviceError(std::string(what) + " of " + std::to_string(bytes) +
                      " bytes at offset " + std::to_string(offset) +
                      " overruns a device buffer of " +
                      std::to_string(buffer.bytes));
}

void VulkanDevice::upload(BufferId id, uint64_t offset, const void *data,
                          uint64_t bytes) {
  const Buffer &buffer = buffer_(id);
  checkRange(buffer, offset, bytes, "an upload");
  synchronize();
  if (buffer.mapped) {
    std::memcpy(static_cast<char *>(buffer.mapped) + offset, data, bytes);
    return;
  }
  Buffer &stage = staging(bytes);
  std::memcpy(stage.mapped, data, bytes);
  copyNow(stage.buffer, 0, buffer.buffer, offset, bytes);
}

void VulkanDevice::download(BufferId id, uint64_t offset, void *data,
                            uint64_t bytes) {
  const Buffer &buffer = buffer_(id);
  checkRange(buffer, offset, bytes, "a download");
  synchronize();
  if (buffer.mapped) {
    std::memcpy(data, static_cast<const char *>(buffer.mapped) + offset,
                bytes);
    return;
  }
  Buffer &stage = staging(bytes);
  copyNow(buffer.buffer, offset, stage.buffer, 0, bytes);
  std::memcpy(data, stage.mapped, bytes);
}

std::vector<KernelId>
VulkanDevice::loadKernels(const void *binary, size_t bytes,
                          const std::vector<KernelDesc> &kernels) {
  const VulkanFunctions &vk = instance_.vk;
  if (bytes % 4 != 0 || bytes < 20 ||
      *static_cast<const uint32_t *>(binary) != 0x07230203u)
    throw DeviceError("not a SPIR-V module (" + std::to_string(bytes) +
                      " bytes without the SPIR-V magic number)");
  size_t hash = std::hash<std::string_view>()(
      std::string_view(static_cast<const char *>(binary), bytes));
  auto module = modules_.find(hash);
  if (module == modules_.end()) {
    VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    info.codeSize = bytes;
    info.pCode = static_cast<const uint32_t *>(binary);
    VkShaderModule handle;
    check(vk.vkCreateShaderModule(device_, &info, nullptr, &handle),
          "vkCreateShaderModule");
    module = modules_.emplace(hash, handle).first;
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
    kernel.bindings = desc.buffers + (desc.params ? 1 : 0);
    kernel.params = desc.params;
    std::vector<VkDescriptorSetLayoutBinding> bindings(kernel.bindings);
    for (uint32_t b = 0; b < kernel.bindings; ++b) {
      bindings[b].binding = b;
      bindings[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      bindings[b].descriptorCount = 1;
      bindings[b].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo setInfo{
        VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    setInfo.bindingCount = kernel.bindings;
    setInfo.pBindings = bindings.data();
    check(vk.vkCreateDescriptorSetLayout(device_, &setInfo, nullptr,
                                         &kernel.setLayout),
          "vkCreateDescriptorSetLayout");
    VkPipelineLayoutCreateInfo layoutInfo{
        VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    layoutInfo.setLayoutCount = 1;
    layoutInfo.pSetLayouts = &kernel.setLayout;
    check(vk.vkCreatePipelineLayout(device_, &layoutInfo, nullptr,
                                    &kernel.layout),
          "vkCreatePipelineLayout");
    VkComputePipelineCreateInfo pipelineInfo{
        VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    pipelineInfo.stage.sType =
        VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    pipelineInfo.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    pipelineInfo.stage.module = module->second;
    pipelineInfo.stage.pName = desc.entry.c_str();
    pipelineInfo.layout = kernel.layout;
    VkResult result = vk.vkCreateComputePipelines(
        device_, VK_NULL_HANDLE, 1, &pipelineInfo, nullptr, &kernel.pipeline);
    if (result != VK_SUCCESS) {
      vk.vkDestroyPipelineLayout(device_, kernel.layout, nullptr);
      vk.vkDestroyDescriptorSetLayout(device_, kernel.setLayout, nullptr);
      throw DeviceError(info_.name + " refused kernel '" + desc.entry +
                        "' (" + resultName(result) + ")");
    }
    KernelId id = KernelId(kernels_.size());
    kernels_.push_back(kernel);
    kernelCache_[{hash, desc.entry}] = id;
    ids.push_back(id);
    ++stats_.pipelinesCreated;
  }
  return ids;
}

Submission VulkanDevice::submit(CommandList &generic) {
  auto &list = static_cast<VulkanCommandList &>(generic);
  if (!list.finished())
    throw DeviceError("a command list was submitted before finish()");
  // A command buffer runs once at a time: wait for its last submission.
  if (list.lastSubmission)
    wait(list.lastSubmission);
  const VulkanFunctions &vk = instance_.vk;
  VkFence fence;
  if (!idleFences_.empty()) {
    fence = idleFences_.back();
    idleFences_.pop_back();
    check(vk.vkResetFences(device_, 1, &fence), "vkResetFences");
  } else {
    VkFenceCreateInfo info{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    check(vk.vkCreateFence(device_, &info, nullptr, &fence), "vkCreateFence");
  }
  VkCommandBuffer commands = list.commandBuffer();
  VkSubmitInfo info{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  info.commandBufferCount = 1;
  info.pCommandBuffers = &commands;
  check(vk.vkQueueSubmit(queue_, 1, &info, fence), "vkQueueSubmit");
  Submission ticket = nextSubmission_++;
  pending_.push_back({ticket, fence});
  list.lastSubmission = ticket;
  ++stats_.submissions;
  return ticket;
}

void VulkanDevice::wait(Submission submission) {
  // A fence signalled by a submission covers every earlier submission on
  // the queue: wait for the last one at or before `submission`.
  VkFence last = VK_NULL_HANDLE;
  for (auto &[ticket, fence] : pending_)
    if (ticket <= submission)
      last = fence;
  if (!last)
    return;
  const VulkanFunctions &vk = instance_.vk;
  VkResult result = vk.vkWaitForFences(device_, 1, &last, VK_TRUE, UINT64_MAX);
  if (result == VK_ERROR_DEVICE_LOST)
    throw DeviceError(info_.name + " was lost while running kernels");
  check(result, "vkWaitForFences");
  auto done = std::stable_partition(
      pending_.begin(), pending_.end(),
      [&](const auto &entry) { return entry.first > submission; });
  for (auto it = done; it != pending_.end(); ++it)
    idleFences_.push_back(it->second);
  pending_.erase(done, pending_.end());
}

VulkanCommandList::VulkanCommandList(VulkanDevice &device) : device_(device) {
  const VulkanFunctions &vk = device.vk();
  VkCommandBufferAllocateInfo info{
      VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  info.commandPool = device.commandPool();
  info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  info.commandBufferCount = 1;
  check(vk.vkAllocateCommandBuffers(device.handle(), &info, &commandBuffer_),
        "vkAllocateCommandBuffers");
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  check(vk.vkBeginCommandBuffer(commandBuffer_, &begin),
        "vkBeginCommandBuffer");
}

VulkanCommandList::~VulkanCommandList() {
  const VulkanFunctions &vk = device_.vk();
  if (lastSubmission)
    device_.wait(lastSubmission);
  vk.vkFreeCommandBuffers(device_.handle(), device_.commandPool(), 1,
                          &commandBuffer_);
  for (VkDescriptorPool pool : pools_)
    vk.vkDestroyDescriptorPool(device_.handle(), pool, nullptr);
  for (Buffer &block : paramBlocks_)
    device_.destroyBuffer(block);
}

void VulkanCommandList::barrier() {
  if (commands_ == 0)
    return;
  VkMemoryBarrier memory{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  memory.srcAccessMask =
      VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  memory.dstAccessMask =
      VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
      VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  VkPipelineStageFlags stages =
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
  device_.vk().vkCmdPipelineBarrier(commandBuffer_, stages, stages, 0, 1,
                                    &memory, 0, nullptr, 0, nullptr);
}

VkDescriptorSet VulkanCommandList::allocateSet(VkDescriptorSetLayout layout) {
  const VulkanFunctions &vk = device_.vk();
  constexpr uint32_t kSetsPerPool = 256, kBindingsPerSet = 16;
  if (setsLeft_ == 0) {
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                              kSetsPerPool * kBindingsPerSet};
    VkDescriptorPoolCreateInfo info{
        VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    info.maxSets = kSetsPerPool;
    info.poolSizeCount = 1;
    info.pPoolSizes = &size;
    VkDescriptorPool pool;
    check(vk.vkCreateDescriptorPool(device_.handle(), &info, nullptr, &pool),
          "vkCreateDescriptorPool");
    pools_.push_back(pool);
    setsLeft_ = kSetsPerPool;
  }
  VkDescriptorSetAllocateInfo info{
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
  info.descriptorPool = pools_.back();
  info.descriptorSetCount = 1;
  info.pSetLayouts = &layout;
  VkDescriptorSet set;
  VkResult result = vk.vkAllocateDescriptorSets(device_.handle(), &info, &set);
  if (result == VK_ERROR_OUT_OF_POOL_MEMORY ||
      result == VK_ERROR_FRAGMENTED_POOL) {
    setsLeft_ = 0;
    return allocateSet(layout);
  }
  check(result, "vkAllocateDescriptorSets");
  --setsLeft_;
  return set;
}

std::pair<VkBuffer, uint64_t>
VulkanCommandList::storeParams(const std::vector<int32_t> &params) {
  // Each dispatch's parameters at an offset aligned for any storage-buffer
  // binding (256 bytes is the largest minStorageBufferOffsetAlignment).
  constexpr uint64_t kAlign = 256, kBlock = 64 * 1024;
  uint64_t bytes = std::max<uint64_t>(params.size() * sizeof(int32_t), 4);
  uint64_t slot = (bytes + kAlign - 1) / kAlign * kAlign;
  if (paramBlocks_.empty() || paramUsed_ + slot > paramBlocks_.back().bytes) {
    paramBlocks_.push_back(device_.makeBuffer(std::max(kBlock, slot),
                                              /*hostVisible=*/true,
                                              "kernel parameters"));
    paramUsed_ = 0;
  }
  Buffer &block = paramBlocks_.back();
  uint64_t offset = paramUsed_;
  std::memcpy(static_cast<char *>(block.mapped) + offset, params.data(),
              params.size() * sizeof(int32_t));
  paramUsed_ += slot;
  return {block.buffer, offset};
}

void VulkanCommandList::dispatch(const Dispatch &dispatch) {
  if (finished_)
    throw DeviceError("a dispatch was recorded after finish()");
  const Kernel &kernel = device_.kernel(dispatch.kernel);
  uint32_t expected = kernel.bindings - (kernel.params ? 1 : 0);
  if (dispatch.buffers.size() != expected || kernel.params != !dispatch.params.empty())
    throw DeviceError("a dispatch binds " +
                      std::to_string(dispatch.buffers.size()) +
                      " buffers and " + std::to_string(dispatch.params.size()) +
                      " parameters to a kernel of " + std::to_string(expected) +
                      " buffers" + (kernel.params ? " and parameters" : ""));
  VkDescriptorSet set = allocateSet(kernel.setLayout);
  std::vector<VkDescriptorBufferInfo> infos(kernel.bindings);
  for (size_t b = 0; b < dispatch.buffers.size(); ++b)
    infos[b] = {device_.buffer_(dispatch.buffers[b].buffer).buffer, 0,
                VK_WHOLE_SIZE};
  if (kernel.params) {
    auto [buffer, offset] = storeParams(dispatch.params);
    infos.back() = {buffer, offset, dispatch.params.size() * sizeof(int32_t)};
  }
  std::vector<VkWriteDescriptorSet> writes(kernel.bindings);
  for (uint32_t b = 0; b < kernel.bindings; ++b) {
    writes[b] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    writes[b].dstSet = set;
    writes[b].dstBinding = b;
    writes[b].descriptorCount = 1;
    writes[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[b].pBufferInfo = &infos[b];
  }
  const VulkanFunctions &vk = device_.vk();
  vk.vkUpdateDescriptorSets(device_.handle(), kernel.bindings, writes.data(),
                            0, nullptr);
  barrier();
  vk.vkCmdBindPipeline(commandBuffer_, VK_PIPELINE_BIND_POINT_COMPUTE,
                       kernel.pipeline);
  vk.vkCmdBindDescriptorSets(commandBuffer_, VK_PIPELINE_BIND_POINT_COMPUTE,
                             kernel.layout, 0, 1, &set, 0, nullptr);
  vk.vkCmdDispatch(commandBuffer_, dispatch.groups[0], dispatch.groups[1],
                   dispatch.groups[2]);
  ++commands_;
}

void VulkanCommandList::copy(BufferId from, uint64_t fromOffset, BufferId to,
                             uint64_t toOffset, uint64_t bytes) {
  if (finished_)
    throw DeviceError("a copy was recorded after finish()");
  const Buffer &source = device_.buffer_(from);
  const Buffer &target = device_.buffer_(to);
  checkRange(source, fromOffset, bytes, "a copy");
  checkRange(target, toOffset, bytes, "a copy");
  barrier();
  VkBufferCopy region{fromOffset, toOffset, bytes};
  device_.vk().vkCmdCopyBuffer(commandBuffer_, source.buffer, target.buffer, 1,
                               &region);
  ++commands_;
}

void VulkanCommandList::fill(BufferId id, uint64_t offset, uint64_t bytes,
                             uint32_t word) {
  if (finished_)
    throw DeviceError("a fill was recorded after finish()");
  const Buffer &buffer = device_.buffer_(id);
  if (offset % 4 || bytes % 4)
    throw DeviceError("a fill must cover whole 32-bit words");
  if (offset > wordBytes(buffer.bytes) ||
      bytes > wordBytes(buffer.bytes) - offset)
    checkRange(buffer, offset, bytes, "a fill");
  barrier();
  device_.vk().vkCmdFillBuffer(commandBuffer_, buffer.buffer, offset, bytes,
                               word);
  ++commands_;
}

void VulkanCommandList::finish() {
  if (finished_)
    return;
  check(device_.vk().vkEndCommandBuffer(commandBuffer_), "vkEndCommandBuffer");
  finished_ = true;
}

} // namespace

std::vector<DeviceInfo> listDevices() {
  Instance instance;
  std::vector<DeviceInfo> all;
  std::vector<VkPhysicalDevice> devices = instance.physicalDevices();
  for (size_t i = 0; i < devices.size(); ++i)
    all.push_back(instance.describe(devices[i], int(i)));
  return all;
}

std::unique_ptr<Device> openDevice(int index) {
  return std::make_unique<VulkanDevice>(index);
}

} // namespace rnnc::device
