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
#include <set>

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
} // namespace

std::vector<Tensor> callFunction(EntryPoint entry, const FunctionSpec &spec,
                                 const DimBindings &dims,
                                 const std::vector<const Tensor *> &tensors) {
  // Arguments: one int64 per dimension, one descriptor per tensor.
  std::vector<int64_t> dimValues;
  std::vector<std::vector<int64_t>> descriptors;
  dimValues.reserve(spec.args.size());
  descriptors.reserve(spec.args.size());
  std::vector<void *> args;
  size_t next = 0;
  for (const TensorSpec &arg : spec.args) {
    if (arg.isDim()) {
      auto it = dims.find(arg.name);
      if (it == dims.end())
        throw Error(fmt::format("{}: no value for dimension '{}'", spec.name,
                                arg.name));
      dimValues.push_back(it->second);
      args.push_back(&dimValues.back());
      continue;
    }
    if (next >= tensors.size())
      throw Error(
          fmt::format("{}: missing {} '{}'", spec.name, arg.role, arg.name));
    const Tensor &t = *tensors[next++];
    std::vector<int64_t> expected = arg.shapeUnder(dims);
    if (t.dtype() != arg.dtype || t.shape() != expected)
      throw Error(fmt::format("{}: {} '{}' is {}, expected {}", spec.name,
                              arg.role, arg.name, t.describe(),
                              typeString(arg.dtype, expected)));
    descriptors.emplace_back(descriptorWords(expected.size()));
    fillDescriptor(descriptors.back().data(), const_cast<void *>(t.raw()),
                   t.shape());
    args.push_back(descriptors.back().data());
  }
  if (next != tensors.size())
    throw Error(fmt::format("{}: {} tensors given, {} expected", spec.name,
                            tensors.size(), next));

  size_t resultWords = 0;
  for (const TensorSpec &r : spec.results)
    resultWords += descriptorWords(r.shape.size());
  std::vector<int64_t> resultStorage(resultWords, 0);
  args.push_back(resultStorage.data());
  entry(args.data());

  std::set<uintptr_t> freed;
  for (const Tensor *t : tensors)
    freed.insert(reinterpret_cast<uintptr_t>(t->raw())); // never ours to free
  std::vector<Tensor> results;
  const int64_t *words = resultStorage.data();
  for (const TensorSpec &r : spec.results) {
    size_t rank = r.shape.size();
    std::vector<int64_t> shape(words + 3, words + 3 + rank);
    Tensor out(r.dtype, shape);
    // Identity layouts at the function boundary: contiguous from offset.
    const char *aligned = reinterpret_cast<const char *>(words[1]);
    std::memcpy(out.raw(), aligned + words[2] * dtypeSize(r.dtype),
                out.numBytes());
    auto allocated = static_cast<uintptr_t>(words[0]);
    if (allocated != kGlobalMarker && freed.insert(allocated).second)
      std::free(reinterpret_cast<void *>(allocated));
    results.push_back(std::move(out));
    words += descriptorWords(rank);
  }
  return results;
}

} // namespace rnnc::rt
