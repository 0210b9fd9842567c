//===- RuntimeTest.cpp - tests of the C ABI entry points -------------------===//

#include "rnnc/runtime/Runtime.h"

#include <gtest/gtest.h>

TEST(RuntimeAbi, ReportsTheVersionOfTheHeader) {
  EXPECT_EQ(rnnc_rt_abi_version(), RNNC_RT_ABI_VERSION);
}
