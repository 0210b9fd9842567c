//===- DeviceTestSupport.h - device tests where there is a device -*- C++ -*-===//
//
// The GoogleTests that run kernels need a Vulkan device. Where the
// project's scripts ran (scripts/test.sh names `vulkan` in
// RNNC_REQUIRE_FEATURES, after installing lavapipe) a missing device fails
// the test; elsewhere (a developer's machine without a driver) the test is
// skipped with the reason.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DEVICE_TEST_DEVICETESTSUPPORT_H
#define RNNC_DEVICE_TEST_DEVICETESTSUPPORT_H

#include "rnnc/device/Device.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

/// In a fixture's SetUp: skips or fails when no device can be listed.
#define RNNC_REQUIRE_DEVICE()                                                  \
  do {                                                                         \
    try {                                                                      \
      rnnc::device::listDevices();                                             \
    } catch (const rnnc::device::DeviceError &error) {                         \
      const char *required = std::getenv("RNNC_REQUIRE_FEATURES");             \
      if (required && std::strstr(required, "vulkan"))                         \
        FAIL() << error.what();                                                \
      GTEST_SKIP() << error.what();                                            \
    }                                                                          \
  } while (0)

#endif // RNNC_DEVICE_TEST_DEVICETESTSUPPORT_H
