//===- Threads.cpp - the thread count of a compiled model -----------------===//
//
// See Threads.h.
//
//===----------------------------------------------------------------------===//

#include "Threads.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace rnnc::rt {

void setUpThreads(int argc, char **argv) {
  if (std::getenv("OMP_NUM_THREADS"))
    return; // the user's choice, or our own re-execution
  std::string threads = "1";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
      threads = argv[i + 1];
    else if (std::strncmp(argv[i], "--threads=", 10) == 0)
      threads = argv[i] + 10;
  }
  // A bad value is left to the command line's validation, in one thread.
  if (threads.empty() ||
      threads.find_first_not_of("0123456789") != std::string::npos)
    threads = "1";
  setenv("OMP_NUM_THREADS", threads.c_str(), 1);
  setenv("OMP_PROC_BIND", "true", 0);
  setenv("OMP_PLACES", "cores", 0);
  execv("/proc/self/exe", argv);
  // No /proc: carry on with OpenMP's defaults.
}

} // namespace rnnc::rt
