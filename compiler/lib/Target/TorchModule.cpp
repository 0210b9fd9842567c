//===- TorchModule.cpp - the Python side of a PyTorch module --------------===//
//
// See writeTorchModule in NativeCode.h. The module's text is
// runtime/torch/module.py, embedded when rnnc is built; the library's
// file name replaces the marker @RNNC_LIBRARY@ (its one occurrence).
//
//===----------------------------------------------------------------------===//

#include "rnnc/Target/NativeCode.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

namespace {
constexpr llvm::StringLiteral kModuleText =
#include "rnnc/Target/TorchModule.inc"
    ;
constexpr llvm::StringLiteral kLibraryNameMarker = "@RNNC_LIBRARY@";
} // namespace

std::vector<std::string> rnnc::torchApiFunctions() {
  return {"rnnc_torch_*"};
}

mlir::LogicalResult rnnc::writeTorchModule(const std::string &pythonFile,
                                           const std::string &libraryName,
                                           std::string &error) {
  std::string text = kModuleText.str();
  size_t at = text.find(kLibraryNameMarker);
  if (at == std::string::npos) {
    error = "the embedded module.py has no " + kLibraryNameMarker.str();
    return mlir::failure();
  }
  text.replace(at, kLibraryNameMarker.size(), libraryName);
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(pythonFile, &error);
  if (!output) {
    error = "cannot write '" + pythonFile + "': " + error;
    return mlir::failure();
  }
  output->os() << text;
  output->keep();
  return mlir::success();
}
