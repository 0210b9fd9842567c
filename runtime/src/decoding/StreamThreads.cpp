//===- StreamThreads.cpp - batched generation on several threads ----------===//
//
// See StreamThreads.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/StreamThreads.h"

#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/StepAdapter.h"
#include "rnnc/runtime/WorkerThreads.h"

namespace rnnc::rt {

std::vector<std::vector<int32_t>>
decodeStreamsOnThreads(const Model &model, const std::vector<int32_t> &prefix,
                       const DecodeOptions &options, int64_t streams,
                       int threads, WeightFormat weights) {
  threads = workerThreadsFor(model, threads, streams, kMinStreamsPerThread);
  std::vector<std::vector<std::vector<int32_t>>> parts(
      static_cast<size_t>(threads));
  onWorkerThreads(threads, [&](int t) {
    RowShare share = evenShare(streams, t, threads);
    StepAdapter adapter(model, share.count);
    adapter.setWeights(weights);
    DecodeOptions own = options;
    own.seed = options.seed + uint64_t(share.first); // stream r: seed + r
    parts[size_t(t)] = decodeStreams(adapter, prefix, own);
  });
  std::vector<std::vector<int32_t>> out;
  for (std::vector<std::vector<int32_t>> &part : parts)
    for (std::vector<int32_t> &stream : part)
      out.push_back(std::move(stream));
  return out;
}

} // namespace rnnc::rt
