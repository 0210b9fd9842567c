//===- WorkerThreads.h - work split over pinned threads of the process -*- C++ -*-===//
//
// `--threads N` where the work splits into independent parts (rows of a
// training batch, streams of batched generation, batches of sentences to
// translate): part t runs on thread t, pinned to CPU t, its products on
// one OpenMP thread (the threads are the parallelism; OpenMP inside them
// would oversubscribe the cores). The calling thread is thread 0; threads
// 1..N-1 are made once and kept for the process (a call that finds them in
// use, nested or from another thread, makes its own). The
// parts are split as Distributed.h's evenShare splits rows over ranks.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_WORKERTHREADS_H
#define RNNC_RUNTIME_WORKERTHREADS_H

#include <cstdint>
#include <functional>

namespace rnnc::rt {

class Model;

/// How many worker threads share `items` parts of work on `model`: at
/// most `requested`, each with `minItemsPerThread` items at least, and one
/// where the model cannot run on several threads (oneDNN's RNN primitives
/// keep one stream and workspace per layer site; a device build runs on
/// its device).
int workerThreadsFor(const Model &model, int requested, int64_t items,
                     int64_t minItemsPerThread);

/// `body(t)` for every t < threads at once, each on one OpenMP thread;
/// the calling thread's OpenMP thread count is given back after. The
/// first exception thrown is rethrown once all have ended.
void onWorkerThreads(int threads, const std::function<void(int)> &body);

/// The OpenMP threads a product made on this thread may split over: 1 on
/// a worker thread, --threads elsewhere, 1 where OpenMP is not loaded.
int productThreads();

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_WORKERTHREADS_H
