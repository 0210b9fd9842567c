//===- LargeBlocks.cpp - freed large buffers kept for every thread --------===//
//
// See LargeBlocks.h.
//
//===----------------------------------------------------------------------===//

#include "LargeBlocks.h"

#include <cstdlib>
#include <iterator>

namespace rnnc::rt {

namespace {
/// A kept block serves a request up to this fraction (1/4) larger than
/// the request, no more: the rest of it would be memory held for nothing.
constexpr size_t kSlackShift = 2;
} // namespace

LargeBlocks::~LargeBlocks() {
  for (auto &[size, block] : freed)
    std::free(block);
}

void *LargeBlocks::take(size_t bytes, size_t *size) {
  *size = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = freed.lower_bound(*size);
    if (it != freed.end() && it->first <= *size + (*size >> kSlackShift)) {
      // Of the blocks of that size, the one freed last: its lines are
      // the likeliest still in the caches.
      it = std::prev(freed.upper_bound(it->first));
      void *block = it->second;
      *size = it->first;
      kept -= it->first;
      freed.erase(it);
      noteLive(*size);
      return block;
    }
    noteLive(*size);
  }
  void *block = std::aligned_alloc(kAlignment, *size);
  if (!block) {
    std::lock_guard<std::mutex> lock(mutex);
    live -= *size;
  }
  return block;
}

void LargeBlocks::give(void *block, size_t size) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    live -= size;
    // Within the budget the block is kept; beyond, the blocks kept stay
    // (a training loop's, which an evaluation between its epochs must
    // not push out) and this one goes back to malloc.
    if (keep && kept + size <= peakLive) {
      freed.emplace(size, block);
      kept += size;
      return;
    }
  }
  std::free(block);
}

void LargeBlocks::noteLive(size_t size) {
  live += size;
  if (live > peakLive)
    peakLive = live;
}

size_t LargeBlocks::keptBytes() {
  std::lock_guard<std::mutex> lock(mutex);
  return kept;
}

} // namespace rnnc::rt
