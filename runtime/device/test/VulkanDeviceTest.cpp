//===- VulkanDeviceTest.cpp - the device runtime on a Vulkan device -------===//
//
// Buffers (zeroed, round trips, offsets, out of memory), the pipeline
// cache, command lists replayed without recording again (and found again
// by their work: ReplayCache), and the error
// paths (bad SPIR-V, wrong bindings, no loader, a device out of range).
// Runs on whatever device the loader finds first: lavapipe in CI.
//
//===----------------------------------------------------------------------===//

#include "DeviceTestSupport.h"

#include "rnnc/device/ReplayCache.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <numeric>

using namespace rnnc::device;

namespace {

std::vector<char> testKernels() {
  std::ifstream in(RNNC_TEST_KERNELS, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class VulkanDeviceTest : public ::testing::Test {
protected:
  void SetUp() override {
    RNNC_REQUIRE_DEVICE();
    device = openDevice(0);
  }

  BufferId floats(const std::vector<float> &values, const char *what) {
    BufferId id = device->allocate(values.size() * sizeof(float), what);
    device->upload(id, 0, values.data(), values.size() * sizeof(float));
    return id;
  }
  std::vector<float> read(BufferId id, size_t count) {
    std::vector<float> values(count);
    device->download(id, 0, values.data(), count * sizeof(float));
    return values;
  }
  KernelId accumulate() {
    std::vector<char> spirv = testKernels();
    return device->loadKernels(spirv.data(), spirv.size(),
                               {{"accumulate", 2, true}})[0];
  }

  std::unique_ptr<Device> device;
};

TEST_F(VulkanDeviceTest, DescribesTheDevice) {
  const DeviceInfo &info = device->info();
  EXPECT_FALSE(info.name.empty());
  EXPECT_EQ(info.api.rfind("Vulkan 1.", 0), 0u) << info.api;
  EXPECT_GT(info.memoryBytes, 0u);
  EXPECT_GT(info.maxBufferBytes, 0u);
  std::vector<DeviceInfo> all = listDevices();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].name, info.name);
  EXPECT_EQ(describeDevices(all).rfind("0: " + info.name, 0), 0u);
}

TEST_F(VulkanDeviceTest, BuffersStartZeroedAndRoundTrip) {
  BufferId id = device->allocate(10 * sizeof(float), "ten floats");
  EXPECT_EQ(device->size(id), 40u);
  EXPECT_EQ(read(id, 10), std::vector<float>(10, 0.0f));
  std::vector<float> values(10);
  std::iota(values.begin(), values.end(), 1.0f);
  device->upload(id, 0, values.data(), 40);
  float four[2] = {-1, -2};
  device->upload(id, 3 * sizeof(float), four, sizeof four);
  values[3] = -1, values[4] = -2;
  EXPECT_EQ(read(id, 10), values);
  EXPECT_EQ(device->stats().bytesAllocated, 40u);
  device->release(id);
  EXPECT_EQ(device->stats().bytesAllocated, 0u);
  EXPECT_EQ(device->stats().peakBytesAllocated, 40u);
}

TEST_F(VulkanDeviceTest, AnOverrunIsAnError) {
  BufferId id = device->allocate(8, "eight bytes");
  float three[3] = {};
  EXPECT_THROW(device->upload(id, 0, three, sizeof three), DeviceError);
  EXPECT_THROW(device->download(id, 4, three, 8), DeviceError);
  EXPECT_THROW(device->size(id + 100), DeviceError);
}

TEST_F(VulkanDeviceTest, OutOfMemoryNamesWhatDidNotFit) {
  uint64_t tooMuch = device->info().memoryBytes + (uint64_t(1) << 30);
  try {
    device->allocate(tooMuch, "the activations of train_step");
    FAIL() << "allocated more than the device has";
  } catch (const DeviceError &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("out of device memory: the activations of "
                           "train_step ("),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("MiB"), std::string::npos) << message;
  }
}

