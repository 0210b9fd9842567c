//===- rnnc-opt.cpp - the rnnc optimizer driver ----------------------------===//
//
// MlirOptMain with the rnn dialect, the upstream dialects rnnc lowers through
// and every registered pass and pipeline: replays any step of the compiler
// on textual IR, for lit tests and debugging.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  rnnc::registerDialects(registry);
  rnnc::registerPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "rnnc optimizer driver\n", registry));
}
