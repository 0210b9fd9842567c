//===- ObjectEmission.cpp - LLVM dialect to a host object file
//-------------===//
//
// See NativeCode.h. Follows the toolchain recipe (docs/architecture.md): the middle-end
// O3 pipeline through PassBuilder (llc alone runs none), then the host
// TargetMachine for the target CPU (TargetCPU.h: by default this machine's,
// with its own features, AVX-512 where there is one).
//
//===----------------------------------------------------------------------===//

#include "rnnc/Target/NativeCode.h"
#include "rnnc/Target/TargetCPU.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <mutex>

using namespace rnnc;

namespace {
/// -O0..-O3 for the code generator and for the middle end.
llvm::CodeGenOptLevel codeGenLevel(unsigned optLevel) {
  static const llvm::CodeGenOptLevel levels[] = {
      llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less,
      llvm::CodeGenOptLevel::Default, llvm::CodeGenOptLevel::Aggressive};
  return levels[std::min(optLevel, 3u)];
}

llvm::OptimizationLevel middleEndLevel(unsigned optLevel) {
  static const llvm::OptimizationLevel levels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1,
      llvm::OptimizationLevel::O2, llvm::OptimizationLevel::O3};
  return levels[std::min(optLevel, 3u)];
}

/// The TargetMachine for the target CPU (--cpu, TargetCPU.h: this
/// machine's by default); null with `error` set when there is none.
std::unique_ptr<llvm::TargetMachine> hostMachine(unsigned optLevel,
                                                 std::string &error) {
  std::string triple = llvm::sys::getDefaultTargetTriple();
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  const TargetCPU &cpu = targetCPU();
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, cpu.name, cpu.features, {}, llvm::Reloc::PIC_, std::nullopt,
      codeGenLevel(optLevel)));
}
} // namespace

void rnnc::prepareNativeCode(mlir::MLIRContext &context) {
  mlir::registerBuiltinDialectTranslation(context);
  mlir::registerLLVMDialectTranslation(context);
  static std::once_flag targets;
  std::call_once(targets, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

std::unique_ptr<llvm::Module>
rnnc::translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context) {
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, "rnnc_model");
  if (!llvmModule)
    return nullptr;
  std::string error;
  // The code generator's level changes neither the layout nor the features.
  std::unique_ptr<llvm::TargetMachine> machine =
      hostMachine(/*optLevel=*/3, error);
  if (!machine) {
    module.emitError() << "no code generator for this machine: " << error;
    return nullptr;
  }
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(machine->getTargetTriple().str());
  for (llvm::Function &function : *llvmModule) {
    // The runtime's allocator returns memory nothing else points to, as
    // malloc does (GeneratedBuffers.cpp): LLVM may then keep values in
    // registers across stores to other buffers.
    if (function.getName() == "_mlir_memref_to_llvm_alloc" ||
        function.getName() == "_mlir_memref_to_llvm_aligned_alloc")
      function.addRetAttr(llvm::Attribute::NoAlias);
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", machine->getTargetCPU());
    function.addFnAttr("target-features", machine->getTargetFeatureString());
  }
  return llvmModule;
}

mlir::LogicalResult rnnc::optimizeModule(llvm::Module &module,
                                         unsigned optLevel,
                                         std::string &error) {
  std::unique_ptr<llvm::TargetMachine> machine = hostMachine(optLevel, error);
  if (!machine)
    return mlir::failure();
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  // No LLVM loop unrolling: the time loops stay loops by design (rnnc's
  // own --unroll decides), and unrolling the vectorised gate loops took
  // 45% of the middle end and bloated code generation. The layer-norm
  // LSTM compiled in 2.97 s instead of 5.28 s and trained at the same
  // speed (44.8k/44.1k against 46.4k/43.2k tokens/s, docs/performance.md).
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = false;
  // No interleaving of vectorised loops: the layer-norm LSTM compiled in
  // 1.9 s instead of 2.16 s and trained as fast (docs/performance.md); its
  // gate loops are short, and interleaved bodies mostly added code for the
  // code generator. The vector width is the CPU's own tuning (512 bits on
  // Zen 4/5, 256 where wide vectors slow the clock): since session 6 merged
  // the gate math into a few loops, 512-bit ones train the LSTMs 2.5%
  // faster at the same compile time.
  tuning.LoopInterleaving = false;
  llvm::PassBuilder builder(machine.get(), tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager passes =
      optLevel == 0
          ? builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
          : builder.buildPerModuleDefaultPipeline(middleEndLevel(optLevel));
  passes.run(module, mam);
  return mlir::success();
}

mlir::LogicalResult rnnc::emitObject(llvm::Module &module,
                                     llvm::raw_pwrite_stream &os,
                                     unsigned optLevel, std::string &error) {
  std::unique_ptr<llvm::TargetMachine> machine = hostMachine(optLevel, error);
  if (!machine)
    return mlir::failure();
  llvm::legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return mlir::failure();
  }
  codegen.run(module);
  return mlir::success();
}
