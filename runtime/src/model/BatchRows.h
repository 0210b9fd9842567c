//===- BatchRows.h - one row of a tensor's batch dimension -------*- C++ -*-===//
//
// A generated function's tensors carry the batch dimension B at the
// position their manifest spec names it (a state [L, B, H], an input
// [T, B]). These copy one row of B out of such a tensor and back in: the
// translation decoder keeps each sentence's states apart
// (TranslationDecoders.cpp), and gradcheck runs a one-stream step on each
// row of its problem (GradCheck.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SRC_BATCHROWS_H
#define RNNC_RUNTIME_SRC_BATCHROWS_H

#include "rnnc/runtime/Manifest.h"
#include "rnnc/runtime/Tensor.h"

#include <cstdint>
#include <optional>

namespace rnnc::rt {

/// The position of the dimension B in `spec`'s shape, if it has one.
std::optional<size_t> batchAxis(const TensorSpec &spec);

/// Copies row `row` of `t` along `axis` to `out` (the row's bytes: the
/// tensor's over its extent along `axis`).
void copyRowOut(const Tensor &t, size_t axis, int64_t row, void *out);

/// Copies `in` (the row's bytes) to row `row` of `t` along `axis`.
void copyRowIn(Tensor &t, size_t axis, int64_t row, const void *in);

/// Row `row` of `t` along `axis`, as a tensor with extent 1 there.
Tensor batchRow(const Tensor &t, size_t axis, int64_t row);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SRC_BATCHROWS_H
