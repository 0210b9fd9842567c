//===- ModelFunction.cpp - calling a generated function
//--------------------===//
//
// See ModelFunction.h. A ranked memref descriptor is, word by word:
// allocated pointer, aligned pointer, offset, sizes[rank], strides[rank].
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/ModelFunction.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Runtime.h"

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
    if (!arg.shape[d].isAny() && arg.shape[d].evaluate(dims) != shape[d])
      return false;
  return true;
}
} // namespace

BoundFunction::BoundFunction(EntryPoint entry, const FunctionSpec &spec,
                             const DimBindings &dims,
                             std::vector<const Tensor *> tensors,
                             ResultBuffers buffers)
    : entry(entry), spec(&spec), buffers(buffers),
      tensors(std::move(tensors)) {
  // Arguments: one int64 per dimension, one descriptor per tensor, all in
  // one buffer (sized up front: the pointers into it stay valid); then
  // the results' descriptors.
  size_t words = 0;
  for (const TensorSpec &arg : spec.args)
    words += arg.isDim() ? 1 : descriptorWords(arg.shape.size());
  size_t argWords = words;
  for (const TensorSpec &r : spec.results)
    words += descriptorWords(r.shape.size());
  storage.assign(words, 0);
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
    if (next >= this->tensors.size())
      throw Error(
          fmt::format("{}: missing {} '{}'", spec.name, arg.role, arg.name));
    const Tensor &t = *this->tensors[next++];
    if (t.dtype() != arg.dtype || !hasShape(arg, t.shape(), dims))
      throw Error(fmt::format("{}: {} '{}' is {}, expected {}", spec.name,
                              arg.role, arg.name, t.describe(),
                              typeString(arg.dtype, arg.shapeUnder(dims))));
    fillDescriptor(slot, const_cast<void *>(t.raw()), t.shape());
    descriptors.push_back(slot);
    args.push_back(slot);
    slot += descriptorWords(t.shape().size());
  }
  if (next != this->tensors.size())
    throw Error(fmt::format("{}: {} tensors given, {} expected", spec.name,
                            this->tensors.size(), next));
  resultWords = storage.data() + argWords;
  args.push_back(resultWords);
  results_.resize(spec.results.size());
  freed.reserve(this->tensors.size() + spec.results.size());
  replaced.reserve(spec.results.size());
}

void BoundFunction::run() {
  // The tensors' buffers, as they are now.
  for (size_t i = 0; i < tensors.size(); ++i) {
    auto data = reinterpret_cast<int64_t>(tensors[i]->raw());
    descriptors[i][0] = data;
    descriptors[i][1] = data;
  }
  entry(args.data());

  // The arguments' buffers are never ours to free or adopt.
  freed.clear();
  for (const Tensor *t : tensors)
    freed.push_back(reinterpret_cast<uintptr_t>(t->raw()));
  // A result in a device buffer of its own becomes its tensor (a Vulkan
  // build: no copy); any other is copied out before any buffer is freed:
  // two results may be one buffer (a value returned twice, as an LSTM's
  // bias_ih and bias_hh gradients are). Tensors replaced here may be this
  // call's arguments (a state fed back): they go when the call is done.
  replaced.clear();
  const int64_t *result = resultWords;
  for (size_t i = 0; i < spec->results.size(); ++i) {
    const TensorSpec &r = spec->results[i];
    size_t rank = r.shape.size();
    Tensor &out = results_[i];
    std::vector<int64_t> shape(result + 3, result + 3 + rank);
    auto allocated = static_cast<uintptr_t>(result[0]);
    auto *aligned = reinterpret_cast<char *>(result[1]);
    bool own = allocated != kGlobalMarker &&
               std::find(freed.begin(), freed.end(), allocated) == freed.end();
    bool whole = own && allocated == uintptr_t(aligned) && result[2] == 0;
    if (whole && rnnc_rt_gpu_owns && rnnc_rt_gpu_owns(aligned)) {
      replaced.push_back(std::move(out));
      out = Tensor::adoptDeviceBuffer(r.dtype, std::move(shape), aligned);
      freed.push_back(allocated);
    } else if (whole && buffers == ResultBuffers::Adopt) {
      replaced.push_back(std::move(out));
      out = Tensor::adoptGeneratedBuffer(r.dtype, std::move(shape), aligned);
      freed.push_back(allocated);
    } else {
      if (!out.raw() || out.dtype() != r.dtype || out.shape() != shape) {
        replaced.push_back(std::move(out));
        out = Tensor(r.dtype, std::move(shape));
      }
      // Identity layouts at the function boundary: contiguous from offset.
      std::memcpy(out.raw(), aligned + result[2] * dtypeSize(r.dtype),
                  out.numBytes());
    }
    result += descriptorWords(rank);
  }
  result = resultWords;
  for (const TensorSpec &r : spec->results) {
    auto allocated = static_cast<uintptr_t>(result[0]);
    if (allocated != kGlobalMarker &&
        std::find(freed.begin(), freed.end(), allocated) == freed.end()) {
      freed.push_back(allocated);
      rnnc_rt_free_buffer(reinterpret_cast<void *>(allocated));
    }
    result += descriptorWords(r.shape.size());
  }
  replaced.clear();
}

std::vector<Tensor> callFunction(EntryPoint entry, const FunctionSpec &spec,
                                 const DimBindings &dims,
                                 const std::vector<const Tensor *> &tensors,
                                 ResultBuffers buffers) {
  BoundFunction call(entry, spec, dims, tensors, buffers);
  call.run();
  return call.takeResults();
}

} // namespace rnnc::rt
