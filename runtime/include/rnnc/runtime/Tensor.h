//===- Tensor.h - dense host tensors the runtime passes around ---*- C++
//-*-===//
//
// A dense row-major tensor that owns its storage (8-byte aligned), with
// one of the element types of the ABI. Parameters, gradients, states and
// batches live in these; the generated code sees them as memrefs.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_TENSOR_H
#define RNNC_RUNTIME_TENSOR_H

#include "rnnc/runtime/Safetensors.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rnnc::rt {

class Tensor {
public:
  Tensor() = default;
  /// Zero-filled.
  Tensor(DType dtype, std::vector<int64_t> shape);

  DType dtype() const { return type; }
  const std::vector<int64_t> &shape() const { return sizes; }
  int64_t numElements() const { return count; }
  size_t numBytes() const { return count * dtypeSize(type); }

  void *raw() { return storage.data(); }
  const void *raw() const { return storage.data(); }
  template <typename T> T *data() { return static_cast<T *>(raw()); }
  template <typename T> const T *data() const {
    return static_cast<const T *>(raw());
  }

  /// "f32[32, 512]".
  std::string describe() const;

private:
  DType type = DType::F32;
  std::vector<int64_t> sizes;
  int64_t count = 0;
  std::vector<uint64_t> storage;
};

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
