//===- DeviceCommon.cpp - what every Device implementation shares ---------===//
//
// The texts of device messages (Device.h), the same for every API.
//
//===----------------------------------------------------------------------===//

#include "rnnc/device/Device.h"

#include <cstdio>

namespace rnnc::device {

std::string mebibytes(uint64_t bytes) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f MiB", bytes / 1048576.0);
  return text;
}

std::string describeDevices(const std::vector<DeviceInfo> &devices) {
  std::string text;
  for (const DeviceInfo &device : devices) {
    if (!text.empty())
      text += "; ";
    text += std::to_string(device.index) + ": " + device.name;
  }
  return text;
}

} // namespace rnnc::device
