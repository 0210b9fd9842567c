//===- Threads.h - the thread count of a compiled model -------------------===//
//
// oneDNN runs on OpenMP, whose runtime reads its settings from the
// environment once, when it loads. `--threads N` (default 1) therefore
// takes effect by setting OMP_NUM_THREADS=N with pinned threads
// (OMP_PROC_BIND=true, OMP_PLACES=cores; unpinned threads were measured
// 10-300x slower on shared machines) and re-executing the program once.
// An OMP_NUM_THREADS set by the user is left alone.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_DRIVER_THREADS_H
#define RNNC_RUNTIME_DRIVER_THREADS_H

namespace rnnc::rt {

/// Returns normally when the environment is set up; otherwise sets it and
/// re-executes the program with the same arguments.
void setUpThreads(int argc, char **argv);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DRIVER_THREADS_H
