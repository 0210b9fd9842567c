//===- TransposedParameters.cpp - parameters read transposed ---------------===//
//
// See _mlir_ciface_rnnc_rt_transposed_parameter in Runtime.h. A single
// step of a language model gathers one row of the transposed input weight
// ([V, G*H] from PyTorch's [G*H, V]); transposing the whole weight for every
// token cost more than the rest of the step (docs/performance.md). The
// transposed copy is made once per parameter version and kept, one per
// parameter buffer and shape; the generated code reads it in place.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

#include "rnnc/runtime/ParameterVersion.h"

#include "Transpose.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace {

/// The transposed copies, by source buffer, shape and strides.
class TransposedCopies {
public:
  /// `p` transposed, valid until the parameter version changes; 64-byte
  /// aligned like the generated code's own buffers.
  const float *get(const rnnc_matrix_f32 &p) {
    const float *source = p.aligned + p.offset;
    Key key{source, p.sizes[0], p.sizes[1], p.strides[0], p.strides[1]};
    uint64_t now = rnnc::rt::parameterVersion();
    std::lock_guard<std::mutex> lock(mutex);
    rnnc::rt::dropUnusedPrepared(entries, now, sweptAt);
    Entry &entry = entries[key];
    if (!entry.ready || entry.version != now) {
      transpose(p, entry);
      entry.ready = true;
      entry.version = now;
    }
    return entry.data;
  }

private:
  struct Entry {
    bool ready = false;
    uint64_t version = 0;
    std::vector<float> storage; // the same size from version to version
    float *data = nullptr;
  };

  static void transpose(const rnnc_matrix_f32 &p, Entry &entry) {
    int64_t rows = p.sizes[0], cols = p.sizes[1];
    constexpr size_t kAlignFloats = 64 / sizeof(float);
    entry.storage.resize(static_cast<size_t>(rows * cols) + kAlignFloats);
    auto address = reinterpret_cast<uintptr_t>(entry.storage.data());
    entry.data = entry.storage.data() +
                 (kAlignFloats - (address / sizeof(float)) % kAlignFloats) %
                     kAlignFloats;
    const float *source = p.aligned + p.offset;
    if (p.strides[1] == 1) {
      rnnc::rt::transposeInto<false>(source, rows, cols, p.strides[0],
                                     entry.data, rows);
      return;
    }
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        entry.data[j * rows + i] = source[i * p.strides[0] + j * p.strides[1]];
  }

  using Key = std::tuple<const float *, int64_t, int64_t, int64_t, int64_t>;
  std::mutex mutex;
  std::map<Key, Entry> entries;
  uint64_t sweptAt = 0;
};

TransposedCopies &transposedCopies() {
  static TransposedCopies copies;
  return copies;
}

} // namespace

extern "C" void
_mlir_ciface_rnnc_rt_transposed_parameter(rnnc_matrix_f32 *result,
                                          rnnc_matrix_f32 *parameter) {
  float *data = const_cast<float *>(transposedCopies().get(*parameter));
  int64_t rows = parameter->sizes[0], cols = parameter->sizes[1];
  *result = rnnc_matrix_f32{data, data, 0, {cols, rows}, {rows, 1}};
}
