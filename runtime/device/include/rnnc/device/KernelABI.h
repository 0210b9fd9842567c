//===- KernelABI.h - how generated kernels take their arguments -*- C++ -*-===//
//
// The contract between the compiler's generated kernels (compiler/lib/GPU)
// and whoever launches them: plain C++ constants, read by both sides.
//
// A kernel's arguments are flat buffers, one per operand (the base of the
// operand's memref; element offsets and strides say where the operand is
// in it), then one buffer of 32-bit integers, its parameters:
//
//   elementwise and reduction kernels:
//     [0] the points a launch covers: iteration points (elementwise) or
//         output points (reduction)
//     [1] the reduced points of one output (reduction; 1 otherwise)
//     [2, 2 + loops) the size of each loop of the op, in loop order
//     then, per buffer operand: its offset, then one stride per dimension
//     then the captured scalars (one word each; 64-bit values two, low
//     word first)
//   GEMM kernels (C[i, j] += sum_k A(i, k) B(k, j)):
//     [M, N, K, offsetA, strideA_i, strideA_k, offsetB, strideB_k,
//      strideB_j, offsetC, strideC_i, strideC_j]
//
// Grids are at most kMaxGroups workgroups along x; more workgroups fold
// into y, and a kernel numbers its workgroups y * gridX + x.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_DEVICE_KERNELABI_H
#define RNNC_DEVICE_KERNELABI_H

#include <cstdint>

namespace rnnc::device::abi {

/// Threads of an elementwise or reduction workgroup.
constexpr int64_t kWorkgroupSize = 256;
/// The steps of a workgroup's tree reduction (2^8 = kWorkgroupSize).
constexpr int kReductionSteps = 8;
/// Reductions of at least this many points per output take a workgroup
/// per output (a tree in workgroup memory); shorter ones a thread each.
constexpr int64_t kTreeReductionMinimum = 4 * kWorkgroupSize;
/// Workgroups along x before a grid folds into y (every Vulkan device
/// supports 65,535).
constexpr int64_t kMaxGroups = 65535;

/// Parameter words of elementwise and reduction kernels.
constexpr int64_t kPointsParam = 0;
constexpr int64_t kReducedParam = 1;
constexpr int64_t kFirstLoopParam = 2;

/// Parameter words of a loop kernel (a host loop of row updates run by
/// one thread per row element): the row's points, the loop's bounds and
/// step; then each buffer's offset and strides, then scalars.
enum LoopParam : int64_t {
  kLoopPoints, kLoopLower, kLoopUpper, kLoopStep, kLoopFirstBuffer
};

/// GEMM tiling: a workgroup of kGemmThreads x kGemmThreads threads
/// computes a kGemmTile x kGemmTile tile of C, kGemmPerThread x
/// kGemmPerThread outputs a thread, over K in slices of kGemmSlice.
constexpr int64_t kGemmTile = 64;
constexpr int64_t kGemmSlice = 16;
constexpr int64_t kGemmThreads = 16;
constexpr int64_t kGemmPerThread = kGemmTile / kGemmThreads;
static_assert(kGemmThreads * kGemmPerThread == kGemmTile);
static_assert(kGemmTile * kGemmSlice % (kGemmThreads * kGemmThreads) == 0);

/// Up to this many rows of C, a GEMM runs as a thread per output
/// (gemm_rows: generation's one-token steps) instead of 64x64 tiles.
constexpr int64_t kGemmRowsMaximum = 8;

/// The GEMM kernels' names (the generator numbers them: "gemm_5",
/// "gemm_rows_6"): the CUDA device recognises them to run a GEMM on
/// cuBLAS instead (StridedGemm.h). Their buffers are A, B and C.
inline constexpr const char *kGemmKernel = "gemm";
inline constexpr const char *kGemmRowsKernel = "gemm_rows";

/// GEMM parameter words.
enum GemmParam : int64_t {
  kGemmM, kGemmN, kGemmK,
  kGemmOffsetA, kGemmStrideAI, kGemmStrideAK,
  kGemmOffsetB, kGemmStrideBK, kGemmStrideBJ,
  kGemmOffsetC, kGemmStrideCI, kGemmStrideCJ,
  kGemmParams
};

} // namespace rnnc::device::abi

#endif // RNNC_DEVICE_KERNELABI_H
