//===- KernelsToNVVM.cpp - the generated kernels through NVVM -------------===//
//
// See the description of rnn-gpu-kernels-to-nvvm in Passes.td. The
// kernel generators (KernelBuilder.h) name no API; what Vulkan's lowering
// reads from them is mapped here to what NVVM's reads: workgroup memory to
// workgroup attributions, the SPIR-V entry-point ABI's workgroup size to
// known_block_size.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/CudaToolkit.h"
#include "rnnc/GPU/Passes.h"
#include "rnnc/GPU/Serialization.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/LLVMIR/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

namespace rnnc {
#define GEN_PASS_DEF_KERNELSTONVVM
#include "rnnc/GPU/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

llvm::StringRef rnnc::gpu::cudaToolkit() { return RNNC_CUDA_TOOLKIT; }

namespace {

/// Workgroup memory (memory space 3) the generators allocate in a kernel
/// becomes one of its workgroup attributions; the workgroup size its
/// known block size.
LogicalResult prepareKernel(mlir::gpu::GPUFuncOp kernel) {
  llvm::SmallVector<memref::AllocOp> shared;
  kernel.walk([&](memref::AllocOp alloc) {
    auto space =
        llvm::dyn_cast_or_null<IntegerAttr>(alloc.getType().getMemorySpace());
    if (space && space.getInt() == 3)
      shared.push_back(alloc);
  });
  for (memref::AllocOp alloc : shared) {
    if (!alloc.getType().hasStaticShape())
      return alloc.emitOpError("workgroup memory of a dynamic size");
    BlockArgument attribution =
        kernel.addWorkgroupAttribution(alloc.getType(), alloc.getLoc());
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (llvm::isa<memref::DeallocOp>(user))
        user->erase();
    alloc.replaceAllUsesWith(attribution);
    alloc.erase();
  }
  if (auto abi = kernel->getAttrOfType<spirv::EntryPointABIAttr>(
          spirv::getEntryPointABIAttrName())) {
    if (DenseI32ArrayAttr size = abi.getWorkgroupSize())
      kernel.setKnownBlockSizeAttr(size);
    kernel->removeAttr(spirv::getEntryPointABIAttrName());
  }
  return success();
}

struct KernelsToNVVM : public rnnc::impl::KernelsToNVVMBase<KernelsToNVVM> {
  using KernelsToNVVMBase::KernelsToNVVMBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Each module's kernel table, read before the gpu.funcs become PTX.
    llvm::StringMap<std::string> tables;
    for (auto kernels : module.getOps<mlir::gpu::GPUModuleOp>()) {
      for (auto kernel : kernels.getOps<mlir::gpu::GPUFuncOp>())
        if (failed(prepareKernel(kernel)))
          return signalPassFailure();
      tables[kernels.getName()] = rnnc::gpu::kernelTable(kernels);
    }
    if (tables.empty())
      return;
    if (format != "fatbin" && format != "isa") {
      module.emitError() << "rnn-gpu-kernels-to-nvvm: format '" << format
                         << "' is not fatbin or isa";
      return signalPassFailure();
    }
    llvm::StringRef toolkit = rnnc::gpu::cudaToolkit();
    if (toolkit.empty()) {
      module.emitError()
          << "rnn-gpu-kernels-to-nvvm: rnnc was built without a CUDA toolkit";
      return signalPassFailure();
    }

    OpPassManager pm("builtin.module");
    for (const char *chip : rnnc::gpu::kCudaChips) {
      GpuNVVMAttachTargetOptions target;
      target.chip = chip;
      target.features = "+ptx80";
      target.optLevel = 3;
      pm.addPass(createGpuNVVMAttachTarget(target));
    }
    OpPassManager &kernels = pm.nest<mlir::gpu::GPUModuleOp>();
    kernels.addPass(arith::createArithExpandOpsPass());
    kernels.addPass(createConvertSCFToCFPass());
    kernels.addPass(memref::createExpandStridedMetadataPass());
    kernels.addPass(createLowerAffinePass());
    kernels.addPass(createConvertGpuOpsToNVVMOps());
    kernels.addPass(createCanonicalizerPass());
    kernels.addPass(createCSEPass());
    kernels.addPass(createReconcileUnrealizedCastsPass());
    GpuModuleToBinaryPassOptions binary;
    binary.toolkitPath = toolkit.str();
    binary.compilationTarget = "isa";
    pm.addPass(createGpuModuleToBinaryPass(binary));
    if (failed(runPipeline(pm, module)))
      return signalPassFailure();
    for (auto binaryOp : module.getOps<mlir::gpu::BinaryOp>()) {
      binaryOp->setAttr(rnnc::gpu::kKernelTableAttr,
                        StringAttr::get(&getContext(),
                                        tables.lookup(binaryOp.getName())));
      if (format == "fatbin" && failed(assemble(binaryOp, toolkit)))
        return signalPassFailure();
    }
  }

  /// The PTX objects of `binaryOp` replaced by one fatbin holding every
  /// architecture's cubin and the newest one's PTX: what an executable
  /// embeds and the driver picks from.
  LogicalResult assemble(mlir::gpu::BinaryOp binaryOp, StringRef toolkit) {
    SmallVector<std::pair<std::string, std::string>> ptx;
    Attribute newest;
    for (Attribute attr : binaryOp.getObjects()) {
      auto object = cast<mlir::gpu::ObjectAttr>(attr);
      auto target = cast<NVVM::NVVMTargetAttr>(object.getTarget());
      ptx.emplace_back(target.getChip().str(),
                       object.getObject().getValue().rtrim('\0').str());
      newest = target;
    }
    std::string error;
    FailureOr<std::string> fatbin =
        rnnc::gpu::assembleFatbin(ptx, toolkit, error);
    if (failed(fatbin))
      return binaryOp.emitError() << "the CUDA kernels: " << error;
    Builder b(&getContext());
    SmallVector<Attribute> chips;
    for (const auto &[chip, text] : ptx)
      chips.push_back(b.getStringAttr(chip));
    auto properties = b.getDictionaryAttr(
        {b.getNamedAttr("cubins", b.getArrayAttr(chips)),
         b.getNamedAttr("ptx", b.getStringAttr(ptx.back().first))});
    binaryOp.setObjectsAttr(b.getArrayAttr({mlir::gpu::ObjectAttr::get(
        &getContext(), newest, mlir::gpu::CompilationTarget::Fatbin,
        b.getStringAttr(*fatbin), properties)}));
    return success();
  }
};

} // namespace
