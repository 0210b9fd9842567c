//===- LargeBlocksTest.cpp - freed large buffers kept for every thread ----===//
//
// A freed block serves the next request of its size from any thread (of
// one size, the block freed last), and one up to a fifth smaller, no
// smaller still; what is kept never exceeds the most bytes live at once
// (beyond, a freed block goes back to malloc and the kept ones stay); a
// keeper that keeps nothing (the AddressSanitizer build's) hands every
// block back to malloc. The generated code's allocator, which routes
// blocks above its classes here, is tested in GeneratedBuffersTest.cpp.
//
//===----------------------------------------------------------------------===//

#include "LargeBlocks.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <thread>
#include <vector>

using rnnc::rt::LargeBlocks;

namespace {
constexpr size_t kMiB = size_t(1) << 20;

/// A block taken, with the size take() gave.
struct Taken {
  void *block;
  size_t size;
};

/// A block of `bytes` taken.
Taken takeOne(LargeBlocks &blocks, size_t bytes) {
  Taken t{nullptr, 0};
  t.block = blocks.take(bytes, &t.size);
  return t;
}

/// Blocks of `sizes` taken, all live at once.
std::vector<Taken> takeAll(LargeBlocks &blocks,
                           std::initializer_list<size_t> sizes) {
  std::vector<Taken> taken;
  for (size_t bytes : sizes)
    taken.push_back(takeOne(blocks, bytes));
  return taken;
}

/// Gives `taken` back, in order.
void giveAll(LargeBlocks &blocks, const std::vector<Taken> &taken) {
  for (const Taken &t : taken)
    blocks.give(t.block, t.size);
}
} // namespace

TEST(LargeBlocks, AFreedBlockServesTheNextRequestOnAnyThread) {
  LargeBlocks blocks(/*keep=*/true);
  size_t size = 0;
  void *a = blocks.take(9 * kMiB + 3, &size);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  EXPECT_EQ(size % LargeBlocks::kAlignment, 0u);
  EXPECT_GE(size, 9 * kMiB + 3);
  std::memset(a, 1, size);
  blocks.give(a, size);
  EXPECT_EQ(blocks.keptBytes(), size);
  // A worker thread started for the next batch takes the same block.
  void *b = nullptr;
  size_t bSize = 0;
  std::thread([&] { b = blocks.take(9 * kMiB, &bSize); }).join();
  EXPECT_EQ(b, a);
  EXPECT_EQ(bSize, size);
  EXPECT_EQ(blocks.keptBytes(), 0u);
  blocks.give(b, bSize);
}

TEST(LargeBlocks, OfOneSizeTheBlockFreedLastComesFirst) {
  LargeBlocks blocks(/*keep=*/true);
  std::vector<Taken> two = takeAll(blocks, {3 * kMiB, 3 * kMiB});
  giveAll(blocks, two);
  Taken c = takeOne(blocks, 3 * kMiB);
  EXPECT_EQ(c.block, two[1].block); // its lines the likeliest still cached
  giveAll(blocks, {c});
}

TEST(LargeBlocks, AKeptBlockServesSomewhatSmallerRequests) {
  LargeBlocks blocks(/*keep=*/true);
  std::vector<Taken> kept = takeAll(blocks, {8 * kMiB, 4 * kMiB});
  giveAll(blocks, kept);
  Taken c = takeOne(blocks, 7 * kMiB); // 8 is within 7 + 7/4
  EXPECT_EQ(c.block, kept[0].block);
  EXPECT_EQ(c.size, 8 * kMiB);
  Taken d = takeOne(blocks, 2 * kMiB); // 4 is not within 2 + 2/4
  EXPECT_NE(d.block, kept[1].block);
  EXPECT_EQ(d.size, 2 * kMiB);
  giveAll(blocks, {c, d});
}

TEST(LargeBlocks, KeepsNoMoreThanThePeakOfLiveBytes) {
  LargeBlocks blocks(/*keep=*/true);
  // Two blocks live at once: the peak is 4 MiB.
  giveAll(blocks, takeAll(blocks, {2 * kMiB, 2 * kMiB}));
  EXPECT_EQ(blocks.keptBytes(), 4 * kMiB);
  // A larger block alone: the peak is 6 MiB, and the 4 MiB kept and the
  // block freed would be 10: the kept ones stay, the new one goes.
  std::vector<Taken> large = takeAll(blocks, {6 * kMiB});
  EXPECT_EQ(blocks.keptBytes(), 4 * kMiB);
  giveAll(blocks, large);
  EXPECT_EQ(blocks.keptBytes(), 4 * kMiB);
  // All three live at once (a peak of 10 MiB): then all are kept.
  giveAll(blocks, takeAll(blocks, {2 * kMiB, 2 * kMiB, 6 * kMiB}));
  EXPECT_EQ(blocks.keptBytes(), 10 * kMiB);
}

TEST(LargeBlocks, KeepsNothingWhenToldNot) {
  LargeBlocks blocks(/*keep=*/false);
  size_t size = 0;
  void *a = blocks.take(2 * kMiB, &size);
  blocks.give(a, size);
  EXPECT_EQ(blocks.keptBytes(), 0u);
}
