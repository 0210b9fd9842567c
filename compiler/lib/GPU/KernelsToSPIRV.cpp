//===- KernelsToSPIRV.cpp - the generated kernels as SPIR-V ---------------===//
//
// See the description of rnn-gpu-kernels-to-spirv in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Passes.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Conversion/GPUToSPIRV/GPUToSPIRVPass.h"
#include "mlir/Conversion/MathToSPIRV/MathToSPIRVPass.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVAttributes.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"

namespace rnnc {
#define GEN_PASS_DEF_KERNELSTOSPIRV
#include "rnnc/GPU/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// What every Vulkan 1.1 compute device offers (workgroups of 256
/// invocations, 16 KiB of workgroup memory), with the capabilities the
/// kernels may use; spirv-update-vce keeps those a module needs.
constexpr llvm::StringLiteral kTargetEnv =
    "#spirv.target_env<#spirv.vce<v1.3, [Shader, Float64, Int64, Int16, "
    "Int8], [SPV_KHR_storage_buffer_storage_class]>, "
    "#spirv.resource_limits<max_compute_shared_memory_size = 16384, "
    "max_compute_workgroup_invocations = 256, "
    "max_compute_workgroup_size = [256, 256, 64]>>";

struct KernelsToSPIRV : public rnnc::impl::KernelsToSPIRVBase<KernelsToSPIRV> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    Attribute targetEnv = parseAttribute(kTargetEnv, &getContext());
    bool any = false;
    for (auto kernels : module.getOps<gpu::GPUModuleOp>()) {
      kernels->setAttr(spirv::getTargetEnvAttrName(), targetEnv);
      any = true;
    }
    if (!any)
      return;
    OpPassManager pm("builtin.module");
    pm.addNestedPass<gpu::GPUModuleOp>(createConvertMathToSPIRVPass());
    // Storage classes (memory space 3 is Workgroup) are mapped on the
    // converted copy of the kernels: the gpu.module keeps the signatures
    // the host's launches match.
    pm.addPass(createConvertGPUToSPIRVPass(/*mapMemorySpace=*/true));
    OpPassManager &spirvModule = pm.nest<spirv::ModuleOp>();
    spirvModule.addPass(spirv::createSPIRVLowerABIAttributesPass());
    spirvModule.addPass(spirv::createSPIRVUpdateVCEPass());
    if (failed(runPipeline(pm, module)))
      signalPassFailure();
  }
};

} // namespace
