/*===- rnnc_torch.h - the C API a PyTorch module calls ------------*- C -*-===*
 *
 * `rnnc compile --emit=torch` links the model's generated code (its f32
 * and f64 builds), the runtime and this API into NAME_rnnc.so, which the
 * generated NAME.py loads with ctypes (docs/torch.md). The Python side
 * reads the manifest, binds the dimensions, passes its tensors' memory
 * (dense, row-major) and copies the results out; values saved for the
 * backward pass stay in their results handle and go back to vjp by
 * pointer. No exception crosses this boundary; nothing here prints.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RNNC_TORCH_H
#define RNNC_TORCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The results of one call: tensors owned by the handle. */
typedef struct rnnc_torch_results rnnc_torch_results;

/* The manifest (JSON) of the f32 build (f64 == 0) or of the f64 build. */
const char *rnnc_torch_manifest(int f64);

/* Calls `function` ("forward", "forward_saving", "vjp") of the f32 or f64
 * build. `dims`: one value per dimension argument, in the manifest's
 * order; `data` and `shapes`: per tensor argument, in order, its memory
 * and its sizes (as many as the manifest's rank). Returns the results, or
 * NULL with the reason in `error` (`capacity` bytes, NUL-ended): a shape
 * or dtype the manifest does not allow, a CPU without the build's
 * features, an unknown function. */
rnnc_torch_results *rnnc_torch_call(int f64, const char *function,
                                    const int64_t *dims, void *const *data,
                                    const int64_t *const *shapes, char *error,
                                    size_t capacity);

/* Says that parameter memory may have been written since the last call
 * (an optimizer step): the runtime's prepared copies of the weights
 * (transposes, reorders) are made again. */
void rnnc_torch_parameters_changed(void);

/* The number of tensors `results` holds. */
int64_t rnnc_torch_results_count(const rnnc_torch_results *results);
/* Every result's shape and memory in one call: `data` (room for
 * rnnc_torch_results_count pointers) gets each result's memory, valid
 * until the handle is freed, and `layout` each result's rank followed by
 * its sizes, in order, where its `capacity` int64s suffice. Returns the
 * number of int64s the layout takes (more than `capacity`: call again
 * with that many). */
int64_t rnnc_torch_results_describe(rnnc_torch_results *results,
                                    int64_t *layout, int64_t capacity,
                                    void **data);
void rnnc_torch_results_free(rnnc_torch_results *results);

#ifdef __cplusplus
}
#endif

#endif /* RNNC_TORCH_H */
