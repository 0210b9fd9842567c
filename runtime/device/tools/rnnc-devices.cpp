//===- rnnc-devices.cpp - the compute devices this machine offers ---------===//
//
// Lists the Vulkan devices a `--target=vulkan` model can pick with
// `--device N`, one a line: number, name, API version, memory, whether f64
// kernels run. Exits 1 with one line when there is no loader or device
// (the lit suite asks it whether a device is there).
//
//===----------------------------------------------------------------------===//

#include "rnnc/device/Device.h"

#include <cstdio>

int main() {
  try {
    for (const rnnc::device::DeviceInfo &device : rnnc::device::listDevices())
      std::printf("%d: %s (%s, %.1f GiB%s%s)\n", device.index,
                  device.name.c_str(), device.api.c_str(),
                  device.memoryBytes / 1073741824.0,
                  device.float64 ? ", f64" : "",
                  device.software ? ", software" : "");
  } catch (const rnnc::device::DeviceError &error) {
    std::fprintf(stderr, "rnnc-devices: %s\n", error.what());
    return 1;
  }
  return 0;
}
