//===- Distributed.cpp - the ranks of a data-parallel job -----------------===//
//
// Open MPI is loaded with dlopen, and only in a process a launcher started:
// an executable runs alone on a machine without Open MPI, and a plain
// `./model train` pays nothing for MPI. The few calls used are resolved by
// name; Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are
// the addresses of its predefined objects, resolved the same way, so the
// calls below match mpi.h's prototypes with every handle a pointer.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Distributed.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <type_traits>

using namespace rnnc::rt;

namespace {

/// Open MPI's C interface as far as the runtime uses it.
struct OpenMPI {
  using Handle = void *;
  int (*init)(int *, char ***);
  int (*initialized)(int *);
  int (*finalize)();
  int (*finalized)(int *);
  int (*commRank)(Handle, int *);
  int (*commSize)(Handle, int *);
  int (*allreduce)(const void *, void *, int, Handle, Handle, Handle);
  int (*abort)(Handle, int);
  Handle commWorld, floatType, doubleType, sumOp;
};

/// MPI_IN_PLACE in Open MPI.
void *const kInPlace = reinterpret_cast<void *>(1);

/// Open MPI, loaded and resolved; an error naming what is missing.
OpenMPI loadOpenMPI() {
  // RNNC_MPI_LIBRARY names an Open MPI installed where the loader does
  // not look (docs/distributed.md).
  std::vector<const char *> names{"libmpi.so.40", "libmpi.so"};
  if (const char *chosen = std::getenv("RNNC_MPI_LIBRARY"))
    names = {chosen};
  void *library = nullptr;
  for (const char *name : names)
    if ((library = dlopen(name, RTLD_NOW | RTLD_GLOBAL)))
      break;
  if (!library)
    throw Error(fmt::format("started by an MPI launcher, but Open MPI's "
                            "libmpi cannot be loaded: {}",
                            dlerror()));
  auto symbol = [&](const char *name) {
    void *address = dlsym(library, name);
    if (!address)
      throw Error(fmt::format("Open MPI's libmpi has no '{}'", name));
    return address;
  };
  auto resolve = [&](auto &function, const char *name) {
    function = reinterpret_cast<std::decay_t<decltype(function)>>(symbol(name));
  };
  OpenMPI mpi;
  resolve(mpi.init, "MPI_Init");
  resolve(mpi.initialized, "MPI_Initialized");
  resolve(mpi.finalize, "MPI_Finalize");
  resolve(mpi.finalized, "MPI_Finalized");
  resolve(mpi.commRank, "MPI_Comm_rank");
  resolve(mpi.commSize, "MPI_Comm_size");
  resolve(mpi.allreduce, "MPI_Allreduce");
  resolve(mpi.abort, "MPI_Abort");
  mpi.commWorld = symbol("ompi_mpi_comm_world");
  mpi.floatType = symbol("ompi_mpi_float");
  mpi.doubleType = symbol("ompi_mpi_double");
  mpi.sumOp = symbol("ompi_mpi_op_sum");
  return mpi;
}

/// Open MPI once loaded (Ranks::world() loads it in a launched process).
OpenMPI *openMPI = nullptr;

} // namespace

bool rnnc::rt::launchedAsRank() {
  for (const char *variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(variable))
      return true;
  return false;
}

Ranks &Ranks::world() {
  static Ranks ranks = [] {
    Ranks r;
    if (!launchedAsRank())
      return r;
    static OpenMPI mpi = loadOpenMPI();
    openMPI = &mpi;
    int initialised = 0;
    mpi.initialized(&initialised);
    if (!initialised)
      mpi.init(nullptr, nullptr);
    mpi.commRank(mpi.commWorld, &r.rank_);
    mpi.commSize(mpi.commWorld, &r.size_);
    r.mpi_ = true;
    return r;
  }();
  return ranks;
}

Ranks::~Ranks() {
  int finalised = 0;
  if (mpi_ && (openMPI->finalized(&finalised), !finalised))
    openMPI->finalize();
}

void Ranks::allreduce(void *values, size_t count, size_t elementSize,
                      bool isDouble) {
  if (!distributed())
    return;
  auto start = std::chrono::steady_clock::now();
  openMPI->allreduce(kInPlace, values, static_cast<int>(count),
                     isDouble ? openMPI->doubleType : openMPI->floatType,
                     openMPI->sumOp, openMPI->commWorld);
  traffic_.seconds += std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  traffic_.bytes += static_cast<int64_t>(count * elementSize);
  ++traffic_.calls;
}

void Ranks::sum(float *values, size_t count) {
  allreduce(values, count, sizeof(float), false);
}

void Ranks::sum(double *values, size_t count) {
  allreduce(values, count, sizeof(double), true);
}

Ranks::Traffic Ranks::takeTraffic() {
  Traffic taken = traffic_;
  traffic_ = Traffic();
  return taken;
}

void Ranks::abort(const std::string &message, int code) const {
  std::fprintf(stderr, "%s\n", message.c_str());
  std::fflush(stderr);
  if (mpi_)
    openMPI->abort(openMPI->commWorld, code);
  std::_Exit(code);
}

RowShare rnnc::rt::rowShare(int64_t batch, int rank, int ranks) {
  if (ranks < 1 || batch % ranks != 0)
    throw Error(fmt::format("--batch {} does not split evenly over {} ranks: "
                            "give a multiple of {}",
                            batch, ranks, ranks));
  int64_t count = batch / ranks;
  return {rank * count, count};
}

RowShare rnnc::rt::evenShare(int64_t rows, int rank, int ranks) {
  int64_t first = rows * rank / ranks;
  return {first, rows * (rank + 1) / ranks - first};
}

RowShare rnnc::rt::nearlyEvenShare(int64_t rows, int rank, int ranks) {
  if (rows < ranks)
    throw Error(fmt::format("a minibatch of {} rows cannot be shared by {} "
                            "ranks",
                            rows, ranks));
  return evenShare(rows, rank, ranks);
}

std::vector<int32_t> rnnc::rt::columns(const std::vector<int32_t> &ids,
                                       int64_t steps, int64_t batch,
                                       RowShare share) {
  std::vector<int32_t> out;
  out.reserve(static_cast<size_t>(steps * share.count));
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t b = share.first; b < share.first + share.count; ++b)
      out.push_back(ids[static_cast<size_t>(t * batch + b)]);
  return out;
}
