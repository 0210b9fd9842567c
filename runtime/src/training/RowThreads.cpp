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
#include <thread>

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

// libgomp's, loaded with oneDNN (weak: absent, the products are serial).
extern "C" __attribute__((weak)) void omp_set_num_threads(int threads);

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
                                  const TokenBatch &b, RowShare share,
                                  int threads,
                                  std::vector<std::vector<Tensor>> &states,
                                  bool resetStates) {
  states.resize(size_t(threads));
  std::vector<RowShare> parts;
  for (int t = 0; t < threads; ++t) {
    RowShare part = rowShare(share.count, t, threads);
    part.first += share.first;
    parts.push_back(part);
  }
  // Every thread's train_step draws this batch's masks: the step the
  // first thread (this one) is at; it alone counts the batch.
  int64_t step = rnnc_rt_training_step;
  std::vector<Model::Outputs> outs(static_cast<size_t>(threads));
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  auto work = [&](int t) {
    try {
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
    } catch (...) {
      errors[size_t(t)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    pool.emplace_back(work, t);
    pinToCpu(pool.back(), t);
  }
  work(0);
  for (std::thread &thread : pool)
    thread.join();
  for (const std::exception_ptr &error : errors)
    if (error)
      std::rethrow_exception(error);

  // Means over each thread's rows, weighted by its rows, in thread order.
  Model::Outputs combined = std::move(outs[0]);
  double total = double(share.count);
  float first = float(double(parts[0].count) / total);
  combined.loss *= double(parts[0].count) / total;
  for (Tensor &grad : combined.grads) {
    if (grad.dtype() != DType::F32)
      throw Error("training on several threads needs f32 gradients");
    float *g = grad.data<float>();
    for (int64_t i = 0; i < grad.numElements(); ++i)
      g[i] *= first;
  }
  for (int t = 1; t < threads; ++t) {
    float weight = float(double(parts[size_t(t)].count) / total);
    combined.loss += outs[size_t(t)].loss * double(parts[size_t(t)].count) / total;
    for (size_t k = 0; k < combined.grads.size(); ++k) {
      float *g = combined.grads[k].data<float>();
      const float *h = outs[size_t(t)].grads[k].data<float>();
      for (int64_t i = 0; i < combined.grads[k].numElements(); ++i)
        g[i] += weight * h[i];
    }
  }
  return combined;
}

} // namespace rnnc::rt
