//===- Registration.h - dialects and passes rnnc works with ------*- C++ -*-===//
//
// One place that knows which dialects, interface models and passes the rnnc
// tools load: the rnn dialect and the upstream dialects it lowers through.
// Kept in its own library so the heavy Init* headers compile once.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_REGISTRATION_H
#define RNNC_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace rnnc {

/// Adds the rnn dialect, the upstream dialects rnnc lowers through (func,
/// arith, math, tensor, linalg, scf, memref, bufferization, cf, vector, llvm,
/// gpu, ...) and the external interface models bufferization and the
/// LLVM translation need.
void registerDialects(mlir::DialectRegistry &registry);

/// Registers the upstream passes and rnnc's own passes and pipelines with
/// the global registry, for rnnc-opt and textual pipelines.
void registerPasses();

} // namespace rnnc

#endif // RNNC_REGISTRATION_H
