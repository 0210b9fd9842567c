/*===- Runtime.h - the C ABI between generated code and the runtime -------===*
 *
 * The single contract between the code rnnc generates and the runtime it is
 * linked with. Everything here is `extern "C"` with plain C types so that
 * the generated object and the runtime can be built by different compilers.
 * The ABI version is bumped on every incompatible change; a compiled model
 * refuses to run against a runtime of another version.
 *
 * What the generated object exports (convert-rnn-model-to-manifest and
 * rnn-codegen-pack-model-abi make them):
 *   - `rnnc_model_manifest`: a NUL-terminated JSON document describing the
 *     model (name, task, train/generate options, parameters with shapes and
 *     initialisers) and every exported function's arguments and results in
 *     order (docs/runtime.md has the layout);
 *   - `rnnc_call_forward`, `rnnc_call_train_step` and, for language
 *     models, `rnnc_call_step` (forward for one time step, without the
 *     loss: what generation calls once per token) and, in CPU builds,
 *     `rnnc_call_step_single` (the step of one stream, B = 1: what
 *     generation of one stream calls), for seq2seq models
 *     `rnnc_call_encode` and `rnnc_call_decode_step` (the encoder once
 *     per sentence, then the decoder one token at a time: what
 *     translation calls; a result or argument with the role "context" is
 *     a value the first returns and the second reads), one uniform entry
 *     point per function: `args[i]` points to argument i (an int64_t for a
 *     dimension, a memref descriptor for a tensor) and `args[n]` to storage
 *     for the results, one memref descriptor per result in order. Result
 *     buffers are allocated by the generated code (through the functions
 *     below) and owned by the caller, who frees them with
 *     `rnnc_rt_free_buffer`;
 *   - the manifest, forward and train_step with the suffix `_f64`: the
 *     model built in f64 (gradcheck's reference; it has no step);
 *   - in device builds, `rnnc_call_gradient_square_sum`,
 *     `rnnc_call_sgd_update` and `rnnc_call_adam_update`: the optimizer
 *     as generated functions (rnn-gpu-derive-parameter-updates), which
 *     the training loop calls instead of its CPU loops.
 *
 * What the runtime provides to the generated code:
 *   - `rnnc_rt_training_step`, the counter of train_step calls from which
 *     dropout and randomized-truncation masks are drawn, and
 *     `rnnc_rt_batch_offset`, the row of the batch a rank's rows start at;
 *   - `memrefCopy`, the strided copy that MLIR's memref lowering calls;
 *   - `_mlir_memref_to_llvm_alloc`, `_mlir_memref_to_llvm_aligned_alloc`
 *     and `_mlir_memref_to_llvm_free`, which the memref lowering calls
 *     for every buffer (its generic functions): a per-thread cache of
 *     freed blocks up to 1 MiB (src/model/GeneratedBuffers.cpp), so that a
 *     function called once per token allocates nothing from malloc once
 *     warm;
 *   - `rnnc_rt_sgemm` (through its C interface `_mlir_ciface_rnnc_rt_sgemm`),
 *     the f32 GEMM that rnn-codegen-gemm-to-onednn calls, on oneDNN;
 *   - `rnnc_rt_layer_forward` and `rnnc_rt_layer_backward`, the whole-sequence
 *     vanilla/GRU/LSTM layers on oneDNN's RNN primitives, which
 *     convert-rnn-to-onednn calls.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RNNC_RUNTIME_RUNTIME_H
#define RNNC_RUNTIME_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this ABI; the manifest's "abi_version" must equal it. */
#define RNNC_RT_ABI_VERSION 9

/* The ABI version the runtime was built with. */
int32_t rnnc_rt_abi_version(void);

/* ---- Exported by the generated object ---- */
extern const char rnnc_model_manifest[];
void rnnc_call_forward(void **args);
void rnnc_call_train_step(void **args);
/* Weak: only language models export them, step_single only CPU builds. */
__attribute__((weak)) void rnnc_call_step(void **args);
__attribute__((weak)) void rnnc_call_step_single(void **args);
/* Weak: only seq2seq models whose decoder has a step export them. */
__attribute__((weak)) void rnnc_call_encode(void **args);
__attribute__((weak)) void rnnc_call_decode_step(void **args);
/* Weak: only device builds export them (rnn-gpu-derive-parameter-updates):
 * the optimizer and the gradient norm as generated functions. */
