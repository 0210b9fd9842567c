//===- VulkanFunctions.h - the Vulkan entry points, loaded at run time ----===//
//
// Executables do not link libvulkan: the loader is opened with dlopen when
// a device is first asked for, so a machine without it gets a one-line
// error instead of a loader failure before main(). Each function the
// device runtime calls is listed once here, by level (global, instance,
// device), and becomes a member of VulkanFunctions.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DEVICE_VULKANFUNCTIONS_H
#define RNNC_DEVICE_VULKANFUNCTIONS_H

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#define RNNC_VK_GLOBAL_FUNCTIONS(X)                                            \
  X(vkCreateInstance)                                                          \
  X(vkEnumerateInstanceVersion)

#define RNNC_VK_INSTANCE_FUNCTIONS(X)                                          \
  X(vkDestroyInstance)                                                         \
  X(vkEnumeratePhysicalDevices)                                                \
  X(vkGetPhysicalDeviceProperties)                                             \
  X(vkGetPhysicalDeviceFeatures)                                               \
  X(vkGetPhysicalDeviceMemoryProperties)                                       \
  X(vkGetPhysicalDeviceQueueFamilyProperties)                                  \
  X(vkCreateDevice)                                                            \
  X(vkGetDeviceProcAddr)

#define RNNC_VK_DEVICE_FUNCTIONS(X)                                            \
  X(vkDestroyDevice)                                                           \
  X(vkGetDeviceQueue)                                                          \
  X(vkDeviceWaitIdle)                                                          \
  X(vkCreateBuffer)                                                            \
  X(vkDestroyBuffer)                                                           \
  X(vkGetBufferMemoryRequirements)                                             \
  X(vkAllocateMemory)                                                          \
  X(vkFreeMemory)                                                              \
  X(vkBindBufferMemory)                                                        \
  X(vkMapMemory)                                                               \
  X(vkUnmapMemory)                                                             \
  X(vkCreateShaderModule)                                                      \
  X(vkDestroyShaderModule)                                                     \
  X(vkCreateDescriptorSetLayout)                                               \
  X(vkDestroyDescriptorSetLayout)                                              \
  X(vkCreatePipelineLayout)                                                    \
  X(vkDestroyPipelineLayout)                                                   \
  X(vkCreateComputePipelines)                                                  \
  X(vkDestroyPipeline)                                                         \
  X(vkCreateDescriptorPool)                                                    \
  X(vkDestroyDescriptorPool)                                                   \
  X(vkAllocateDescriptorSets)                                                  \
  X(vkUpdateDescriptorSets)                                                    \
  X(vkCreateCommandPool)                                                       \
  X(vkDestroyCommandPool)                                                      \
  X(vkAllocateCommandBuffers)                                                  \
  X(vkFreeCommandBuffers)                                                      \
  X(vkBeginCommandBuffer)                                                      \
  X(vkEndCommandBuffer)                                                        \
  X(vkCmdBindPipeline)                                                         \
  X(vkCmdBindDescriptorSets)                                                   \
  X(vkCmdDispatch)                                                             \
  X(vkCmdPipelineBarrier)                                                      \
  X(vkCmdCopyBuffer)                                                           \
  X(vkCmdFillBuffer)                                                           \
  X(vkQueueSubmit)                                                             \
  X(vkCreateFence)                                                             \
  X(vkDestroyFence)                                                            \
  X(vkWaitForFences)                                                           \
  X(vkResetFences)

namespace rnnc::device {

struct VulkanFunctions {
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
#define RNNC_VK_MEMBER(name) PFN_##name name = nullptr;
  RNNC_VK_GLOBAL_FUNCTIONS(RNNC_VK_MEMBER)
  RNNC_VK_INSTANCE_FUNCTIONS(RNNC_VK_MEMBER)
  RNNC_VK_DEVICE_FUNCTIONS(RNNC_VK_MEMBER)
#undef RNNC_VK_MEMBER
};

/// The loader's global functions; throws DeviceError when libvulkan.so.1
/// cannot be opened. The library stays loaded for the process.
VulkanFunctions loadVulkanLoader();
/// Fills the instance-level functions.
void loadInstanceFunctions(VulkanFunctions &vk, VkInstance instance);
/// Fills the device-level functions.
void loadDeviceFunctions(VulkanFunctions &vk, VkDevice device);

/// "VK_ERROR_OUT_OF_DEVICE_MEMORY" and the like, for messages.
const char *resultName(VkResult result);

} // namespace rnnc::device

#endif // RNNC_DEVICE_VULKANFUNCTIONS_H
