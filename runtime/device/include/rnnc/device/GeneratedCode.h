/*===- GeneratedCode.h - a GPU target's generated code and its bridge ----===*
 *
 * The C ABI between the host code `rnnc compile --target=vulkan` (or
 * `--target=cuda`) generates and the device runtime
 * (runtime/device/src/GeneratedCodeBridge.cpp over the Device the
 * executable links), linked only into such executables. The generated object holds the
 * kernels (internal to it, so that an executable's f64 build has its own)
 * and names them when a function starts; the bridge opens the device,
 * loads each object's kernels once, gives the generated code its buffers
 * and records its launches.
 *
 * Buffers: every buffer the generated host code allocates is a device
 * buffer the host also maps (Memory::HostVisible), so the pointers in its
 * memref descriptors are host addresses of device memory: the runtime
 * reads results in place once the work is done. The runtime's own tensors
 * are such buffers too (it allocates them here once the device is open:
 * rt::placeTensorsInDeviceMemory), so parameters, states and batches are
 * bound where they are. Arguments in any other memory are copied into
 * device buffers at their first launch in a call (read-only: the
 * generated code never writes its arguments).
 *
 * Launches are recorded into one command list and submitted at the next
 * synchronisation point: before the host code reads or writes a device
 * buffer itself, and when a generated function returns.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RNNC_DEVICE_GENERATEDCODE_H
#define RNNC_DEVICE_GENERATEDCODE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Provided by the bridge to the generated code ---- */

/* The generated code's buffers (its memref.alloc and dealloc). */
void *rnnc_rt_gpu_alloc(size_t bytes);
void *rnnc_rt_gpu_aligned_alloc(size_t alignment, size_t bytes);
void rnnc_rt_gpu_free(void *buffer);

/* Records kernel `kernel` on groups (x, y, z): `buffers` holds
 * `bufferCount` pairs (address of the buffer's first element, its bytes),
 * `params` the kernel's `paramCount` parameter words (copied). */
void rnnc_rt_gpu_launch(int32_t kernel, int64_t groupsX, int64_t groupsY,
                        int64_t groupsZ, const int64_t *buffers,
                        int32_t bufferCount, const int32_t *params,
                        int32_t paramCount);

/* Submits what is recorded and waits: before the host code touches a
 * device buffer. */
void rnnc_rt_gpu_sync(void);

/* The start of generated function `name`, with its object's kernels: the
 * binary (`bytes` bytes: a SPIR-V module, or a CUDA fatbin) and one line
 * per kernel, in the order launches number them,
 * "ENTRY BUFFERS X Y Z BYTES...\n": the buffer count without the
 * parameter buffer, the workgroup size, each buffer's element size. The
 * launches of the call are of these kernels (an executable's f64 build
 * has its own); `name` names its buffers in out-of-memory messages. */
void rnnc_rt_gpu_begin_call(const char *name, const void *binary,
                            int64_t bytes, const char *kernels);

/* The end of a generated function: synchronises, and forgets the copies
 * of the caller's arguments (the caller may change them before the next
 * call). */
void rnnc_rt_gpu_end_call(void);

/* ---- Provided by the bridge to the runtime (weak there: CPU builds do
 * not link the bridge) ---- */

/* Nonzero when `buffer` came from rnnc_rt_gpu_alloc. */
int rnnc_rt_gpu_owns(const void *buffer);
/* Picks device `index` (--device N) before the first launch. */
void rnnc_rt_gpu_select_device(int32_t index);
/* "vulkan, on llvmpipe (LLVM 15.0.6, 256 bits), Vulkan 1.3.230": opens the
 * device. */
const char *rnnc_rt_gpu_describe(void);

#ifdef __cplusplus
}
#endif

#endif /* RNNC_DEVICE_GENERATEDCODE_H */