__attribute__((weak)) void rnnc_call_gradient_square_sum(void **args);
__attribute__((weak)) void rnnc_call_sgd_update(void **args);
__attribute__((weak)) void rnnc_call_adam_update(void **args);
/* The same model built in f64, gradcheck's reference (aliases of the above
 * when the model itself is f64). */
extern const char rnnc_model_manifest_f64[];
void rnnc_call_forward_f64(void **args);
void rnnc_call_train_step_f64(void **args);

/* ---- Provided to the generated object ---- */

/* The allocator of the generated code's buffers (GeneratedBuffers.cpp);
 * rnnc_rt_free_buffer frees a result buffer of a generated function. */
void *_mlir_memref_to_llvm_alloc(size_t bytes);
void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t bytes);
void _mlir_memref_to_llvm_free(void *buffer);
void rnnc_rt_free_buffer(void *buffer);

/* The training-step counter: every generated function that draws random
 * masks reads it once at entry and advances it by one, so a dropout and
 * its adjoint in one call share a mask and successive calls draw new
 * ones. The runtime saves it with the training state and gradcheck holds
 * it still (one fixed mask for every evaluation). */
#ifdef __cplusplus
extern thread_local int64_t rnnc_rt_training_step;
#else
extern _Thread_local int64_t rnnc_rt_training_step;
#endif

/* (Both thread-local: threads that train a batch's rows at once each read
 * the batch's step, RowThreads.h.)
 *
 * The first row, within the minibatch, of the rows this thread's
 * train_step call computes: 0 in one process and thread, the rank's (and
 * the training thread's) share's first row otherwise (Distributed.h,
 * TrainConfig::threads). A dropout whose tensor has the batch's rows draws
 * row i's mask at row i + this offset, the mask one process draws for that
 * row. Thread-local: threads train their rows at once (the generated code
 * declares it thread_local too, rnn-codegen-pack-model-abi). */
#ifdef __cplusplus
extern thread_local int64_t rnnc_rt_batch_offset;
#else
extern _Thread_local int64_t rnnc_rt_batch_offset;
#endif

/* ---- Provided by the device runtime of --target=vulkan builds ----
 * (runtime/device, rnnc/device/GeneratedCode.h; linked only into such
 * executables, hence weak here: null in a CPU build.) The runtime's tensors
 * live in device buffers allocated through them (Tensor.h), the runtime
 * frees the generated code's results through them, `--device N` picks the
 * device and `info` names it. */
__attribute__((weak)) void *rnnc_rt_gpu_alloc(size_t bytes);
__attribute__((weak)) int rnnc_rt_gpu_owns(const void *buffer);
__attribute__((weak)) void rnnc_rt_gpu_free(void *buffer);
__attribute__((weak)) void rnnc_rt_gpu_select_device(int32_t index);
__attribute__((weak)) const char *rnnc_rt_gpu_describe(void);

/* An unranked memref: the rank and a pointer to a ranked descriptor
 * {allocated, aligned, offset, sizes[rank], strides[rank]}. */
typedef struct {
  int64_t rank;
  void *descriptor;
} rnnc_unranked_memref;

/* Copies `source` into `target` (same shape, any strides), elements of
 * `elementSize` bytes. MLIR's memref.copy lowers to this call. */
void memrefCopy(int64_t elementSize, rnnc_unranked_memref *source,
                rnnc_unranked_memref *target);

/* A rank-2 strided memref descriptor. */
typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} rnnc_matrix_f32;

/* C += op(A) op(B), op the transpose where `transA`/`transB` is nonzero;
 * C = op(A) op(B) when `overwrite` is nonzero (the generated code's zero
 * fill of C folded into the call). Row-major oneDNN sgemm when every inner
 * stride is 1, a plain loop otherwise. `parameterB` nonzero says that B is
 * (a view of) a model parameter, unchanged while the parameter version
 * stands still: the product then reads B transposed (if transposed) and
 * packed for oneDNN's kernels, prepared once until the parameters change
 * (docs/runtime.md). */
void _mlir_ciface_rnnc_rt_sgemm(rnnc_matrix_f32 *a, rnnc_matrix_f32 *b,
                                rnnc_matrix_f32 *c, int32_t transA,
                                int32_t transB, int32_t parameterB,
                                int32_t overwrite);

