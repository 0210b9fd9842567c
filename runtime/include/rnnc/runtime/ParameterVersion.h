//===- ParameterVersion.h - when the parameters may have changed -*- C++ -*-===//
//
// A process-wide counter that every writer of model parameters advances:
// mutable access to the parameters, initialisation, optimizer steps, and
// every call of `train_step` (an update follows). The oneDNN layers reuse
// the weights they reordered into the primitives' layouts, and the GEMM
// its transposed parameter matrices (Gemm.cpp), while it stands still,
// which is what makes one-token generation calls cheap.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_PARAMETERVERSION_H
#define RNNC_RUNTIME_PARAMETERVERSION_H

#include <cstdint>

namespace rnnc::rt {

/// The current version of the parameters.
uint64_t parameterVersion();

/// Records that parameters may have been written.
void parametersMayChange();

/// Versions an entry of a cache of what is prepared from parameters
/// (transposes, packed panels: keyed by the parameter's address) may go
/// unused before it is dropped. Several versions pass per training step
/// (the step, the update), so parameters in use are prepared again well
/// within it; an entry left this long is of a buffer that is likely no
/// longer a parameter (a PyTorch module's weights replaced, weights
/// loaded elsewhere), and without this it would be kept for good.
constexpr uint64_t kUnusedVersionsKept = 64;

/// Drops the entries of `entries` (a map whose values' `version` is the
/// version they were last prepared for) unused for kUnusedVersionsKept
/// versions, once per version (`sweptAt` remembers the last sweep).
template <typename Map>
void dropUnusedPrepared(Map &entries, uint64_t now, uint64_t &sweptAt) {
  if (now == sweptAt)
    return;
  sweptAt = now;
  for (auto it = entries.begin(); it != entries.end();) {
    if (it->second.version + kUnusedVersionsKept < now)
      it = entries.erase(it);
    else
      ++it;
  }
}

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_PARAMETERVERSION_H
