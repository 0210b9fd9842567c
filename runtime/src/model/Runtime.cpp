//===- Runtime.cpp - C ABI entry points of the runtime ---------------------===//
//
// Definitions of the functions declared in Runtime.h that the runtime
// provides to generated code.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

#include <cstring>
#include <vector>

extern "C" int32_t rnnc_rt_abi_version(void) { return RNNC_RT_ABI_VERSION; }

thread_local int64_t rnnc_rt_training_step = 0; // extern "C" in Runtime.h
thread_local int64_t rnnc_rt_batch_offset = 0; // extern "C" in Runtime.h

namespace {
/// The fields of a ranked descriptor of rank `rank`.
struct DescriptorView {
  char *aligned;
  int64_t offset;
  const int64_t *sizes;
  const int64_t *strides;

  explicit DescriptorView(const rnnc_unranked_memref &m) {
    auto *words = static_cast<int64_t *>(m.descriptor);
    aligned = reinterpret_cast<char *>(words[1]);
    offset = words[2];
    sizes = words + 3;
    strides = words + 3 + m.rank;
  }
};
} // namespace

extern "C" void memrefCopy(int64_t elementSize, rnnc_unranked_memref *source,
                           rnnc_unranked_memref *target) {
  DescriptorView from(*source), to(*target);
  int64_t rank = source->rank;
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d)
    count *= from.sizes[d];
  if (count == 0)
    return;
  // Odometer over the shape; the innermost dimension is copied in one go
  // when both sides are contiguous in it. Generated code calls this in
  // time loops, so the odometer lives on the stack for the ranks it uses:
  // no allocation per time step.
  constexpr int64_t kStackRank = 8;
  int64_t onStack[kStackRank] = {};
  std::vector<int64_t> onHeap(rank > kStackRank ? rank : 0, 0);
  int64_t *index = rank > kStackRank ? onHeap.data() : onStack;
  int64_t inner = rank ? from.sizes[rank - 1] : 1;
  bool contiguous =
      rank == 0 || (from.strides[rank - 1] == 1 && to.strides[rank - 1] == 1);
  int64_t chunk = contiguous ? inner : 1;
  for (int64_t done = 0; done < count; done += chunk) {
    int64_t a = from.offset, b = to.offset;
    for (int64_t d = 0; d < rank; ++d) {
      a += index[d] * from.strides[d];
      b += index[d] * to.strides[d];
    }
    std::memcpy(to.aligned + b * elementSize, from.aligned + a * elementSize,
                chunk * elementSize);
    for (int64_t d = rank - 1, step = chunk; d >= 0 && step; --d) {
      index[d] += step;
      step = index[d] / from.sizes[d];
      index[d] %= from.sizes[d];
    }
  }
}
