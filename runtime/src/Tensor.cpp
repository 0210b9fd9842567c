//===- Tensor.cpp - dense host tensors
//-------------------------------------===//
//
// See Tensor.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Tensor.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rnnc::rt {

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : type(dtype), sizes(std::move(shape)), count(1) {
  for (int64_t s : sizes)
    count *= s;
  storage.assign((numBytes() + 7) / 8, 0);
}

std::string shapeString(const std::vector<int64_t> &shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

std::string typeString(DType dtype, const std::vector<int64_t> &shape) {
  std::string name = dtypeName(dtype);
  for (char &c : name)
    c = static_cast<char>(std::tolower(c));
  return name + shapeString(shape);
}

std::string Tensor::describe() const { return typeString(type, sizes); }

} // namespace rnnc::rt
