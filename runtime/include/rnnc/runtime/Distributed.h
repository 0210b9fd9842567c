//===- Distributed.h - the ranks of a data-parallel job ---------*- C++ -*-===//
//
// Data-parallel training over MPI (docs/distributed.md). A process started
// by a launcher (`mpirun`, `srun`) is one rank of a job; anything else is
// the only rank of its own, and never touches MPI: no MPI_Init, no start-up
// cost, no launcher needed. Every rank runs the same training loop on its
// share of each minibatch's rows; the gradients and losses are summed
// across ranks so that every rank takes the same optimizer step.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_DISTRIBUTED_H
#define RNNC_RUNTIME_DISTRIBUTED_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rnnc::rt {

/// The ranks of this job.
class Ranks {
public:
  /// This process's job: MPI's world when a launcher started it (MPI is
  /// initialised on the first call), else one rank.
  static Ranks &world();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool isRoot() const { return rank_ == 0; }
  bool distributed() const { return size_ > 1; }

  /// Sums `values` over the ranks, in place (one MPI_Allreduce).
  void sum(float *values, size_t count);
  void sum(double *values, size_t count);

  /// What the sums cost since the last call: calls, bytes sent by this
  /// rank's MPI_Allreduce, wall seconds in them.
  struct Traffic {
    int64_t calls = 0, bytes = 0;
    double seconds = 0;
  };
  Traffic takeTraffic();

  /// Ends the whole job after `message` (one line naming this rank); the
  /// other ranks stop in whatever call they are in.
  [[noreturn]] void abort(const std::string &message, int code) const;

  /// MPI_Finalize when MPI was initialised; the destructor of world().
  ~Ranks();

private:
  Ranks() = default;
  void allreduce(void *values, size_t count, size_t elementSize,
                 bool isDouble);
  int rank_ = 0, size_ = 1;
  bool mpi_ = false;
  Traffic traffic_;
};

/// Whether a launcher started this process as one rank of a job (Open
/// MPI's OMPI_COMM_WORLD_SIZE, PMIx's PMIX_RANK, Slurm's PMI_SIZE).
bool launchedAsRank();

/// The rows [first, first + count) of a global batch of `batch` rows that
/// `rank` of `ranks` trains on; an error unless `ranks` divides `batch`.
struct RowShare {
  int64_t first = 0, count = 0;
};
RowShare rowShare(int64_t batch, int rank, int ranks);

/// Rank `rank`'s contiguous share of `rows` rows split as evenly as the
/// count allows; ranks beyond the rows get none (held-out evaluation, where
/// an idle rank changes no result).
RowShare evenShare(int64_t rows, int rank, int ranks);
/// evenShare for training minibatches (whose size --batch does not fix: the
/// last of an epoch): an error when a rank would get none.
RowShare nearlyEvenShare(int64_t rows, int rank, int ranks);

/// The columns [share.first, share.first + share.count) of a time-major
/// [steps, batch] matrix of token ids.
std::vector<int32_t> columns(const std::vector<int32_t> &ids, int64_t steps,
                             int64_t batch, RowShare share);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DISTRIBUTED_H
