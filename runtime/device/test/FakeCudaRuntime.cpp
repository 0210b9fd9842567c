//===- FakeCudaRuntime.cpp - a CUDA runtime on the host, for tests --------===//
//
// See FakeCudaRuntime.h. Every entry point CudaDevice.cpp and CudaBlas.cpp
// call, by the signatures of the toolkit's cuda_runtime_api.h. Graph nodes
// must form a chain (each depending on the one before), which is what
// CudaDevice promises its command lists are: anything else is refused as
// cudaErrorInvalidValue. Stream capture records what a library enqueues
// (fakecuda::enqueue) as host nodes of the captured graph, which a child
// graph node copies.
//
//===----------------------------------------------------------------------===//

#include "FakeCudaRuntime.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

struct CUgraph_st;
struct CUstream_st {
  CUgraph_st *capturing = nullptr; // between Begin and EndCapture
};
struct CUlib_st {
  int unused = 0;
};
struct CUkern_st {
  std::string name;
  int paramCount = 0;
  fakecuda::Kernel run;
};
struct CUgraphNode_st {
  enum Kind { Kernel, Copy, Fill, Host, Child } kind = Kernel;
  CUkern_st *kernel = nullptr;
  dim3 grid, block;
  std::vector<uint64_t> params; // copied at creation
  void *dst = nullptr;
  const void *src = nullptr;
  size_t bytes = 0;
  unsigned value = 0;
  std::function<void()> host;          // Host: a library's captured work
  std::vector<CUgraphNode_st> children; // Child: the child graph's nodes
};
struct CUgraph_st {
  std::vector<std::unique_ptr<CUgraphNode_st>> nodes;
};
struct CUgraphExec_st {
  std::vector<CUgraphNode_st> nodes;
};

namespace fakecuda {

// The fake's state outlives every static destructor (as the driver does
// a process's): the bridge's session frees its buffers at exit.
Machine &machine() {
  static auto *m = new Machine();
  return *m;
}

Counters &counters() {
  static auto *c = new Counters();
  return *c;
}

namespace {
/// Device memory in use, against Machine::memoryBytes.
struct Allocated {
  std::map<void *, size_t> sizes;
  size_t total = 0;
};
Allocated &allocated() {
  static auto *memory = new Allocated();
  return *memory;
}

std::map<std::string, std::unique_ptr<CUkern_st>> &kernels() {
  static auto *table = new std::map<std::string, std::unique_ptr<CUkern_st>>();
  return *table;
}

void run(const CUgraphNode_st &node) {
  switch (node.kind) {
  case CUgraphNode_st::Kernel:
    node.kernel->run(node.grid, node.block, node.params.data());
    ++counters().kernelsRun;
    break;
  case CUgraphNode_st::Copy:
    std::memcpy(node.dst, node.src, node.bytes);
    break;
  case CUgraphNode_st::Fill:
    for (size_t i = 0; i < node.bytes / 4; ++i)
      std::memcpy(static_cast<char *>(node.dst) + 4 * i, &node.value, 4);
    break;
  case CUgraphNode_st::Host:
    node.host();
    break;
  case CUgraphNode_st::Child:
    for (const CUgraphNode_st &child : node.children)
      run(child);
    break;
  }
}

/// The chain rule: no dependency for the first node, the last one else.
bool chained(CUgraph_st *graph, const cudaGraphNode_t *deps, size_t count) {
  if (graph->nodes.empty())
    return count == 0;
  return count == 1 && deps[0] == graph->nodes.back().get();
}

cudaError_t add(cudaGraphNode_t *out, cudaGraph_t graph,
                const cudaGraphNode_t *deps, size_t count,
                std::unique_ptr<CUgraphNode_st> node) {
  if (!chained(graph, deps, count))
    return cudaErrorInvalidValue;
  *out = node.get();
  graph->nodes.push_back(std::move(node));
  ++counters().nodesAdded;
  return cudaSuccess;
}
} // namespace

void enqueue(cudaStream_t stream, std::function<void()> work) {
  if (!stream || !stream->capturing) {
    work();
    return;
  }
  CUgraph_st *graph = stream->capturing;
  auto node = std::make_unique<CUgraphNode_st>();
  node->kind = CUgraphNode_st::Host;
  node->host = std::move(work);
  graph->nodes.push_back(std::move(node));
}

void registerKernel(const std::string &name, int paramCount, Kernel kernel) {
  auto entry = std::make_unique<CUkern_st>();
  entry->name = name;
  entry->paramCount = paramCount;
  entry->run = std::move(kernel);
  kernels()[name] = std::move(entry);
}

} // namespace fakecuda

