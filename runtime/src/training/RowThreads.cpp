//===- RowThreads.cpp - a batch's rows trained by several threads ---------===//
//
// See RowThreads.h. Each thread sets its own rnnc_rt_batch_offset and
// rnnc_rt_training_step (thread-local, Runtime.h: its dropout masks are
// those of its rows in this batch) and runs its
// products on one OpenMP thread (the threads are the parallelism). The
// caches the generated code reaches (packed and transposed parameters,
// buffers) are per thread or locked.
//
//===----------------------------------------------------------------------===//

#include "RowThreads.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Runtime.h"

#include <exception>
#include <functional>
#include <thread>

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

// libgomp's, loaded with oneDNN (weak: absent, the products are serial).
extern "C" __attribute__((weak)) void omp_set_num_threads(int threads);
extern "C" __attribute__((weak)) int omp_get_max_threads(void);

namespace rnnc::rt {

namespace {
/// Thread `t` (not the calling thread, t = 0) on CPU t: OpenMP pinned the
/// process's first thread to one core (OMP_PROC_BIND, Threads.h), and a
/// new thread inherits that one core. Left as it is where the CPU cannot
/// be had (a narrower cpuset).
void pinToCpu(std::thread &thread, int t) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus <= 1)
    return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(int(t % cpus), &set);
  pthread_setaffinity_np(thread.native_handle(), sizeof set, &set);
}

/// `body(t)` for t < threads at once: t = 0 on this thread, the others
/// on threads pinned to their CPUs; the first exception is rethrown.
void onThreads(int threads, const std::function<void(int)> &body) {
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  auto guarded = [&](int t) {
    try {
      body(t);
    } catch (...) {
      errors[size_t(t)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    pool.emplace_back(guarded, t);
    pinToCpu(pool.back(), t);
  }
  guarded(0);
  for (std::thread &thread : pool)
    thread.join();
  for (const std::exception_ptr &error : errors)
    if (error)
      std::rethrow_exception(error);
}
} // namespace

int rowThreads(const Model &model, const TrainConfig &config, int64_t rows) {
  if (config.threads <= 1 || rows < config.threads * kMinRowsPerThread)
    return 1;
  // oneDNN's RNN primitives keep one stream and workspace per layer site,
  // and a device build runs on its device: both train on one thread.
  if (model.manifest().compiledWith.find("--layers=onednn") !=
          std::string::npos ||
      rnnc_rt_gpu_alloc)
    return 1;
  return config.threads;
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
  // The products of each thread on one OpenMP thread; this thread's own
  // count is given back after (the held-out evaluation uses it).
  int ownOpenMPThreads = omp_get_max_threads ? omp_get_max_threads() : 0;
  auto work = [&](int t) {
    if (omp_set_num_threads)
      omp_set_num_threads(1);
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
  onThreads(threads, work);
  if (ownOpenMPThreads && omp_set_num_threads)
    omp_set_num_threads(ownOpenMPThreads);

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
  onThreads(threads, [&](int t) {
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
