//===- Passes.td - code generation on linalg, memref and LLVM -*- tablegen -*-===//
//
// The passes that work below the rnn dialect, on what the conversions
// produce: linalg on tensors (merging elementwise loops), bufferization's
// output (copies, empty tensors), math (approximations), memref GEMMs
// (oneDNN calls) and the LLVM dialect (the runtime's entry points). One
// pass per file in compiler/lib/Codegen, one lit test each in
// test/Codegen. Named rnn-codegen-* (rnn-* transform the rnn dialect,
// convert-rnn-* leave it).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_CODEGEN_PASSES_TD
#define RNNC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def MergeElementwise : Pass<"rnn-codegen-merge-elementwise"> {
  let summary = "One linalg.generic per cluster of elementwise generics that feed each other";
  let description = [{
    Runs on linalg on tensors, after upstream elementwise fusion (which
    merges a producer into its only user). In each block, elementwise
    generics (parallel loops, identity output maps, inputs read directly or
    broadcast, outputs not read) that read each other's results element for
    element form clusters; each cluster becomes one generic whose body is
    the members' bodies in program order, with a result for every member
    result read outside the cluster. A cell's gate math reuses most of its
    values (the backward of an LSTM reads each gate activation four times),
    so this is one loop over a step's elements instead of one loop, and one
    pass through memory, per op.

    The merged op takes the place of the cluster's last member, so a
    cluster closes as soon as anything else uses a member's result (later
    generics start a new cluster): another op, an op's region, or a
    generic's body that reads it as a captured tensor. A generic that reads
    a member's result through a broadcast or as an output does not join.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def ForwardTemporaryCopies : Pass<"rnn-codegen-forward-temporary-copies"> {
  let summary = "A temporary written by one linalg op, then copied: write the copy's target";
  let description = [{
    Runs after bufferization. Where one-shot bufferization could not place
    a value in its final buffer, it writes a temporary and copies it there:

      %tmp = memref.alloc ...
      linalg.generic ... outs(%tmp, ...)
      memref.copy %tmp, %target

    (the four gate gradients of an LSTM's reverse step, each copied into
    its quarter of the stacked `[T, B, 4H]` gradients: empty-tensor
    elimination reaches only the first insert of a concatenation, and the
    bufferization analysis sees the later inserts as writes that conflict
    with the generic's, not knowing the quarters are disjoint). The writer
    then writes `%target` itself, and the copy and the allocation go, when:
    the temporary has no other use; no op between the writer and the copy
    has memory effects (copies are visited in order, so the copies of
    earlier parts are gone by then); and no other operand of the writer may
    share memory with the target. The last is decided on the buffers the
    operands view (through view ops, and a loop's initial and yielded
    values): distinct allocations, or an allocation and a function
    argument, are disjoint; anything else may alias. View ops defining the
    target after the writer move before it. Whatever the writer leaves
    unwritten was undefined in the temporary, so the target keeping its
    contents there only refines the program.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def UnshareEmptyTensors : Pass<"rnn-codegen-unshare-empty-tensors"> {
  let summary = "Give every use of a tensor.empty its own";
  let description = [{
    Runs right before empty-tensor elimination and bufferization. CSE
    makes the equal `tensor.empty` ops of a function one value, which the
    outputs of several ops then share (a merged elementwise op's results
    often do). Empty-tensor elimination replaces a `tensor.empty` by the
    slice its value is finally inserted into (a step's activation computed
    straight into the stacked output that the backward pass reads), and can
    do so only for an empty tensor with one such value. This pass clones
    the op for every use after the first, at the original's place.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def StackSmallBuffers
    : Pass<"rnn-codegen-stack-small-buffers", "mlir::func::FuncOp"> {
  let summary = "Small buffers of static size, allocated outside loops, on the stack";
  let description = [{
    Runs after bufferization and buffer hoisting, before the deallocation
    pipeline. A `memref.alloc` becomes a `memref.alloca` when its type is
    static, it holds at most `max-buffer-bytes`, no loop encloses it (an
    alloca in a loop body would grow the stack on every iteration), it
    does not leave the function (upstream's promote-buffers-to-stack
    decides that, on the buffer's aliases), it does not receive a
    `linalg.transpose` (rnn-codegen-cache-parameter-transposes, which runs
    later, replaces a parameter's transpose into an allocated buffer by
    the runtime's kept copy), and the function's promoted buffers stay
    within `max-function-bytes` (in program order). The
    step of one stream (rnn-specialise-single-stream) allocates some fifty
    such temporaries per token; each was a call of the runtime's allocator
    and another of its free.
  }];
  let options = [
    Option<"maxBufferBytes", "max-buffer-bytes", "uint64_t",
           /*default=*/"4096", "The largest buffer put on the stack">,
    Option<"maxFunctionBytes", "max-function-bytes", "uint64_t",
           /*default=*/"65536",
           "The stack one function's promoted buffers may take in all">,
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def ApproximateMath : Pass<"rnn-codegen-approximate-math"> {
  let summary = "Polynomial approximations of tanh, exp, log and friends (f32)";
  let description = [{
    Replaces f32 `math.tanh`, `math.exp`, `math.log`, `math.erf`, ... (scalar
    or vector) by MLIR's polynomial approximations, so the activation
    loops of a cell are straight-line arithmetic that LLVM vectorises
    instead of one libm call per element. f64 is left to libm (the f64
    build is the gradcheck reference and keeps libm's accuracy).
  }];
  let dependentDialects = ["mlir::math::MathDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::vector::VectorDialect"];
}

def CacheParameterTransposes
    : Pass<"rnn-codegen-cache-parameter-transposes", "mlir::ModuleOp"> {
  let summary = "Read transposed parameters from the runtime's kept copies";
  let description = [{
    Runs after bufferization and buffer deallocation. A 2-d f32
    `linalg.transpose` of a parameter (Parameters.h) into a fresh
    `memref.alloc` that is otherwise only read (loads, views, inputs of
    linalg ops, copy sources) and deallocated becomes a call of the
    runtime's `rnnc_rt_transposed_parameter` (Runtime.h), which returns a
    transposed copy it makes once per parameter version; the allocation,
    the transpose and the deallocation go. A language model's single step
    gathers one row of its transposed input weight per token: transposing
    the whole weight every call cost more than the rest of the step. Every
    other transpose (of a value, into a buffer that is also written, of
    f64) stays.
  }];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect"];
}

def GemmToOneDNN : Pass<"rnn-codegen-gemm-to-onednn", "mlir::ModuleOp"> {
  let summary = "f32 GEMMs on buffers to calls of oneDNN's sgemm";
  let description = [{
    Runs after bufferization. Every f32 GEMM on memrefs becomes a call of
    the runtime's `rnnc_rt_sgemm` (Runtime.h), which computes
    `C += op(A) op(B)` with oneDNN's `dnnl_sgemm` (row-major; op is the
    identity or the transpose):

    - `linalg.matmul`, `linalg.matmul_transpose_a`,
      `linalg.matmul_transpose_b`;
    - the batched contractions that convert-rnn-to-linalg emits for
      rank-3+ operands (`lhs[b..., k] rhs[k, n]`, `lhs[b..., k] rhs[n, k]`,
      `lhs[p..., m]^T rhs[p..., n]`), when the batched operands have the
      identity layout: their leading dimensions are collapsed into one
      (`memref.collapse_shape`), giving one [T*B, K] GEMM.

    Operands are passed as 2-d strided memrefs; the runtime falls back to a
    plain loop when an inner stride is not 1. The third flag says whether B
    is (a view of) a function argument with `rnn.param`: when B is read
    transposed, the runtime then multiplies by a transposed copy it keeps
    until the parameters change (oneDNN's sgemm is faster on `A B` than on
    `A B^T`). The last flag says that the call overwrites C (beta = 0): set
    when the GEMM is the first memory access after a zero `linalg.fill` of
    C, which is then erased (every GEMM of convert-rnn-to-linalg starts
    from one). f64 GEMMs stay generated code (the f64 build is the
    gradcheck reference).
  }];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def PackModelABI : Pass<"rnn-codegen-pack-model-abi", "mlir::ModuleOp"> {
  let summary = "One uniform entry point per exported function";
  let description = [{
    Runs on the LLVM dialect. For every `_mlir_ciface_NAME` wrapper that the
    LLVM conversion made for a function described in the model manifest,
    adds `rnnc_call_NAME(ptr %args)`: `args[i]` points to argument `i`
    (an `i64` for a dimension, a memref descriptor otherwise) and the last
    entry to the storage for the results. The runtime calls every function
    of every model through this one C signature,
    `void rnnc_call_NAME(void **args)`. The `rnn.*` argument and result
    attributes (recorded in the manifest) are dropped: LLVM IR has no place
    for them. The runtime's `rnnc_rt_batch_offset` and
    `rnnc_rt_training_step`, where a model reads them (dropout), are
    declared thread_local as the runtime defines them: threads train their
    rows of a batch at once.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // RNNC_CODEGEN_PASSES_TD
