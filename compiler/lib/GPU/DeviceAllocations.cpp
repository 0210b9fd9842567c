//===- DeviceAllocations.cpp - the generated code's buffers on the device -===//
//
// See the description of rnn-gpu-device-allocations in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Passes.h"

#include "mlir/IR/SymbolTable.h"

namespace rnnc {
#define GEN_PASS_DEF_DEVICEALLOCATIONS
#include "rnnc/GPU/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

struct DeviceAllocations
    : public rnnc::impl::DeviceAllocationsBase<DeviceAllocations> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    static const std::pair<llvm::StringLiteral, llvm::StringLiteral>
        kRenames[] = {
            {"_mlir_memref_to_llvm_alloc", "rnnc_rt_gpu_alloc"},
            {"_mlir_memref_to_llvm_aligned_alloc", "rnnc_rt_gpu_aligned_alloc"},
            {"_mlir_memref_to_llvm_free", "rnnc_rt_gpu_free"},
        };
    for (auto [from, to] : kRenames) {
      auto function = module.lookupSymbol<LLVM::LLVMFuncOp>(from);
      if (!function)
        continue;
      if (failed(SymbolTable::replaceAllSymbolUses(
              function, StringAttr::get(&getContext(), to), module)))
        return signalPassFailure();
      function.setSymName(to);
    }
  }
};

} // namespace
