//===- Tensor.cpp - dense host tensors
//-------------------------------------===//
//
// See Tensor.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Tensor.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Runtime.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace rnnc::rt {

namespace {
/// Set by placeTensorsInDeviceMemory (a Vulkan build, its device open).
bool inDeviceMemory = false;

/// The number of elements of a tensor of `shape`.
int64_t elementCount(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t size : shape)
    n *= size;
  return n;
}
} // namespace

void placeTensorsInDeviceMemory() {
  inDeviceMemory = rnnc_rt_gpu_alloc != nullptr;
}

void Tensor::Release::operator()(void *data) const {
  switch (owner) {
  case Owner::Host:
    std::free(data);
    return;
  case Owner::Device:
    rnnc_rt_gpu_free(data);
    return;
  case Owner::Generated:
    rnnc_rt_free_buffer(data);
    return;
  case Owner::Borrowed:
    return;
  }
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : type(dtype), sizes(std::move(shape)), count(elementCount(sizes)) {
  // At least one word: an empty tensor still has an address.
  size_t bytes = std::max<size_t>((numBytes() + 7) / 8 * 8, 8);
  void *data = inDeviceMemory ? rnnc_rt_gpu_alloc(bytes) : std::malloc(bytes);
  if (!data)
    throw std::bad_alloc();
  std::memset(data, 0, bytes);
  storage = std::unique_ptr<void, Release>(
      data, Release{inDeviceMemory ? Owner::Device : Owner::Host});
}

Tensor::Tensor(const Tensor &other) : Tensor(other.type, other.sizes) {
  std::memcpy(raw(), other.raw(), numBytes());
}

Tensor &Tensor::operator=(const Tensor &other) {
  if (this != &other)
    *this = Tensor(other);
  return *this;
}

Tensor Tensor::over(DType dtype, std::vector<int64_t> shape, void *data,
                    Owner owner) {
  Tensor t;
  t.type = dtype;
  t.sizes = std::move(shape);
  t.count = elementCount(t.sizes);
  t.storage = std::unique_ptr<void, Release>(data, Release{owner});
  return t;
}

Tensor Tensor::adoptDeviceBuffer(DType dtype, std::vector<int64_t> shape,
                                 void *buffer) {
  return over(dtype, std::move(shape), buffer, Owner::Device);
}

Tensor Tensor::view(DType dtype, std::vector<int64_t> shape, void *data) {
  return over(dtype, std::move(shape), data, Owner::Borrowed);
}

Tensor Tensor::adoptGeneratedBuffer(DType dtype, std::vector<int64_t> shape,
                                   void *buffer) {
  return over(dtype, std::move(shape), buffer, Owner::Generated);
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

void Tensor::reshape(std::vector<int64_t> shape) {
  if (elementCount(shape) != count)
    throw Error(fmt::format("cannot view {} as {}", describe(),
                            typeString(type, shape)));
  sizes = std::move(shape);
}

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
