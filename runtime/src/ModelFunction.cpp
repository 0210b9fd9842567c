//===- ModelFunction.cpp - calling a generated function
//--------------------===//
//
// See ModelFunction.h. A ranked memref descriptor is, word by word:
// allocated pointer, aligned pointer, offset, sizes[rank], strides[rank].
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/ModelFunction.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <algorithm>

namespace rnnc::rt {

namespace {
/// MLIR marks the allocated pointer of a memref.get_global buffer with this
/// value: such a buffer is a constant of the object and must not be freed.
const uintptr_t kGlobalMarker = 0xdeadbeef;

size_t descriptorWords(size_t rank) { return 3 + 2 * rank; }

void fillDescriptor(int64_t *words, void *data,
                    const std::vector<int64_t> &shape) {
  words[0] = reinterpret_cast<int64_t>(data);
  words[1] = reinterpret_cast<int64_t>(data);
  words[2] = 0;
  size_t rank = shape.size();
  int64_t stride = 1;
  for (size_t d = rank; d-- > 0;) {
    words[3 + d] = shape[d];
    words[3 + rank + d] = stride;
    stride *= shape[d];
  }
}

/// Whether `shape` is `arg`'s shape under `dims` (without allocating: the
/// generation step calls this for every argument of every token).
bool hasShape(const TensorSpec &arg, const std::vector<int64_t> &shape,
              const DimBindings &dims) {
  if (shape.size() != arg.shape.size())
    return false;
  for (size_t d = 0; d < shape.size(); ++d)
    if (arg.shape[d].evaluate(dims) != shape[d])
      return false;
  return true;
}
} // namespace

std::vector<Tensor> callFunction(EntryPoint entry, const FunctionSpec &spec,
                                 const DimBindings &dims,
                                 const std::vector<const Tensor *> &tensors) {
  // Arguments: one int64 per dimension, one descriptor per tensor, all in
  // one buffer (reserved up front: the pointers into it stay valid); then
  // the results' descriptors.
  size_t words = 0;
  for (const TensorSpec &arg : spec.args)
    words += arg.isDim() ? 1 : descriptorWords(arg.shape.size());
  size_t argWords = words;
  for (const TensorSpec &r : spec.results)
    words += descriptorWords(r.shape.size());
  std::vector<int64_t> storage(words, 0);
  std::vector<void *> args;
  args.reserve(spec.args.size() + 1);
  int64_t *slot = storage.data();
  size_t next = 0;
  for (const TensorSpec &arg : spec.args) {
    if (arg.isDim()) {
      auto it = dims.find(arg.name);
      if (it == dims.end())
        throw Error(fmt::format("{}: no value for dimension '{}'", spec.name,
                                arg.name));
      *slot = it->second;
      args.push_back(slot++);
      continue;
    }
    if (next >= tensors.size())
      throw Error(
          fmt::format("{}: missing {} '{}'", spec.name, arg.role, arg.name));
    const Tensor &t = *tensors[next++];
    if (t.dtype() != arg.dtype || !hasShape(arg, t.shape(), dims))
      throw Error(fmt::format("{}: {} '{}' is {}, expected {}", spec.name,
                              arg.role, arg.name, t.describe(),
                              typeString(arg.dtype, arg.shapeUnder(dims))));
    fillDescriptor(slot, const_cast<void *>(t.raw()), t.shape());
    args.push_back(slot);
    slot += descriptorWords(t.shape().size());
  }
  if (next != tensors.size())
    throw Error(fmt::format("{}: {} tensors given, {} expected", spec.name,
                            tensors.size(), next));
  int64_t *resultWords = storage.data() + argWords;
  args.push_back(resultWords);
  entry(args.data());

  // Copy every result out before freeing any buffer: two results may be
  // one buffer (a value returned twice, as an LSTM's bias_ih and bias_hh
  // gradients are). Free each result buffer once; the arguments' are never
  // ours to free.
  std::vector<Tensor> results;
  results.reserve(spec.results.size());
  std::vector<uintptr_t> buffers;
  const int64_t *result = resultWords;
  for (const TensorSpec &r : spec.results) {
    size_t rank = r.shape.size();
    Tensor out(r.dtype, std::vector<int64_t>(result + 3, result + 3 + rank));
    // Identity layouts at the function boundary: contiguous from offset.
    const char *aligned = reinterpret_cast<const char *>(result[1]);
    std::memcpy(out.raw(), aligned + result[2] * dtypeSize(r.dtype),
                out.numBytes());
    buffers.push_back(static_cast<uintptr_t>(result[0]));
    results.push_back(std::move(out));
    result += descriptorWords(rank);
  }
  std::vector<uintptr_t> freed;
  freed.reserve(tensors.size() + buffers.size());
  for (const Tensor *t : tensors)
    freed.push_back(reinterpret_cast<uintptr_t>(t->raw()));
  for (uintptr_t allocated : buffers)
    if (allocated != kGlobalMarker &&
        std::find(freed.begin(), freed.end(), allocated) == freed.end()) {
      freed.push_back(allocated);
      std::free(reinterpret_cast<void *>(allocated));
    }
  return results;
}

} // namespace rnnc::rt
