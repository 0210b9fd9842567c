//===- Passes.td - conversions out of the rnn dialect ----------*- tablegen -*-===//
//
// All conversions from the rnn dialect, one directory each under
// compiler/lib/Conversion.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_CONVERSION_PASSES_TD
#define RNNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertRNNToLinalg : Pass<"convert-rnn-to-linalg"> {
  let summary = "Lower rnn ops to linalg, tensor, arith, math and scf";
  let description = [{
    The generated-code path (no library): every op becomes linalg on
    tensors, so one-shot bufferization and the LLVM lowering take over.

    - elementwise ops -> `linalg.generic` with `math`/`arith` bodies; NumPy
      broadcasting becomes the operand's indexing map (a static size-1
      dimension reads index 0; dynamic sizes are assumed equal);
    - `rnn.fill` -> `tensor.empty` + `linalg.fill`;
    - `rnn.matmul` -> `linalg.matmul`, `linalg.matmul_transpose_b` or
      `linalg.matmul_transpose_a`, leading batch dimensions collapsed into
      the GEMM's rows (`tensor.collapse_shape`/`expand_shape`);
    - `rnn.reduce` -> `linalg.reduce` (a mean divides by the count);
      `rnn.broadcast` -> `linalg.generic`; `rnn.numel` -> `tensor.dim`
      products;
    - `rnn.scan` -> `scf.for` over the steps (reversed for `reverse`),
      states and stacked outputs as iteration arguments, step slices with
      `tensor.extract_slice`, stacked outputs with `tensor.insert_slice`.

    Ops without a pattern yet are left in place (later patterns, or the
    oneDNN conversion, handle them).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::scf::SCFDialect"];
}

#endif // RNNC_CONVERSION_PASSES_TD
