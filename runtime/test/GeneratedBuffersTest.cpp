//===- GeneratedBuffersTest.cpp - the generated code's allocator ----------===//
//
// Blocks are 64-byte aligned and writable over their whole size; a freed
// block of a cached size comes back for the next request of that size (a
// step called once per token takes nothing new); blocks beyond the
// largest class and odd sizes round-trip too, and a block beyond it
// freed on one thread serves the next request on another
// (LargeBlocks.h: training's worker threads, one a batch).
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <thread>

namespace {
// The allocator keeps nothing under AddressSanitizer, which must see a
// use of a buffer after its free.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kNoCache = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kNoCache = true;
#else
constexpr bool kNoCache = false;
#endif
#else
constexpr bool kNoCache = false;
#endif
constexpr size_t kMiB = size_t(1) << 20;
} // namespace

TEST(GeneratedBuffers, BlocksAreAlignedAndWritable) {
  for (size_t bytes : {size_t(1), size_t(63), size_t(4096), size_t(1) << 20,
                       (size_t(1) << 22) + 3}) {
    void *p = _mlir_memref_to_llvm_alloc(bytes);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u) << bytes;
    std::memset(p, 0xab, bytes);
    _mlir_memref_to_llvm_free(p);
  }
  _mlir_memref_to_llvm_free(nullptr);
}

TEST(GeneratedBuffers, AFreedBlockIsReusedForTheSameSize) {
  if (kNoCache)
    GTEST_SKIP() << "no cache under AddressSanitizer";
  // A step's buffers: allocated, freed, allocated again, every token.
  std::set<void *> first;
  void *a = _mlir_memref_to_llvm_alloc(4096);
  void *b = _mlir_memref_to_llvm_alloc(1000);
  first.insert(a);
  first.insert(b);
  _mlir_memref_to_llvm_free(a);
  _mlir_memref_to_llvm_free(b);
  for (int token = 0; token < 100; ++token) {
    void *x = _mlir_memref_to_llvm_alloc(4096);
    void *y = _mlir_memref_to_llvm_alloc(1000);
    EXPECT_TRUE(first.count(x) && first.count(y));
    rnnc_rt_free_buffer(x);
    rnnc_rt_free_buffer(y);
  }
}

TEST(GeneratedBuffers, AlignedRequestsUpToACacheLine) {
  void *p = _mlir_memref_to_llvm_aligned_alloc(64, 256);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
  _mlir_memref_to_llvm_free(p);
  // Generated code always asks for 64 (its only allocation path): more is
  // a compiler defect, stopped with its cause rather than a null buffer.
  EXPECT_DEATH(_mlir_memref_to_llvm_aligned_alloc(128, 256),
               "internal error: a generated buffer asks for 128-byte "
               "alignment");
}

TEST(GeneratedBuffers, ABlockAbove1MiBComesBackOnAnotherThread) {
  if (kNoCache)
    GTEST_SKIP() << "no cache under AddressSanitizer";
  // Two live at once, so that the budget holds one whatever other tests
  // left kept.
  void *a = _mlir_memref_to_llvm_alloc(5 * kMiB);
  void *b = _mlir_memref_to_llvm_alloc(5 * kMiB);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  _mlir_memref_to_llvm_free(a);
  _mlir_memref_to_llvm_free(b);
  void *c = nullptr;
  std::thread([&] { c = _mlir_memref_to_llvm_alloc(5 * kMiB); }).join();
  EXPECT_TRUE(c == a || c == b);
  rnnc_rt_free_buffer(c);
}
