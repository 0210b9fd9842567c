//===- Tensor.cpp - dense host tensors
//-------------------------------------===//
//
// See Tensor.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Tensor.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

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

Tensor int32Tensor(const std::vector<int32_t> &values,
                   std::vector<int64_t> shape) {
  Tensor t(DType::I32, std::move(shape));
  if (int64_t(values.size()) != t.numElements())
    throw Error(fmt::format("{} values for an i32 tensor of shape {}",
                            values.size(), shapeString(t.shape())));
  std::copy(values.begin(), values.end(), t.data<int32_t>());
  return t;
}

} // namespace rnnc::rt
