//===- Serialization.cpp - the kernels as the device takes them -----------===//
//
// See rnnc/GPU/Serialization.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Serialization.h"

#include "rnnc/Support/ExternalTool.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/Target/SPIRV/Serialization.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <deque>

using namespace mlir;

FailureOr<SmallVector<uint32_t>> rnnc::gpu::serializeKernels(ModuleOp module) {
  SmallVector<spirv::ModuleOp> spirvModules(module.getOps<spirv::ModuleOp>());
  if (spirvModules.size() != 1)
    return module.emitError("expected one spirv.module of kernels, found ")
           << spirvModules.size();
  SmallVector<uint32_t> words;
  if (failed(spirv::serialize(spirvModules.front(), words)))
    return failure();
  return words;
}

FailureOr<SmallVector<std::pair<std::string, std::string>>>
rnnc::gpu::kernelPTX(ModuleOp module) {
  SmallVector<std::pair<std::string, std::string>> texts;
  for (auto binary : module.getOps<mlir::gpu::BinaryOp>())
    for (Attribute attr : binary.getObjects()) {
      auto object = llvm::cast<mlir::gpu::ObjectAttr>(attr);
      auto target = llvm::dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget());
      if (!target ||
          object.getFormat() != mlir::gpu::CompilationTarget::Assembly)
        continue;
      // The object holds the text NUL-ended, as the driver API takes it.
      llvm::StringRef text = object.getObject().getValue();
      texts.emplace_back(target.getChip().str(), text.rtrim('\0').str());
    }
  if (texts.empty())
    return module.emitError("expected the kernels' PTX (a gpu.binary of "
                            "NVVM assembly objects), found none");
  return texts;
}

namespace {
/// A temporary file removed when the remover goes.
mlir::FailureOr<std::string> temporary(llvm::StringRef suffix,
                                       std::deque<llvm::FileRemover> &removers,
                                       std::string &error) {
  llvm::SmallString<128> path;
  if (llvm::sys::fs::createTemporaryFile("rnnc-kernels", suffix, path)) {
    error = "cannot create a temporary file for the CUDA kernels";
    return mlir::failure();
  }
  removers.emplace_back(path);
  return path.str().str();
}

/// Runs the toolkit's `tool` with `args`; its output in `error` on failure.
mlir::LogicalResult runToolkit(llvm::StringRef toolkit, llvm::StringRef tool,
                               llvm::ArrayRef<std::string> args,
                               std::string &error) {
  llvm::SmallString<128> program(toolkit);
  llvm::sys::path::append(program, "bin", tool);
  llvm::SmallVector<llvm::StringRef> argv{program};
  argv.append(args.begin(), args.end());
  return rnnc::runTool(argv, program.str().str(), std::nullopt, error);
}
} // namespace

mlir::FailureOr<std::string> rnnc::gpu::assembleFatbin(
    llvm::ArrayRef<std::pair<std::string, std::string>> ptx,
    llvm::StringRef toolkit, std::string &error) {
  std::deque<llvm::FileRemover> removers;
  std::vector<std::string> images;
  for (auto [index, chipAndText] : llvm::enumerate(ptx)) {
    const auto &[chip, text] = chipAndText;
    mlir::FailureOr<std::string> source = temporary("ptx", removers, error);
    mlir::FailureOr<std::string> cubin =
        mlir::succeeded(source) ? temporary("cubin", removers, error)
                                : mlir::FailureOr<std::string>(mlir::failure());
    if (mlir::failed(cubin))
      return mlir::failure();
    {
      std::error_code ec;
      llvm::raw_fd_ostream os(*source, ec);
      if (ec) {
        error = "cannot write " + *source + ": " + ec.message();
        return mlir::failure();
      }
      os << text;
    }
    if (mlir::failed(runToolkit(
            toolkit, "ptxas",
            {"-arch=" + chip, "--opt-level", "3", *source, "-o", *cubin},
            error)))
      return mlir::failure();
    std::string sm = llvm::StringRef(chip).drop_front(3).str(); // "sm_90"
    images.push_back("--image3=kind=elf,sm=" + sm + ",file=" + *cubin);
    if (index + 1 == ptx.size())
      images.push_back("--image3=kind=ptx,sm=" + sm + ",file=" + *source);
  }
  mlir::FailureOr<std::string> fatbin = temporary("fatbin", removers, error);
  if (mlir::failed(fatbin))
    return mlir::failure();
  std::vector<std::string> args{"-64", "--create=" + *fatbin};
  args.insert(args.end(), images.begin(), images.end());
  if (mlir::failed(runToolkit(toolkit, "fatbinary", args, error)))
    return mlir::failure();
  auto bytes = llvm::MemoryBuffer::getFile(*fatbin, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!bytes) {
    error = "cannot read " + *fatbin + ": " + bytes.getError().message();
    return mlir::failure();
  }
  return (*bytes)->getBuffer().str();
}

std::string rnnc::gpu::kernelTable(mlir::gpu::GPUModuleOp kernels) {
  std::string table;
  llvm::raw_string_ostream os(table);
  for (auto kernel : kernels.getOps<mlir::gpu::GPUFuncOp>()) {
    std::array<int32_t, 3> block = {1, 1, 1};
    if (std::optional<ArrayRef<int32_t>> known = kernel.getKnownBlockSize()) {
      for (auto [i, size] : llvm::enumerate(*known))
        block[i] = size;
    } else if (auto abi = kernel->getAttrOfType<spirv::EntryPointABIAttr>(
                   spirv::getEntryPointABIAttrName())) {
      if (DenseI32ArrayAttr size = abi.getWorkgroupSize())
        for (auto [i, extent] : llvm::enumerate(size.asArrayRef()))
          block[i] = extent;
    }
    ArrayRef<Type> arguments = kernel.getArgumentTypes();
    os << kernel.getName() << " " << arguments.size() - 1 << " " << block[0]
       << " " << block[1] << " " << block[2];
    for (Type argument : arguments.drop_back())
      os << " "
         << (cast<MemRefType>(argument).getElementTypeBitWidth() + 7) / 8;
    os << "\n";
  }
  return table;
}