TEST_F(VulkanDeviceTest, RunsAKernel) {
  KernelId kernel = accumulate();
  const int n = 1000; // not a multiple of the workgroup size (64)
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i)
    x[i] = 0.5f * i, y[i] = 1.0f;
  BufferId bx = floats(x, "x"), by = floats(y, "y");
  std::unique_ptr<CommandList> list = device->record();
  list->dispatch({kernel, {(n + 63) / 64, 1, 1}, {{bx}, {by}}, {n}});
  list->finish();
  device->wait(device->submit(*list));
  std::vector<float> got = read(by, n);
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(got[i], 1.0f + 0.5f * i) << i;
}

TEST_F(VulkanDeviceTest, KernelsAreCreatedOncePerBinaryAndEntry) {
  KernelId first = accumulate();
  KernelId second = accumulate();
  EXPECT_EQ(first, second);
  EXPECT_EQ(device->stats().pipelinesCreated, 1u);
  EXPECT_EQ(device->stats().pipelinesReused, 1u);
}

TEST_F(VulkanDeviceTest, ARecordedListReplaysWithoutRecording) {
  KernelId kernel = accumulate();
  const int n = 256;
  BufferId bx = floats(std::vector<float>(n, 1.0f), "x");
  BufferId by = floats(std::vector<float>(n, 0.0f), "y");
  std::unique_ptr<CommandList> list = device->record();
  // Three dependent dispatches in one list: each sees the one before.
  for (int k = 0; k < 3; ++k)
    list->dispatch({kernel, {n / 64, 1, 1}, {{bx}, {by}}, {n}});
  list->finish();
  EXPECT_EQ(list->commandCount(), 3u);
  Submission last = 0;
  for (int replay = 0; replay < 4; ++replay)
    last = device->submit(*list); // no wait between submissions
  device->wait(last);
  EXPECT_EQ(read(by, n), std::vector<float>(n, 12.0f));
  EXPECT_EQ(device->stats().submissions >= 4, true);
  EXPECT_THROW(list->dispatch({kernel, {1, 1, 1}, {{bx}, {by}}, {n}}),
               DeviceError);
}

TEST_F(VulkanDeviceTest, TheReplayCacheRecordsOnlyNewWork) {
  KernelId kernel = accumulate();
  const int n = 256;
  BufferId bx = floats(std::vector<float>(n, 1.0f), "x");
  BufferId by = floats(std::vector<float>(n, 0.0f), "y");
  BufferId bz = floats(std::vector<float>(n, 0.0f), "z");
  std::vector<Dispatch> intoY(2, {kernel, {n / 64, 1, 1}, {{bx}, {by}}, {n}});
  std::vector<Dispatch> intoZ(2, {kernel, {n / 64, 1, 1}, {{bx}, {bz}}, {n}});
  std::vector<Dispatch> halfOfZ(2, {kernel, {n / 64, 1, 1}, {{bx}, {bz}}, {n / 2}});
  ReplayCache cache(2);
  CommandList *first = &cache.listFor(*device, intoY);
  device->wait(device->submit(*first));
  // Equal work: the same list, not recorded again, and it runs again.
  CommandList *again = &cache.listFor(*device, intoY);
  EXPECT_EQ(again, first);
  EXPECT_EQ(cache.replays(), 1u);
  device->wait(device->submit(*again));
  EXPECT_EQ(read(by, n), std::vector<float>(n, 4.0f));
  // Another buffer, other parameter words: new lists.
  device->wait(device->submit(cache.listFor(*device, intoZ)));
  device->wait(device->submit(cache.listFor(*device, halfOfZ)));
  EXPECT_EQ(cache.replays(), 1u);
  std::vector<float> z = read(bz, n);
  EXPECT_EQ(z[0], 4.0f);
  EXPECT_EQ(z[n - 1], 2.0f);
  // Capacity 2: the least recently used (intoY) was dropped.
  EXPECT_EQ(cache.size(), 2u);
  cache.listFor(*device, intoZ);
  EXPECT_EQ(cache.replays(), 2u);
  cache.listFor(*device, intoY);
  EXPECT_EQ(cache.replays(), 2u);
}

