//===- MemrefCopyTest.cpp - the strided copy generated code calls ---------===//
//
// memrefCopy copies strided views (rows of a wider matrix, a transposed
// view) element for element, and allocates nothing: generated time loops
// call it every step. The allocation count comes from this test binary's
// global operator new.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <vector>

namespace {
thread_local long allocations = 0;
} // namespace

void *operator new(std::size_t size) {
  ++allocations;
  if (void *p = std::malloc(size ? size : 1))
    return p;
  throw std::bad_alloc();
}
// Every form the replaced delete frees must come from malloc too (ASan
// checks that allocation and deallocation functions match).
void *operator new(std::size_t size, const std::nothrow_t &) noexcept {
  ++allocations;
  return std::malloc(size ? size : 1);
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept {
  std::free(p);
}

namespace {

/// A rank-2 descriptor's words: allocated, aligned, offset, sizes, strides.
struct View2 {
  int64_t words[7];
  rnnc_unranked_memref memref() { return {2, words}; }
};

View2 view(float *data, int64_t offset, int64_t rows, int64_t cols,
           int64_t rowStride, int64_t colStride) {
  auto base = reinterpret_cast<int64_t>(data);
  return View2{{base, base, offset, rows, cols, rowStride, colStride}};
}

/// Copies `source` into `target`; returns how many allocations it made.
long copyCountingAllocations(View2 source, View2 target) {
  rnnc_unranked_memref s = source.memref(), t = target.memref();
  long before = allocations;
  memrefCopy(sizeof(float), &s, &t);
  return allocations - before;
}

TEST(MemrefCopy, CopiesRowsOfAWiderMatrix) {
  std::vector<float> from(4 * 8), to(4 * 16, -1.0f);
  for (size_t i = 0; i < from.size(); ++i)
    from[i] = static_cast<float>(i);
  EXPECT_EQ(copyCountingAllocations(view(from.data(), 0, 4, 8, 8, 1),
                                    // columns 4..11
                                    view(to.data(), 4, 4, 8, 16, 1)),
            0);
  for (int64_t r = 0; r < 4; ++r)
    for (int64_t c = 0; c < 16; ++c)
      EXPECT_EQ(to[r * 16 + c], c >= 4 && c < 12 ? from[r * 8 + c - 4] : -1.0f);
}

TEST(MemrefCopy, CopiesATransposedView) {
  std::vector<float> from(3 * 5), to(5 * 3);
  for (size_t i = 0; i < from.size(); ++i)
    from[i] = static_cast<float>(i);
  // `from` [3, 5] read as its transpose [5, 3]: strides (1, 5).
  EXPECT_EQ(copyCountingAllocations(view(from.data(), 0, 5, 3, 1, 5),
                                    view(to.data(), 0, 5, 3, 3, 1)),
            0);
  for (int64_t r = 0; r < 5; ++r)
    for (int64_t c = 0; c < 3; ++c)
      EXPECT_EQ(to[r * 3 + c], from[c * 5 + r]);
}

} // namespace
