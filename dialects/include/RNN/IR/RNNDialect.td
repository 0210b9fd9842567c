//===- RNNDialect.td - the rnn dialect definition -------------*- tablegen -*-===//
//
// The `rnn` dialect: value-semantics tensor ops for recurrent models, the
// form that the .rnn frontend produces and that the BPTT, unroll and fusion
// passes transform before lowering to oneDNN calls, linalg or GPU kernels.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_DIALECT_TD
#define RNN_DIALECT_TD

include "mlir/IR/OpBase.td"

def RNN_Dialect : Dialect {
  let name = "rnn";
  let cppNamespace = "::mlir::rnn";
  let summary = "Tensor-level operations for recurrent neural networks";
  let description = [{
    The `rnn` dialect describes a recurrent model as a dataflow of tensor
    operations with value semantics. A model is an `rnn.model` container that
    holds parameter declarations (`rnn.param`) and functions that read them
    (`rnn.param_read`). Recurrence is expressed either with the region op
    `rnn.scan`, which iterates a user-written cell over the leading (time)
    dimension, or with the whole-sequence layers `rnn.vanilla`, `rnn.gru` and
    `rnn.lstm` that map one to one onto library primitives.

    Layout convention: sequences are time-major, `[T, B, ...]`.
  }];
  let useDefaultAttributePrinterParser = 1;
  // Adjoint rules build tensor slices and index arithmetic.
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
  let extraClassDeclaration = [{
    /// Registers the attributes (defined in RNNAttrs.cpp).
    void registerAttributes();
  }];
}

class RNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<RNN_Dialect, mnemonic, traits>;

// Floating-point tensors carry activations, parameters and losses.
def RNN_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
// Integer tensors carry token ids, class labels and valid lengths.
def RNN_IndexTensor : RankedTensorOf<[I32, I64]>;
// Sequences a scan iterates: activations, or token ids a step looks up.
def RNN_SequenceTensor : RankedTensorOf<[F16, BF16, F32, F64, I32, I64]>;
// A rank-0 float tensor: a loss.
def RNN_ScalarTensor : 0DTensorOf<[F16, BF16, F32, F64]>;

#endif // RNN_DIALECT_TD