using fakecuda::machine;

extern "C" {

cudaError_t cudaDriverGetVersion(int *version) {
  *version = machine().driverVersion;
  return cudaSuccess;
}
cudaError_t cudaRuntimeGetVersion(int *version) {
  *version = 13000;
  return cudaSuccess;
}
cudaError_t cudaGetDeviceCount(int *count) {
  *count = 0;
  if (machine().driverVersion == 0 || machine().driverTooOld)
    return cudaErrorInsufficientDriver;
  if (machine().deviceCount == 0)
    return cudaErrorNoDevice;
  *count = machine().deviceCount;
  return cudaSuccess;
}
cudaError_t cudaGetDeviceProperties(cudaDeviceProp *prop, int device) {
  if (device < 0 || device >= machine().deviceCount)
    return cudaErrorInvalidDevice;
  std::memset(prop, 0, sizeof *prop);
  std::snprintf(prop->name, sizeof prop->name, "Fake GPU %d", device);
  prop->major = machine().major;
  prop->minor = machine().minor;
  prop->totalGlobalMem = machine().memoryBytes;
  prop->managedMemory = machine().managedMemory;
  return cudaSuccess;
}
cudaError_t cudaSetDevice(int) { return cudaSuccess; }
const char *cudaGetErrorName(cudaError_t error) {
  static std::string text;
  text = "cudaError" + std::to_string(int(error));
  return text.c_str();
}
const char *cudaGetErrorString(cudaError_t) { return "a fake error"; }
cudaError_t cudaGetLastError(void) { return cudaSuccess; }
cudaError_t cudaDeviceSynchronize(void) { return cudaSuccess; }

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *stream, unsigned int) {
  *stream = new CUstream_st();
  return cudaSuccess;
}
cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  delete stream;
  return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
cudaError_t cudaStreamBeginCapture(cudaStream_t stream,
                                   enum cudaStreamCaptureMode) {
  if (stream->capturing)
    return cudaErrorIllegalState;
  stream->capturing = new CUgraph_st();
  return cudaSuccess;
}
cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *graph) {
  if (!stream->capturing)
    return cudaErrorIllegalState;
  *graph = stream->capturing;
  stream->capturing = nullptr;
  return cudaSuccess;
}

cudaError_t cudaMalloc(void **pointer, size_t size) {
  *pointer = nullptr;
  if (fakecuda::allocated().total + size > machine().memoryBytes)
    return cudaErrorMemoryAllocation;
  *pointer = std::aligned_alloc(256, (size + 255) / 256 * 256);
  if (!*pointer)
    return cudaErrorMemoryAllocation;
  fakecuda::allocated().sizes[*pointer] = size;
  fakecuda::allocated().total += size;
  return cudaSuccess;
}
cudaError_t cudaMallocManaged(void **pointer, size_t size, unsigned int) {
  return cudaMalloc(pointer, size);
}
cudaError_t cudaFree(void *pointer) {
  auto &memory = fakecuda::allocated();
  if (auto it = memory.sizes.find(pointer); it != memory.sizes.end()) {
    memory.total -= it->second;
    memory.sizes.erase(it);
  }
  std::free(pointer);
  return cudaSuccess;
}
cudaError_t cudaMemcpy(void *dst, const void *src, size_t count,
                       enum cudaMemcpyKind) {
  std::memcpy(dst, src, count);
  return cudaSuccess;
}
cudaError_t cudaMemsetAsync(void *dst, int value, size_t count,
                            cudaStream_t) {
  std::memset(dst, value, count);
  return cudaSuccess;
}

