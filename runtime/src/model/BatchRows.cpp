//===- BatchRows.cpp - one row of a tensor's batch dimension --------------===//
//
// See BatchRows.h.
//
//===----------------------------------------------------------------------===//

#include "BatchRows.h"

#include <cstring>

namespace rnnc::rt {

namespace {
/// Where one row of a tensor lies: `blocks` runs of `bytes` bytes, one per
/// index of the dimensions before the row's axis, `stride` apart.
struct RowLayout {
  int64_t blocks = 1, bytes = 0, stride = 0;

  RowLayout(const Tensor &t, size_t axis) {
    const std::vector<int64_t> &shape = t.shape();
    int64_t inner = int64_t(dtypeSize(t.dtype()));
    for (size_t i = 0; i < shape.size(); ++i) {
      if (i < axis)
        blocks *= shape[i];
      else if (i > axis)
        inner *= shape[i];
    }
    bytes = inner;
    stride = inner * shape[axis];
  }
};
} // namespace

std::optional<size_t> batchAxis(const TensorSpec &spec) {
  for (size_t i = 0; i < spec.shape.size(); ++i)
    if (spec.shape[i].text == "B")
      return i;
  return std::nullopt;
}

void copyRowOut(const Tensor &t, size_t axis, int64_t row, void *out) {
  RowLayout l(t, axis);
  const auto *from = static_cast<const char *>(t.raw()) + row * l.bytes;
  auto *to = static_cast<char *>(out);
  for (int64_t b = 0; b < l.blocks; ++b)
    std::memcpy(to + b * l.bytes, from + b * l.stride, size_t(l.bytes));
}

void copyRowIn(Tensor &t, size_t axis, int64_t row, const void *in) {
  RowLayout l(t, axis);
  auto *to = static_cast<char *>(t.raw()) + row * l.bytes;
  const auto *from = static_cast<const char *>(in);
  for (int64_t b = 0; b < l.blocks; ++b)
    std::memcpy(to + b * l.stride, from + b * l.bytes, size_t(l.bytes));
}

Tensor batchRow(const Tensor &t, size_t axis, int64_t row) {
  std::vector<int64_t> shape = t.shape();
  shape[axis] = 1;
  Tensor one(t.dtype(), shape);
  copyRowOut(t, axis, row, one.raw());
  return one;
}

} // namespace rnnc::rt
