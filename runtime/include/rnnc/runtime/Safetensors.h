//===- Safetensors.h - checkpoints in the safetensors format ---*- C++ -*-===//
//
// The format PyTorch and Hugging Face read: an 8-byte little-endian header
// length N, N bytes of JSON ({"name": {"dtype", "shape", "data_offsets"},
// "__metadata__": {string: string}}), then the raw little-endian tensor
// data. Writing is atomic (temporary file, fsync, rename, fsync of the
// directory), so a crash never leaves a half-written checkpoint. Reading
// validates everything and names the file and the problem.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SAFETENSORS_H
#define RNNC_RUNTIME_SAFETENSORS_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rnnc::rt {

enum class DType { F32, F64, I32, I64 };

/// "F32", "F64", "I32", "I64" (the format's spelling).
const char *dtypeName(DType dtype);
size_t dtypeSize(DType dtype);

/// A tensor to write: `data` holds product(shape) elements of `dtype`.
struct TensorView {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  const void *data;
};

/// A tensor read from a file; its bytes are in SafetensorsFile::data.
struct TensorRecord {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end; // byte offsets into the data section

  int64_t numElements() const;
};

struct SafetensorsFile {
  std::map<std::string, std::string> metadata;
  std::vector<TensorRecord> tensors; // in file order
  std::vector<uint8_t> data;         // the data section

  const TensorRecord *find(const std::string &name) const;
  const uint8_t *bytes(const TensorRecord &tensor) const {
    return data.data() + tensor.begin;
  }
};

/// Writes `tensors` and `metadata` to `path` atomically. Throws Error.
void writeSafetensors(const std::string &path,
                      const std::vector<TensorView> &tensors,
                      const std::map<std::string, std::string> &metadata);

/// Reads and validates `path`. Throws Error naming the file and problem.
SafetensorsFile readSafetensors(const std::string &path);

/// Writes `bytes` to `path` atomically (temporary file in the same
/// directory, fsync, rename, fsync of the directory). Throws Error.
void writeFileAtomically(const std::string &path,
                         const std::vector<uint8_t> &bytes);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SAFETENSORS_H
