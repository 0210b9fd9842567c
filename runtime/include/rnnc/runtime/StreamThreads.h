//===- StreamThreads.h - batched generation on several threads ---*- C++ -*-===//
//
// `generate --samples N --threads M`: the N streams split into M
// contiguous shares, each stepped by its own StepAdapter on a worker
// thread (WorkerThreads.h). A stream's tokens do not depend on the others
// (StepWeights.h: each row computed as it would be alone) and stream r
// samples with seed + r wherever it runs, so the output is the same, bit
// for bit, for every M.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_STREAMTHREADS_H
#define RNNC_RUNTIME_STREAMTHREADS_H

#include "rnnc/runtime/Generation.h"
#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/StepWeights.h"

namespace rnnc::rt {

/// Streams per thread below which fewer threads step them (one stream is
/// already a whole pass over the weights per token).
constexpr int64_t kMinStreamsPerThread = 1;

/// decodeStreams of `streams` streams of `model` on at most `threads`
/// threads, the weights of every step in `weights`.
std::vector<std::vector<int32_t>>
decodeStreamsOnThreads(const Model &model, const std::vector<int32_t> &prefix,
                       const DecodeOptions &options, int64_t streams,
                       int threads, WeightFormat weights);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_STREAMTHREADS_H
