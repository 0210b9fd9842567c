//===- KernelBuilder.h - what every generated kernel is made of -*- C++ -*-===//
//
// The pieces the three kernel generators (elementwise, reduction, GEMM)
// share, on both sides of a launch: on the host, an operand flattened to
// its base buffer with its offset and strides, the parameter words packed
// into a buffer, the launch with its grid folded; in the kernel, the
// workgroup's number, a parameter word, an operand's element at a
// multi-index, a linear index split into loop indices, and the kernel set
// that names kernels and shares equal ones. The layout of the parameters
// is rnnc/device/KernelABI.h.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_GPU_KERNELBUILDER_H
#define RNNC_GPU_KERNELBUILDER_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/StringMap.h"

#include <string>

namespace rnnc::gpu {

class KernelContext;

/// The module's `gpu.module @kernels`; each kernel added is named after
/// its kind and kept once (an equal kernel already there is returned).
class KernelSet {
public:
  explicit KernelSet(mlir::ModuleOp module);
  /// The kernel `body` writes (buffers of `elementTypes`, then the
  /// parameter buffer; `workgroupSize` threads), or an equal one made
  /// before.
  mlir::gpu::GPUFuncOp
  make(mlir::Location loc, llvm::StringRef kind,
       llvm::ArrayRef<mlir::Type> elementTypes, int64_t workgroupSize,
       llvm::function_ref<void(KernelContext &)> body);

private:
  mlir::gpu::GPUFuncOp begin(mlir::Location loc, llvm::StringRef kind,
                             llvm::ArrayRef<mlir::Type> elementTypes,
                             int64_t workgroupSize);
  mlir::gpu::GPUFuncOp intern(mlir::gpu::GPUFuncOp kernel);

  mlir::gpu::GPUModuleOp kernels_;
  llvm::StringMap<mlir::gpu::GPUFuncOp> byText_;
  unsigned next_ = 0;
};

/// A memref operand on the host: the flat base buffer a kernel reads
/// (memref<?xT>) and the parameter words that place the operand in it.
struct FlatOperand {
  mlir::Value buffer;
  llvm::SmallVector<mlir::Value> offsetAndStrides; // index values
};

/// Host-side code around one launch.
class HostLaunch {
public:
  HostLaunch(mlir::OpBuilder &builder, mlir::Location loc)
      : b(builder), loc(loc) {}

  mlir::Value index(int64_t value);
  /// Adds `memref`'s base buffer to the kernel's buffers and its offset
  /// and strides to the parameters.
  void addOperand(mlir::Value memref);
  /// Appends parameter words (index, integer or float values; 64-bit
  /// values take two words).
  void addParam(mlir::Value value);
  /// addOperand for each of `buffers`, then addParam for each scalar of
  /// `scalars` (with the first word the kernel reads it at).
  void addBuffersAndScalars(
      llvm::ArrayRef<mlir::Value> buffers,
      llvm::ArrayRef<std::pair<mlir::Value, int64_t>> scalars);
  /// How many words addParam takes for a value of `type`.
  static int64_t wordsOf(mlir::Type type);
  /// Launches `kernel` on `groups` workgroups of `threads` (folded into y
  /// past kMaxGroups), or on an explicit 2-D grid.
  void launch(mlir::gpu::GPUFuncOp kernel, mlir::Value groups,
              int64_t threads);
  void launch2D(mlir::gpu::GPUFuncOp kernel, mlir::Value groupsX,
                mlir::Value groupsY, int64_t threadsX, int64_t threadsY);

  mlir::OpBuilder &b;
  mlir::Location loc;
  llvm::SmallVector<mlir::Value> buffers;
  llvm::SmallVector<mlir::Value> params; // i32 words

private:
  mlir::Value packParams();
};

/// Inside a kernel being built: `b` sits in its body.
class KernelContext {
public:
  KernelContext(mlir::OpBuilder &builder, mlir::Location loc,
                mlir::gpu::GPUFuncOp kernel);

  mlir::Value index(int64_t value);
  /// Parameter word `i` as an index, loaded once at the kernel's entry.
  mlir::Value param(int64_t i);
  /// Parameter word `i` as an i32, loaded once at the kernel's entry.
  mlir::Value word(int64_t i);
  /// A scalar of `type` the host wrote at word `i` (HostLaunch::addParam:
  /// 64-bit values take two words).
  mlir::Value scalar(mlir::Type type, int64_t i);
  /// The kernel's buffer argument `i`.
  mlir::Value buffer(unsigned i) { return kernel.getArgument(i); }
  /// y * gridX + x.
  mlir::Value workgroupNumber();
  mlir::Value threadId(mlir::gpu::Dimension dimension =
                           mlir::gpu::Dimension::x);
  /// `linear` split into indices over `sizes` (the last varies fastest).
  llvm::SmallVector<mlir::Value> delinearize(mlir::Value linear,
                                             llvm::ArrayRef<mlir::Value> sizes);
  /// offset + sum(indices[d] * strides[d]).
  mlir::Value address(mlir::Value offset, llvm::ArrayRef<mlir::Value> strides,
                      llvm::ArrayRef<mlir::Value> indices);
  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, mlir::Value y);
  mlir::Value less(mlir::Value x, mlir::Value y);

  mlir::OpBuilder &b;
  mlir::Location loc;
  mlir::gpu::GPUFuncOp kernel;
  mlir::Value params;

private:
  /// Where parameter loads go: the kernel's entry, before its other code.
  mlir::OpBuilder entry_;
  llvm::DenseMap<int64_t, mlir::Value> words_, indices_;
};

/// Sizes of the loops of `op`, computed on the host before it.
llvm::SmallVector<mlir::Value> loopSizes(mlir::OpBuilder &b,
                                         mlir::linalg::LinalgOp op);

/// The product of `values` (1 when empty).
mlir::Value product(mlir::OpBuilder &b, mlir::Location loc,
                    llvm::ArrayRef<mlir::Value> values);

/// ceil(x / divisor) on the host.
mlir::Value ceilDiv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                    int64_t divisor);

} // namespace rnnc::gpu

#endif // RNNC_GPU_KERNELBUILDER_H
