//===- ReplayCache.h - command lists found again by their work ---*- C++ -*-===//
//
// A training loop submits the same work every batch: the same kernels on
// the same buffers with the same parameter words, once shapes repeat (the
// bridge's buffers come back from its cache of freed blocks). Recording a
// command list costs descriptor-set updates and command recording per
// dispatch; submitting a recorded one again costs neither. The cache keeps
// the last lists it recorded, found by their dispatches (a hash, then an
// exact comparison), and records only work it has not seen.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DEVICE_REPLAYCACHE_H
#define RNNC_DEVICE_REPLAYCACHE_H

#include "rnnc/device/Device.h"

#include <list>
#include <unordered_map>

namespace rnnc::device {

class ReplayCache {
public:
  /// Keeps up to `capacity` lists (the least recently used goes first).
  explicit ReplayCache(size_t capacity) : capacity_(capacity) {}

  /// A finished list holding `dispatches` in order: one recorded before
  /// for equal dispatches, or one recorded now on `device`.
  CommandList &listFor(Device &device, const std::vector<Dispatch> &dispatches);

  /// How many lists were submitted again rather than recorded.
  uint64_t replays() const { return replays_; }
  size_t size() const { return entries_.size(); }

private:
  struct Entry {
    uint64_t hash;
    std::vector<Dispatch> dispatches;
    std::unique_ptr<CommandList> list;
  };

  size_t capacity_;
  uint64_t replays_ = 0;
  std::list<Entry> entries_; // most recently used first
  std::unordered_multimap<uint64_t, std::list<Entry>::iterator> byHash_;
};

} // namespace rnnc::device

#endif // RNNC_DEVICE_REPLAYCACHE_H
