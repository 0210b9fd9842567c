//===- WorkerThreadsTest.cpp - the worker threads of --threads ------------===//
//
// Every part runs once, part 0 on the calling thread and each other part
// on a thread of its own, kept from one call to the next; a nested call
// and calls from several threads at once complete; the first exception
// comes back once every part has ended, and later calls run as before; a
// fork()ed child's calls and exit complete (its parent's kept threads are
// not its own).
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/WorkerThreads.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

// LeakSanitizer's, present only in a sanitized build (a sign of one).
extern "C" __attribute__((weak)) void __lsan_disable();

namespace {

using rnnc::rt::onWorkerThreads;

/// The thread that ran each of `threads` parts of one call.
std::vector<std::thread::id> threadsOfParts(int threads) {
  std::vector<std::thread::id> ids(static_cast<size_t>(threads));
  std::vector<int> runs(static_cast<size_t>(threads), 0);
  onWorkerThreads(threads, [&](int t) {
    ids[size_t(t)] = std::this_thread::get_id();
    ++runs[size_t(t)];
  });
  for (int t = 0; t < threads; ++t)
    EXPECT_EQ(runs[size_t(t)], 1) << "part " << t;
  return ids;
}

TEST(WorkerThreads, EveryPartRunsOnceAndPartZeroOnTheCaller) {
  std::vector<std::thread::id> ids = threadsOfParts(3);
  EXPECT_EQ(ids[0], std::this_thread::get_id());
  EXPECT_NE(ids[1], ids[0]);
  EXPECT_NE(ids[2], ids[0]);
  EXPECT_NE(ids[1], ids[2]);
}

TEST(WorkerThreads, ConsecutiveCallsRunOnTheSameKeptThreads) {
  // A thread's own count of the parts it ran (a new thread's starts at 0;
  // thread ids are no proof, the system reuses them).
  static thread_local int partsRunHere = 0;
  std::vector<int> before(3), after(3);
  for (int call = 0; call < 3; ++call)
    onWorkerThreads(call == 1 ? 2 : 3, [&](int t) {
      if (call == 0)
        before[size_t(t)] = partsRunHere;
      if (call == 2)
        after[size_t(t)] = partsRunHere;
      ++partsRunHere;
    });
  EXPECT_EQ(after[1] - before[1], 2) << "part 1's thread ran every call";
  EXPECT_EQ(after[2] - before[2], 1) << "part 2's thread ran calls 1 and 3";
}

TEST(WorkerThreads, AForkedChildsCallsAndExitComplete) {
  threadsOfParts(2); // the parent's threads are made
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::atomic<int> parts{0};
    onWorkerThreads(2, [&](int) { ++parts; });
    int code = parts.load() == 2 ? 0 : 1;
    // Exit handlers run, the pool's among them. Under LeakSanitizer the
    // parent's thread state, held by stacks the child does not run, would
    // read as leaked, so a sanitized child skips them (the plain build of
    // this test runs them).
    if (__lsan_disable)
      _exit(code);
    std::exit(code);
  }
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      FAIL() << "the forked child hung";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(WorkerThreads, ANestedCallCompletes) {
  std::atomic<int> inner{0};
  onWorkerThreads(2, [&](int) {
    onWorkerThreads(2, [&](int) { ++inner; });
  });
  EXPECT_EQ(inner.load(), 4);
}

TEST(WorkerThreads, CallsFromSeveralThreadsAllComplete) {
  std::atomic<int> parts{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 3; ++c)
    callers.emplace_back([&] {
      for (int call = 0; call < 50; ++call)
        onWorkerThreads(2, [&](int) { ++parts; });
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(parts.load(), 3 * 50 * 2);
}

TEST(WorkerThreads, TheFirstExceptionComesBackAfterEveryPartEnded) {
  std::atomic<int> ended{0};
  EXPECT_THROW(onWorkerThreads(3,
                               [&](int t) {
                                 ++ended;
                                 if (t == 1)
                                   throw std::runtime_error("part 1");
                               }),
               std::runtime_error);
  EXPECT_EQ(ended.load(), 3);
  EXPECT_EQ(threadsOfParts(3).size(), 3u); // and a later call runs
}

} // namespace
