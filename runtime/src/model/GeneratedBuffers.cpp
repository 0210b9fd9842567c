//===- GeneratedBuffers.cpp - the allocator of the generated code ---------===//
//
// The generated code allocates and frees its buffers through
// `_mlir_memref_to_llvm_alloc` and `_mlir_memref_to_llvm_free` (the
// memref lowering's generic functions, Runtime.h). Here they keep freed
// blocks of up to 1 MiB in a per-thread cache by power-of-two size (up to
// 4 MiB of blocks a class, 16 blocks at least), so a
// function called over and over (a stream's step: its temporaries, its
// logits and states) takes its buffers from the cache once warm, not from
// malloc. Larger blocks go to one cache for every thread (LargeBlocks.h),
// so that a training batch's activations keep their pages from one worker
// thread to the next. Every block is 64-byte aligned and starts with a
// 64-byte header holding its size class (and a large block's size), so
// the buffer after it is aligned as the generated code's buffers must
// be: the code asks through the aligned entry point (64 bytes,
// bufferization's alignment), whose pointers LLVM can tell apart
// (test/Driver/allocations-noalias.test).
//
//===----------------------------------------------------------------------===//

#include "LargeBlocks.h"

#include "rnnc/runtime/Runtime.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

constexpr size_t kHeaderBytes = 64;
constexpr unsigned kSmallestClass = 7;  // 128 bytes, header included
constexpr unsigned kLargestClass = 20;  // 1 MiB
// Freed blocks kept per class; none under AddressSanitizer, which would
// otherwise not see a use of a buffer after its free.
#if defined(__SANITIZE_ADDRESS__)
#define RNNC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RNNC_ASAN 1
#endif
#endif
#ifdef RNNC_ASAN
constexpr size_t kCachedBytesPerClass = 0;
constexpr size_t kCachedBlocksAtLeast = 0;
#else
// Up to 4 MiB of blocks per class, and 16 blocks at least: a step with
// many small temporaries alive at once (the layer-norm LSTM's: 5 layer
// norms) keeps them all, a large class no more than 16.
constexpr size_t kCachedBytesPerClass = size_t(4) << 20;
constexpr size_t kCachedBlocksAtLeast = 16;
#endif

/// Freed blocks class `c` keeps.
size_t cachedPerClass(unsigned c) {
  size_t blocks = kCachedBytesPerClass >> c;
  return blocks > kCachedBlocksAtLeast ? blocks : kCachedBlocksAtLeast;
}
constexpr unsigned kUncached = 0;

struct Header {
  unsigned sizeClass;
  size_t largeBytes; // a kUncached block's size, for LargeBlocks::give
};
static_assert(sizeof(Header) <= kHeaderBytes);

/// The smallest class whose blocks hold `bytes` (header included), or
/// kUncached beyond the largest.
unsigned classOf(size_t bytes) {
  unsigned c = kSmallestClass;
  while ((size_t(1) << c) < bytes)
    if (++c > kLargestClass)
      return kUncached;
  return c;
}

/// One thread's freed blocks, by class.
struct BlockCache {
  std::vector<void *> blocks[kLargestClass + 1];
  ~BlockCache() {
    for (std::vector<void *> &list : blocks)
      for (void *block : list)
        std::free(block);
  }
};

thread_local BlockCache cache;

/// Blocks above the largest class, for every thread: never destroyed, so
/// that a thread's exit after the process's (a detached one) finds it.
rnnc::rt::LargeBlocks &largeBlocks() {
  static auto *blocks = new rnnc::rt::LargeBlocks(kCachedBytesPerClass > 0);
  return *blocks;
}

} // namespace

extern "C" void *_mlir_memref_to_llvm_alloc(size_t bytes) {
  unsigned c = classOf(bytes + kHeaderBytes);
  void *block = nullptr;
  size_t largeBytes = 0;
  if (c == kUncached) {
    block = largeBlocks().take(bytes + kHeaderBytes, &largeBytes);
  } else if (!cache.blocks[c].empty()) {
    block = cache.blocks[c].back();
    cache.blocks[c].pop_back();
  } else {
    // Whole cache lines from a line boundary: the header keeps the
    // buffer on one.
    block = std::aligned_alloc(kHeaderBytes, size_t(1) << c);
  }
  if (!block)
    return nullptr;
  auto *header = static_cast<Header *>(block);
  header->sizeClass = c;
  header->largeBytes = largeBytes;
  return static_cast<char *>(block) + kHeaderBytes;
}

extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                    size_t bytes) {
  // The header keeps blocks 64-byte aligned; the lowering asks for no
  // more than that (bufferization's alignment). More would be a compiler
  // defect: said, rather than a null buffer written through.
  if (alignment > kHeaderBytes) {
    std::fprintf(stderr,
                 "internal error: a generated buffer asks for %zu-byte "
                 "alignment; the runtime's allocator gives 64\n",
                 alignment);
    std::abort();
  }
  return _mlir_memref_to_llvm_alloc(bytes);
}

extern "C" void _mlir_memref_to_llvm_free(void *buffer) {
  if (!buffer)
    return;
  void *block = static_cast<char *>(buffer) - kHeaderBytes;
  auto *header = static_cast<Header *>(block);
  unsigned c = header->sizeClass;
  if (c == kUncached) {
    largeBlocks().give(block, header->largeBytes);
    return;
  }
  if (cache.blocks[c].size() >= cachedPerClass(c)) {
    std::free(block);
    return;
  }
  cache.blocks[c].push_back(block);
}

void rnnc_rt_free_buffer(void *buffer) {
  // A Vulkan build's results are device buffers (Runtime.h).
  if (rnnc_rt_gpu_owns && rnnc_rt_gpu_owns(buffer)) {
    rnnc_rt_gpu_free(buffer);
    return;
  }
  _mlir_memref_to_llvm_free(buffer);
}
