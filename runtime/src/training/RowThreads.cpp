//===- RowThreads.cpp - a batch's rows trained by several threads ---------===//
//
// See RowThreads.h. Each thread sets its own rnnc_rt_batch_offset and
// rnnc_rt_training_step (thread-local, Runtime.h: its dropout masks are
// those of its rows in this batch) on a worker thread (WorkerThreads.h).
// The caches the generated code reaches (packed and transposed parameters,
// buffers) are per thread or locked.
//
//===----------------------------------------------------------------------===//

#include "RowThreads.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Runtime.h"
#include "rnnc/runtime/WorkerThreads.h"

namespace rnnc::rt {

int rowThreads(const Model &model, const TrainConfig &config, int64_t rows) {
  return workerThreadsFor(model, config.threads, rows, kMinRowsPerThread);
}

Model::Outputs trainRowsOnThreads(const Model &model, const TokenTask &task,
                                  const TokenBatch &b, RowShare rows,
                                  int threads,
                                  std::vector<std::vector<Tensor>> &states,
                                  bool resetStates) {
  states.resize(size_t(threads));
  std::vector<RowShare> parts;
  for (int t = 0; t < threads; ++t) {
    RowShare part = rowShare(rows.count, t, threads);
    part.first += rows.first;
    parts.push_back(part);
  }
  // Every thread's train_step draws this batch's masks: the step the
  // first thread (this one) is at; it alone counts the batch.
  int64_t step = rnnc_rt_training_step;
  std::vector<Model::Outputs> outs(static_cast<size_t>(threads));
  auto work = [&](int t) {
    RowShare part = parts[size_t(t)];
    DimBindings dims = model.dims();
    dims["T"] = b.steps;
    dims["B"] = part.count;
    if (resetStates)
      states[size_t(t)] = model.zeroStates("train_step", &dims);
    Tensor x = int32Tensor(columns(b.x, b.steps, b.batch, part),
                           {b.steps, part.count});
    Tensor y = int32Tensor(columns(b.y, b.steps, b.batch, part),
                           {b.steps, part.count});
    rnnc_rt_batch_offset = part.first; // this thread's rows' masks
    rnnc_rt_training_step = step;
    outs[size_t(t)] =
        model.call("train_step", {{task.inputName, &x}, {task.targetName, &y}},
                   states[size_t(t)], &dims);
    states[size_t(t)] = std::move(outs[size_t(t)].states);
  };
  onWorkerThreads(threads, work);

  // Means over each thread's rows, weighted by its rows, in thread order;
  // each thread combines a slice of every gradient (the same operations
  // per element as one thread would do, so the same bits).
  std::vector<float> weights;
  Model::Outputs combined;
  combined.loss = 0;
  for (int t = 0; t < threads; ++t) {
    double share = double(parts[size_t(t)].count) / double(rows.count);
    weights.push_back(float(share));
    combined.loss += outs[size_t(t)].loss * share;
  }
  for (const Tensor &grad : outs[0].grads)
    if (grad.dtype() != DType::F32)
      throw Error("training on several threads needs f32 gradients");
  std::vector<Tensor> grads = std::move(outs[0].grads);
  onWorkerThreads(threads, [&](int t) {
    for (size_t k = 0; k < grads.size(); ++k) {
      int64_t n = grads[k].numElements();
      int64_t lo = n * t / threads, hi = n * (t + 1) / threads;
      float *g = grads[k].data<float>();
      for (int64_t i = lo; i < hi; ++i)
        g[i] *= weights[0];
      for (int s = 1; s < threads; ++s) {
        const float *h = outs[size_t(s)].grads[k].data<float>();
        for (int64_t i = lo; i < hi; ++i)
          g[i] += weights[size_t(s)] * h[i];
      }
    }
  });
  combined.grads = std::move(grads);
  return combined;
}

} // namespace rnnc::rt
