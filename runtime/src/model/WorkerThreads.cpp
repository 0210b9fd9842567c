//===- WorkerThreads.cpp - work split over pinned threads of the process --===//
//
// See WorkerThreads.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/WorkerThreads.h"

#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/Runtime.h"

#include <algorithm>

#include <exception>
#include <thread>
#include <vector>

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
} // namespace

int workerThreadsFor(const Model &model, int requested, int64_t items,
                     int64_t minItemsPerThread) {
  if (model.manifest().compiledWith.find("--layers=onednn") !=
          std::string::npos ||
      rnnc_rt_gpu_alloc)
    return 1;
  int64_t most = items / std::max<int64_t>(minItemsPerThread, 1);
  return int(std::clamp<int64_t>(most, 1, std::max(requested, 1)));
}

void onWorkerThreads(int threads, const std::function<void(int)> &body) {
  int ownOpenMPThreads = omp_get_max_threads ? omp_get_max_threads() : 0;
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  auto guarded = [&](int t) {
    try {
      if (omp_set_num_threads)
        omp_set_num_threads(1);
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
  if (ownOpenMPThreads && omp_set_num_threads)
    omp_set_num_threads(ownOpenMPThreads);
  for (const std::exception_ptr &error : errors)
    if (error)
      std::rethrow_exception(error);
}

int productThreads() {
  return omp_get_max_threads ? omp_get_max_threads() : 1;
}

} // namespace rnnc::rt
