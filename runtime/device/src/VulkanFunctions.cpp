//===- VulkanFunctions.cpp - opening the Vulkan loader --------------------===//
//
// See VulkanFunctions.h.
//
//===----------------------------------------------------------------------===//

#include "VulkanFunctions.h"

#include "rnnc/device/Device.h"

#include <cstdlib>
#include <dlfcn.h>
#include <string>

namespace rnnc::device {

VulkanFunctions loadVulkanLoader() {
  // RNNC_VULKAN_LOADER names another loader (a test points it at a file
  // that is not one, to see the message a machine without Vulkan gives).
  const char *path = std::getenv("RNNC_VULKAN_LOADER");
  if (!path || !*path)
    path = "libvulkan.so.1";
  // dlopen counts references: opening an open library again is cheap and
  // the library stays loaded while any device uses it.
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library)
    throw DeviceError(std::string("no Vulkan loader: cannot open ") + path +
                      " (install libvulkan1 and a driver, e.g. Debian's "
                      "mesa-vulkan-drivers)");
  VulkanFunctions vk;
  vk.vkGetInstanceProcAddr = reinterpret_cast<PFN_vkGetInstanceProcAddr>(
      dlsym(library, "vkGetInstanceProcAddr"));
  if (!vk.vkGetInstanceProcAddr)
    throw DeviceError(std::string(path) +
                      " is not a Vulkan loader (no vkGetInstanceProcAddr)");
#define RNNC_VK_LOAD(name)                                                     \
  vk.name = reinterpret_cast<PFN_##name>(                                      \
      vk.vkGetInstanceProcAddr(VK_NULL_HANDLE, #name));
  RNNC_VK_GLOBAL_FUNCTIONS(RNNC_VK_LOAD)
#undef RNNC_VK_LOAD
  if (!vk.vkCreateInstance)
    throw DeviceError(std::string(path) + " has no vkCreateInstance");
  return vk;
}

void loadInstanceFunctions(VulkanFunctions &vk, VkInstance instance) {
#define RNNC_VK_LOAD(name)                                                     \
  vk.name =                                                                    \
      reinterpret_cast<PFN_##name>(vk.vkGetInstanceProcAddr(instance, #name)); \
  if (!vk.name)                                                                \
    throw DeviceError("the Vulkan loader has no " #name);
  RNNC_VK_INSTANCE_FUNCTIONS(RNNC_VK_LOAD)
#undef RNNC_VK_LOAD
}

void loadDeviceFunctions(VulkanFunctions &vk, VkDevice device) {
#define RNNC_VK_LOAD(name)                                                     \
  vk.name = reinterpret_cast<PFN_##name>(vk.vkGetDeviceProcAddr(device, #name)); \
  if (!vk.name)                                                                \
    throw DeviceError("the Vulkan driver has no " #name);
  RNNC_VK_DEVICE_FUNCTIONS(RNNC_VK_LOAD)
#undef RNNC_VK_LOAD
}

const char *resultName(VkResult result) {
  switch (result) {
#define RNNC_VK_RESULT(name)                                                   \
  case name:                                                                   \
    return #name;
    RNNC_VK_RESULT(VK_SUCCESS)
    RNNC_VK_RESULT(VK_NOT_READY)
    RNNC_VK_RESULT(VK_TIMEOUT)
    RNNC_VK_RESULT(VK_INCOMPLETE)
    RNNC_VK_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
    RNNC_VK_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    RNNC_VK_RESULT(VK_ERROR_INITIALIZATION_FAILED)
    RNNC_VK_RESULT(VK_ERROR_DEVICE_LOST)
    RNNC_VK_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
    RNNC_VK_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
    RNNC_VK_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
    RNNC_VK_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
    RNNC_VK_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
    RNNC_VK_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
    RNNC_VK_RESULT(VK_ERROR_INVALID_SHADER_NV)
    RNNC_VK_RESULT(VK_ERROR_OUT_OF_POOL_MEMORY)
#undef RNNC_VK_RESULT
  default:
    return "VkResult error";
  }
}

} // namespace rnnc::device
