// rnn-codegen-pack-model-abi refuses a C interface whose function is missing.
// RUN: rnnc-opt %s --verify-diagnostics --rnn-codegen-pack-model-abi
module {
  // expected-error@+1 {{'llvm.func' op wraps @gone, which is missing}}
  llvm.func @_mlir_ciface_gone(%x: i64) {
    llvm.return
  }
}
