//===- ReplayCache.cpp - command lists found again by their work ----------===//
//
// See ReplayCache.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/device/ReplayCache.h"

#include <algorithm>

namespace rnnc::device {

namespace {
/// FNV-1a over the dispatches' words.
uint64_t hashOf(const std::vector<Dispatch> &dispatches) {
  uint64_t hash = 1469598103934665603ull;
  auto mix = [&](uint64_t word) {
    hash ^= word;
    hash *= 1099511628211ull;
  };
  for (const Dispatch &d : dispatches) {
    mix(d.kernel);
    for (uint32_t g : d.groups)
      mix(g);
    for (const Binding &b : d.buffers)
      mix(b.buffer);
    for (int32_t p : d.params)
      mix(uint32_t(p));
    mix(d.buffers.size() << 32 | d.params.size());
  }
  return hash;
}

bool equal(const std::vector<Dispatch> &a, const std::vector<Dispatch> &b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Dispatch &x, const Dispatch &y) {
                      return x.kernel == y.kernel &&
                             std::equal(x.groups, x.groups + 3, y.groups) &&
                             x.params == y.params &&
                             std::equal(x.buffers.begin(), x.buffers.end(),
                                        y.buffers.begin(), y.buffers.end(),
                                        [](Binding p, Binding q) {
                                          return p.buffer == q.buffer;
                                        });
                    });
}
} // namespace

CommandList &ReplayCache::listFor(Device &device,
                                  const std::vector<Dispatch> &dispatches) {
  uint64_t hash = hashOf(dispatches);
  auto [first, last] = byHash_.equal_range(hash);
  for (auto it = first; it != last; ++it)
    if (equal(it->second->dispatches, dispatches)) {
      entries_.splice(entries_.begin(), entries_, it->second);
      ++replays_;
      return *entries_.front().list;
    }
  std::unique_ptr<CommandList> list = device.record();
  for (const Dispatch &d : dispatches)
    list->dispatch(d);
  list->finish();
  entries_.push_front({hash, dispatches, std::move(list)});
  byHash_.emplace(hash, entries_.begin());
  if (entries_.size() > capacity_) {
    auto oldest = std::prev(entries_.end());
    auto [from, to] = byHash_.equal_range(oldest->hash);
    for (auto it = from; it != to; ++it)
      if (it->second == oldest) {
        byHash_.erase(it);
        break;
      }
    entries_.pop_back();
  }
  return *entries_.front().list;
}

} // namespace rnnc::device
