//===- Tensor.h - dense host tensors the runtime passes around ---*- C++
//-*-===//
//
// A dense row-major tensor that owns its storage (8-byte aligned), with
// one of the element types of the ABI. Parameters, gradients, states and
// batches live in these; the generated code sees them as memrefs.
//
// In a --target=vulkan build the storage is device memory the host maps
// (once placeTensorsInDeviceMemory() was called: ModelMain does, when the
// device is open), so the generated kernels read parameters, states and
// batches where they are, and a result of the generated code becomes a
// tensor without a copy (adoptDeviceBuffer). docs/gpu.md, "Memory".
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_TENSOR_H
#define RNNC_RUNTIME_TENSOR_H

#include "rnnc/runtime/Safetensors.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rnnc::rt {

class Tensor {
public:
  Tensor() = default;
  /// Zero-filled.
  Tensor(DType dtype, std::vector<int64_t> shape);
  Tensor(const Tensor &other);
  Tensor &operator=(const Tensor &other);
  Tensor(Tensor &&other) noexcept = default;
  Tensor &operator=(Tensor &&other) noexcept = default;

  /// A tensor over `buffer`, a buffer the device runtime gave the
  /// generated code (a result): the tensor owns it from now on.
  static Tensor adoptDeviceBuffer(DType dtype, std::vector<int64_t> shape,
                                  void *buffer);
  /// A tensor over `data`, dense row-major memory of the caller that
  /// outlives it (a framework's tensor): never freed here. Copies of it
  /// own their storage.
  static Tensor view(DType dtype, std::vector<int64_t> shape, void *data);
  /// A tensor over `buffer`, a result buffer the generated code allocated
  /// in host memory (its allocator's, GeneratedBuffers.cpp): the tensor
  /// owns it from now on and gives it back to that allocator.
  static Tensor adoptGeneratedBuffer(DType dtype, std::vector<int64_t> shape,
                                     void *buffer);

  DType dtype() const { return type; }
  const std::vector<int64_t> &shape() const { return sizes; }
  int64_t numElements() const { return count; }
  size_t numBytes() const { return count * dtypeSize(type); }

  void *raw() { return storage.get(); }
  const void *raw() const { return storage.get(); }
  template <typename T> T *data() { return static_cast<T *>(raw()); }
  template <typename T> const T *data() const {
    return static_cast<const T *>(raw());
  }

  /// "f32[32, 512]".
  std::string describe() const;
  /// The same elements under another shape of as many.
  void reshape(std::vector<int64_t> shape);

private:
  /// Who frees the storage: malloc's heap, the device runtime, the
  /// generated code's allocator, or nobody (a view of the caller's memory).
  enum class Owner { Host, Device, Generated, Borrowed };
  struct Release {
    Owner owner;
    void operator()(void *data) const;
  };
  /// A tensor over `data`, which `owner` frees.
  static Tensor over(DType dtype, std::vector<int64_t> shape, void *data,
                     Owner owner);

  DType type = DType::F32;
  std::vector<int64_t> sizes;
  int64_t count = 0;
  std::unique_ptr<void, Release> storage;
};

/// From now on, new tensors live in the device memory of a
/// --target=vulkan build (nothing in a CPU build).
void placeTensorsInDeviceMemory();

/// An i32 tensor of `shape` holding `values` (token ids, lengths), in
/// row-major order.
Tensor int32Tensor(const std::vector<int32_t> &values,
                   std::vector<int64_t> shape);

/// "[32, 512]".
std::string shapeString(const std::vector<int64_t> &shape);
/// "f32[32, 512]".
std::string typeString(DType dtype, const std::vector<int64_t> &shape);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_TENSOR_H