cudaError_t cudaLibraryLoadData(cudaLibrary_t *library, const void *code,
                                enum cudaJitOption *, void **, unsigned int,
                                enum cudaLibraryOption *, void **,
                                unsigned int) {
  uint32_t magic;
  std::memcpy(&magic, code, 4);
  if (magic != 0xBA55ED50u)
    return cudaErrorInvalidKernelImage;
  if (!machine().kernelImage)
    return cudaErrorNoKernelImageForDevice;
  *library = new CUlib_st();
  ++fakecuda::counters().librariesLoaded;
  return cudaSuccess;
}
cudaError_t cudaLibraryUnload(cudaLibrary_t library) {
  delete library;
  return cudaSuccess;
}
cudaError_t cudaLibraryGetKernel(cudaKernel_t *kernel, cudaLibrary_t,
                                 const char *name) {
  auto it = fakecuda::kernels().find(name);
  if (it == fakecuda::kernels().end())
    return cudaErrorSymbolNotFound;
  *kernel = it->second.get();
  return cudaSuccess;
}

cudaError_t cudaGraphCreate(cudaGraph_t *graph, unsigned int) {
  *graph = new CUgraph_st();
  return cudaSuccess;
}
cudaError_t cudaGraphDestroy(cudaGraph_t graph) {
  delete graph;
  return cudaSuccess;
}
cudaError_t cudaGraphAddKernelNode(cudaGraphNode_t *out, cudaGraph_t graph,
                                   const cudaGraphNode_t *deps, size_t count,
                                   const struct cudaKernelNodeParams *p) {
  auto *kernel = static_cast<CUkern_st *>(p->func);
  auto node = std::make_unique<CUgraphNode_st>();
  node->kind = CUgraphNode_st::Kernel;
  node->kernel = kernel;
  node->grid = p->gridDim;
  node->block = p->blockDim;
  for (int i = 0; i < kernel->paramCount; ++i) {
    uint64_t value;
    std::memcpy(&value, p->kernelParams[i], 8);
    node->params.push_back(value);
  }
  return fakecuda::add(out, graph, deps, count, std::move(node));
}
cudaError_t cudaGraphAddMemcpyNode1D(cudaGraphNode_t *out, cudaGraph_t graph,
                                     const cudaGraphNode_t *deps,
                                     size_t count, void *dst, const void *src,
                                     size_t bytes, enum cudaMemcpyKind) {
  auto node = std::make_unique<CUgraphNode_st>();
  node->kind = CUgraphNode_st::Copy;
  node->dst = dst;
  node->src = src;
  node->bytes = bytes;
  return fakecuda::add(out, graph, deps, count, std::move(node));
}
cudaError_t cudaGraphAddMemsetNode(cudaGraphNode_t *out, cudaGraph_t graph,
                                   const cudaGraphNode_t *deps, size_t count,
                                   const struct cudaMemsetParams *p) {
  if (p->elementSize != 4 || p->height != 1)
    return cudaErrorInvalidValue;
  auto node = std::make_unique<CUgraphNode_st>();
  node->kind = CUgraphNode_st::Fill;
  node->dst = p->dst;
  node->bytes = p->width * 4;
  node->value = p->value;
  return fakecuda::add(out, graph, deps, count, std::move(node));
}
cudaError_t cudaGraphAddChildGraphNode(cudaGraphNode_t *out, cudaGraph_t graph,
                                       const cudaGraphNode_t *deps,
                                       size_t count, cudaGraph_t child) {
  auto node = std::make_unique<CUgraphNode_st>();
  node->kind = CUgraphNode_st::Child;
  for (const auto &captured : child->nodes) // a copy: the caller may destroy
    node->children.push_back(*captured);
  return fakecuda::add(out, graph, deps, count, std::move(node));
}
cudaError_t cudaGraphInstantiate(cudaGraphExec_t *exec, cudaGraph_t graph,
                                 unsigned long long) {
  *exec = new CUgraphExec_st();
  for (const auto &node : graph->nodes)
    (*exec)->nodes.push_back(*node);
  ++fakecuda::counters().graphsInstantiated;
  return cudaSuccess;
}
cudaError_t cudaGraphExecDestroy(cudaGraphExec_t exec) {
  delete exec;
  return cudaSuccess;
}
cudaError_t cudaGraphLaunch(cudaGraphExec_t exec, cudaStream_t) {
  for (const CUgraphNode_st &node : exec->nodes)
    fakecuda::run(node);
  ++fakecuda::counters().graphLaunches;
  return cudaSuccess;
}

} // extern "C"
