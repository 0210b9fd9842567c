//===- LargeBlocks.h - freed large buffers kept for every thread ----------===//
//
// The generated code's buffers above its per-thread size classes
// (GeneratedBuffers.cpp): a training step's activations and gradients,
// megabytes each, allocated and freed at every batch. Freed, such a block
// used to go back to malloc, which could hand the memory to the kernel:
// the next batch then took the block's pages again, one page fault each.
// Training on worker threads (RowThreads.h) paid that once per epoch,
// after the held-out evaluation between epochs (why glibc gives the pages
// back then is not known: docs/performance.md).
//
// LargeBlocks keeps freed blocks for whichever thread asks next, so
// every worker thread (and the one after an evaluation) shares them. It keeps no more than the most
// bytes that were ever live at once (the high-water mark), so a process
// holds at most twice its peak. A block freed when that budget is full
// goes back to malloc and the kept ones stay: a training loop's blocks,
// kept after its first batch, are not pushed out by the evaluation
// between epochs. The price: a later loop whose blocks are all larger
// than the kept ones (a second phase with a larger batch) is not kept
// while those fill the budget, and runs as it would on malloc alone.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_MODEL_LARGEBLOCKS_H
#define RNNC_RUNTIME_MODEL_LARGEBLOCKS_H

#include <cstddef>
#include <map>
#include <mutex>

namespace rnnc::rt {

class LargeBlocks {
public:
  /// `keep`: false keeps nothing (AddressSanitizer, which must see a
  /// use of a block after its free).
  explicit LargeBlocks(bool keep) : keep(keep) {}
  LargeBlocks(const LargeBlocks &) = delete;
  LargeBlocks &operator=(const LargeBlocks &) = delete;
  ~LargeBlocks();

  /// A block of at least `bytes`, 64-byte aligned; `*size` receives its
  /// size, which give() must be passed back. Null when out of memory.
  void *take(size_t bytes, size_t *size);
  /// Returns a block from take(), with the size take() gave.
  void give(void *block, size_t size);

  /// Bytes of freed blocks kept now (for tests).
  size_t keptBytes();

  /// Blocks' alignment, and what sizes are rounded up to (as malloc's
  /// blocks were before): no coarser, so that blocks a step reads at once
  /// do not all start at one offset in a page, in the same cache sets.
  static constexpr size_t kAlignment = 64;

private:
  /// Counts `size` more bytes live (under the lock).
  void noteLive(size_t size);

  const bool keep;
  std::mutex mutex;
  std::multimap<size_t, void *> freed; // by size
  size_t kept = 0, live = 0, peakLive = 0;
};

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_MODEL_LARGEBLOCKS_H