TEST_F(VulkanDeviceTest, CopiesAndFillsAreOrderedWithKernels) {
  KernelId kernel = accumulate();
  const int n = 64;
  BufferId bx = floats(std::vector<float>(n, 2.0f), "x");
  BufferId by = device->allocate(n * sizeof(float), "y");
  BufferId bz = device->allocate(n * sizeof(float), "z");
  float one = 1.0f;
  uint32_t oneBits;
  std::memcpy(&oneBits, &one, 4);
  std::unique_ptr<CommandList> list = device->record();
  list->fill(by, 0, n * sizeof(float), oneBits);            // y = 1
  list->dispatch({kernel, {1, 1, 1}, {{bx}, {by}}, {n}});    // y = 3
  list->copy(by, 0, bz, 0, n * sizeof(float));               // z = 3
  list->dispatch({kernel, {1, 1, 1}, {{bx}, {bz}}, {n}});    // z = 5
  list->finish();
  device->wait(device->submit(*list));
  EXPECT_EQ(read(by, n), std::vector<float>(n, 3.0f));
  EXPECT_EQ(read(bz, n), std::vector<float>(n, 5.0f));
}

TEST_F(VulkanDeviceTest, WrongBindingsAreAnError) {
  KernelId kernel = accumulate();
  BufferId bx = device->allocate(256, "x");
  std::unique_ptr<CommandList> list = device->record();
  EXPECT_THROW(list->dispatch({kernel, {1, 1, 1}, {{bx}}, {64}}), DeviceError);
  EXPECT_THROW(list->dispatch({kernel, {1, 1, 1}, {{bx}, {bx}}, {}}),
               DeviceError);
  EXPECT_THROW(list->dispatch({kernel + 7, {1, 1, 1}, {{bx}, {bx}}, {64}}),
               DeviceError);
  // An unfinished list cannot be submitted.
  EXPECT_THROW(device->submit(*list), DeviceError);
}

TEST_F(VulkanDeviceTest, NotSpirvIsAnError) {
  std::vector<uint32_t> words(8, 0xdeadbeef);
  EXPECT_THROW(device->loadKernels(words.data(), words.size() * 4,
                                   {{"accumulate", 2, true}}),
               DeviceError);
  std::vector<char> spirv = testKernels();
  try {
    device->loadKernels(spirv.data(), spirv.size(), {{"no_such_kernel", 2, true}});
    FAIL() << "loaded a kernel the module does not have";
  } catch (const DeviceError &error) {
    EXPECT_NE(std::string(error.what()).find("no_such_kernel"),
              std::string::npos)
        << error.what();
  }
}

TEST(DeviceSelection, ADeviceOutOfRangeListsTheDevices) {
  RNNC_REQUIRE_DEVICE();
  std::vector<DeviceInfo> all = listDevices();
  try {
    openDevice(int(all.size()) + 3);
    FAIL() << "opened a device that does not exist";
  } catch (const DeviceError &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("no Vulkan device " + std::to_string(all.size() + 3)),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("0: " + all[0].name), std::string::npos) << message;
  }
}

TEST(DeviceSelection, NoLoaderIsOneLine) {
  // In a child, so that the environment change stays there.
  EXPECT_EXIT(
      {
        setenv("RNNC_VULKAN_LOADER", "/nonexistent/libvulkan.so.1", 1);
        try {
          listDevices();
        } catch (const DeviceError &error) {
          std::string message = error.what();
          bool oneLine = message.find('\n') == std::string::npos;
          std::exit(oneLine && message.find("no Vulkan loader") == 0 ? 3 : 4);
        }
        std::exit(5);
      },
      ::testing::ExitedWithCode(3), "");
}

} // namespace