/* `parameter` ([rows, cols], any strides, a model parameter or a view of
 * one) transposed, as a dense row-major [cols, rows] buffer that the runtime
 * owns: made once per parameter version (ParameterVersion.h) and kept, so
 * that code reading a parameter transposed on every call (a step's gather
 * from the transposed input weight) does not transpose it every time. The
 * caller only reads it, and not past the next parameter change.
 * rnn-codegen-cache-parameter-transposes emits the calls. */
void _mlir_ciface_rnnc_rt_transposed_parameter(rnnc_matrix_f32 *result,
                                               rnnc_matrix_f32 *parameter);

/* Rank-1 and rank-3 strided memref descriptors (dense row-major here). */
typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} rnnc_vector_f32;

typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[3];
  int64_t strides[3];
} rnnc_tensor3_f32;

/* The configuration word of a layer call: the cell in the low byte
 * (RNNC_RT_CELL_TANH = 0, RELU, GRU, LSTM, GRU_RESET_BEFORE: CellKinds.def),
 * then flags. */
enum {
#define RNNC_CELL(Enumerator, Abi, Gates, CellState, Description)              \
  RNNC_RT_CELL_##Abi,
#include "rnnc/runtime/CellKinds.def"
};
#define RNNC_RT_LAYER_REVERSE 0x100  /* right to left */
#define RNNC_RT_LAYER_TRAINING 0x200 /* forward_training: keep the workspace */
#define RNNC_RT_LAYER_INPUT_MAJOR 0x400 /* w_ih [I, G*H], w_hh [H, G*H] */

/* One single-layer, single-direction layer over a whole sequence, PyTorch's
 * semantics and weight layout: x [T, B, I], h0 and c0 [1, B, H], w_ih
 * [G*H, I], w_hh [G*H, H] (transposed with RNNC_RT_LAYER_INPUT_MAJOR),
 * b_ih and b_hh [G*H]; writes y [T, B, H], h_n and
 * c_n [1, B, H]. Layers without a cell pass h0 for c0 and h_n for c_n.
 * `site` numbers the layer op in the model: primitives and reordered
 * weights are cached per site and shape, and with RNNC_RT_LAYER_TRAINING
 * the site keeps the workspace for its backward call. */
void _mlir_ciface_rnnc_rt_layer_forward(
    int64_t site, int64_t config, rnnc_tensor3_f32 *x, rnnc_tensor3_f32 *h0,
    rnnc_tensor3_f32 *c0, rnnc_matrix_f32 *w_ih, rnnc_matrix_f32 *w_hh,
    rnnc_vector_f32 *b_ih, rnnc_vector_f32 *b_hh, rnnc_tensor3_f32 *y,
    rnnc_tensor3_f32 *h_n, rnnc_tensor3_f32 *c_n);

/* The backward pass of the last training forward call of `site`: the
 * forward operands and results, the adjoints of y, h_n, c_n; writes the
 * adjoints of x, h0, c0 and of the four weights (overwritten, not
 * accumulated). Layers without a cell pass the h buffers in the c slots. */
void _mlir_ciface_rnnc_rt_layer_backward(
    int64_t site, int64_t config, rnnc_tensor3_f32 *x, rnnc_tensor3_f32 *h0,
    rnnc_tensor3_f32 *c0, rnnc_matrix_f32 *w_ih, rnnc_matrix_f32 *w_hh,
    rnnc_vector_f32 *b_ih, rnnc_vector_f32 *b_hh, rnnc_tensor3_f32 *y,
    rnnc_tensor3_f32 *h_n, rnnc_tensor3_f32 *c_n, rnnc_tensor3_f32 *d_y,
    rnnc_tensor3_f32 *d_h_n, rnnc_tensor3_f32 *d_c_n, rnnc_tensor3_f32 *d_x,
    rnnc_tensor3_f32 *d_h0, rnnc_tensor3_f32 *d_c0, rnnc_matrix_f32 *d_w_ih,
    rnnc_matrix_f32 *d_w_hh, rnnc_vector_f32 *d_b_ih,
    rnnc_vector_f32 *d_b_hh);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* RNNC_RUNTIME_RUNTIME_H */
