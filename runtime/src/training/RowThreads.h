//===- RowThreads.h - a batch's rows trained by several threads --*- C++ -*-===//
//
// `train --threads N` on the generated path: up to N threads, each with
// kMinRowsPerThread rows of the batch at least, each run train_step on
// their contiguous rows of every batch, carrying their rows' states, as
// MPI ranks do (docs/distributed.md) but inside the process: no copy of
// the model, no all-reduce, one combination of the gradients in thread
// order (bitwise the same for a given thread count; equal to one thread's
// to rounding). With too few rows for two, one call runs the batch,
// OpenMP threads inside its products. The threads are WorkerThreads.h's.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_ROWTHREADS_H
#define RNNC_RUNTIME_ROWTHREADS_H

#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/Training.h"

namespace rnnc::rt {

/// Rows per thread below which threads split the products instead.
constexpr int64_t kMinRowsPerThread = 8;

/// How many threads train `rows` rows of a batch: at most config.threads,
/// each with kMinRowsPerThread rows (workerThreadsFor).
int rowThreads(const Model &model, const TrainConfig &config, int64_t rows);

/// train_step of batch `b`'s rows `share` split over `threads` threads,
/// thread t with its states states[t] (zero when `resetStates`; updated to
/// the states its rows end with). Returns the outputs one call on all the
/// rows would give: the loss and gradients (means over the rows) weighted
/// by each thread's rows and summed in thread order.
Model::Outputs trainRowsOnThreads(const Model &model, const TokenTask &task,
                                  const TokenBatch &b, RowShare share,
                                  int threads,
                                  std::vector<std::vector<Tensor>> &states,
                                  bool resetStates);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_ROWTHREADS_H
