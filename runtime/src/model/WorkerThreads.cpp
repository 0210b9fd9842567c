//===- WorkerThreads.cpp - work split over pinned threads of the process --===//
//
// See WorkerThreads.h. Parts 1..N-1 run on the process's kept threads
// (WorkerPool below), made on first use and pinned once; a call that finds
// them in use (a nested call, or a call from another thread meanwhile)
// makes threads of its own for its parts, as every call did before.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/WorkerThreads.h"

#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/Runtime.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
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

/// Whether this thread is one of WorkerPool's, and whether it is calling
/// on them now (a nested call must not wait for the threads it holds).
thread_local bool onPoolThread = false;
thread_local bool callingPool = false;

/// The kept threads: thread t (1 <= t) runs part t of every call with more
/// than t parts, and waits between calls. Kept for the process, so that
/// every training batch starts its rows on warm threads: their caches of
/// the generated code's buffers (GeneratedBuffers.cpp) and their stacks
/// stay, and no thread is created per batch (a thread made and joined per
/// call cost the two-thread step about 0.1-0.3 ms a batch; notes in
/// docs/performance.md).
class WorkerPool {
public:
  /// The process the threads belong to.
  const pid_t owner = getpid();

  /// part(t) for 1 <= t < parts on the kept threads (made as needed) and
  /// part(0) on the caller; false, running nothing, where the threads are
  /// in use (by this caller too), the caller is one of them, or this is a
  /// fork()ed child (which
  /// has none of its parent's threads, and maybe a copy of a held lock).
  /// `part` must not throw.
  bool run(int parts, const std::function<void(int)> &part) {
    if (onPoolThread || callingPool || getpid() != owner)
      return false;
    std::unique_lock<std::mutex> own(inUse, std::try_to_lock);
    if (!own.owns_lock())
      return false;
    {
      std::lock_guard<std::mutex> guard(lock);
      while (int(threads.size()) < parts - 1) {
        int t = int(threads.size()) + 1;
        threads.emplace_back([this, t] { serve(t); });
        pinToCpu(threads.back(), t);
      }
      work = &part;
      partsNow = parts;
      running = parts - 1;
      ++round;
    }
    started.notify_all();
    callingPool = true;
    part(0);
    std::unique_lock<std::mutex> guard(lock);
    finished.wait(guard, [&] { return running == 0; });
    work = nullptr;
    callingPool = false;
    return true;
  }

  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> guard(lock);
      stopping = true;
    }
    started.notify_all();
    for (std::thread &thread : threads)
      if (onPoolThread) // exit() on a kept thread: it cannot join itself
        thread.detach();
      else
        thread.join();
  }

private:
  void serve(int t) {
    onPoolThread = true;
    uint64_t seen = 0;
    std::unique_lock<std::mutex> guard(lock);
    for (;;) {
      started.wait(guard, [&] { return stopping || round != seen; });
      if (stopping)
        return;
      seen = round;
      if (t >= partsNow)
        continue;
      const std::function<void(int)> *part = work;
      guard.unlock();
      (*part)(t);
      guard.lock();
      if (--running == 0)
        finished.notify_one();
    }
  }

  std::mutex inUse; // held by the call using the threads
  std::mutex lock;  // guards the fields below
  std::condition_variable started, finished;
  std::vector<std::thread> threads; // threads[t - 1] runs part t
  const std::function<void(int)> *work = nullptr;
  int partsNow = 0;   // the current call's parts
  int running = 0;    // its parts on kept threads not yet ended
  uint64_t round = 0; // calls so far: each thread runs a call once
  bool stopping = false;
};

WorkerPool &workerPool() {
  // Allocated, and deleted (its threads stopped and joined) at exit by the
  // process that made it only: a fork()ed child keeps its copy, whose
  // condition variables count the parent's waiting threads (destroying
  // them would wait forever) and whose threads are not the child's.
  static WorkerPool *pool = new WorkerPool;
  static struct Closer {
    ~Closer() {
      if (getpid() == pool->owner)
        delete pool;
    }
  } closer;
  return *pool;
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
  if (!workerPool().run(threads, guarded)) {
    std::vector<std::thread> own;
    for (int t = 1; t < threads; ++t) {
      own.emplace_back(guarded, t);
      pinToCpu(own.back(), t);
    }
    guarded(0);
    for (std::thread &thread : own)
      thread.join();
  }
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
