//===- Linking.cpp - the model's objects plus the runtime -----------------===//
//
// See NativeCode.h. An executable, a shared library or an archive. The
// link lines (the runtime's archives and the shared libraries they need,
// by absolute path) are fixed when rnnc is configured and come from the
// generated RuntimeLink.inc.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Target/NativeCode.h"

#include "rnnc/Support/ExternalTool.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <optional>

namespace {
/// RNNC_LINK_CXX, RNNC_AR, RNNC_LINK_ITEMS, RNNC_DEVICE_LINK_ITEMS,
/// RNNC_CUDA_LINK_ITEMS,
/// RNNC_LIBRARY_LINK_ITEMS and RNNC_STATIC_ARCHIVES (brace lists of
/// strings).
#include "rnnc/Target/RuntimeLink.inc"
} // namespace

namespace {
/// The C++ compiler that links (RNNC_LINK_CXX, or $RNNC_CXX).
mlir::FailureOr<std::string> linkerDriver(std::string &error) {
  std::string compiler = RNNC_LINK_CXX;
  if (const char *override = std::getenv("RNNC_CXX"))
    compiler = override;
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName(compiler);
  if (!program) {
    error = "cannot find the linker driver '" + compiler +
            "' (set RNNC_CXX to a C++ compiler)";
    return mlir::failure();
  }
  return *program;
}

/// A temporary file holding `text`, removed when the remover goes.
mlir::FailureOr<std::string> temporaryFile(llvm::StringRef prefix,
                                           llvm::StringRef suffix,
                                           llvm::StringRef text,
                                           std::string &error) {
  llvm::SmallString<128> path;
  int fd;
  if (llvm::sys::fs::createTemporaryFile(prefix, suffix, fd, path)) {
    error = "cannot create a temporary file";
    return mlir::failure();
  }
  llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
  os << text;
  return path.str().str();
}
} // namespace

mlir::LogicalResult rnnc::linkExecutable(const std::vector<std::string> &objectFiles,
                                         const std::string &outputFile,
                                         DeviceRuntime device,
                                         std::string &error) {
  mlir::FailureOr<std::string> program = linkerDriver(error);
  if (mlir::failed(program))
    return mlir::failure();
  llvm::SmallVector<llvm::StringRef> args{*program};
  args.append(objectFiles.begin(), objectFiles.end());
  args.append({"-o", outputFile});
  if (device == DeviceRuntime::Vulkan)
    for (const char *item : RNNC_DEVICE_LINK_ITEMS)
      args.push_back(item);
  if (device == DeviceRuntime::CUDA)
    for (const char *item : RNNC_CUDA_LINK_ITEMS)
      if (*item) // (an empty list without a toolkit)
        args.push_back(item);
  for (const char *item : RNNC_LINK_ITEMS)
    args.push_back(item);
  return rnnc::runTool(args, "linking '" + outputFile + "'", std::nullopt,
                       error);
}

namespace {
/// One archive: the model's objects and the runtime's archives, merged by
/// an MRI script (ar -M); written beside, then renamed over.
mlir::LogicalResult linkStaticLibrary(const std::vector<std::string> &objectFiles,
                                      const std::string &outputFile,
                                      std::string &error) {
  std::string partial = outputFile + ".partial";
  llvm::sys::fs::remove(partial);
  std::string script = "CREATE " + partial + "\n";
  for (const char *archive : RNNC_STATIC_ARCHIVES)
    script += std::string("ADDLIB ") + archive + "\n";
  for (const std::string &object : objectFiles)
    script += "ADDMOD " + object + "\n";
  script += "SAVE\nEND\n";
  mlir::FailureOr<std::string> scriptFile =
      temporaryFile("rnnc-ar", "mri", script, error);
  if (mlir::failed(scriptFile))
    return mlir::failure();
  llvm::FileRemover removeScript(*scriptFile);
  llvm::ErrorOr<std::string> ar = llvm::sys::findProgramByName(RNNC_AR);
  if (!ar) {
    error = std::string("cannot find the archiver '") + RNNC_AR + "'";
    return mlir::failure();
  }
  llvm::SmallVector<llvm::StringRef> args{*ar, "-M"};
  if (mlir::failed(rnnc::runTool(args, "linking '" + outputFile + "'",
                           llvm::StringRef(*scriptFile), error)))
    return mlir::failure();
  if (std::error_code ec = llvm::sys::fs::rename(partial, outputFile)) {
    error = "cannot write '" + outputFile + "': " + ec.message();
    return mlir::failure();
  }
  return mlir::success();
}

/// A shared library that exports `exports` alone (a version script).
mlir::LogicalResult linkSharedLibrary(const std::vector<std::string> &objectFiles,
                                      const std::string &outputFile,
                                      llvm::ArrayRef<std::string> exports,
                                      llvm::ArrayRef<const char *> linkItems,
                                      std::string &error) {
  std::string script = "{\n  global:\n";
  for (const std::string &name : exports)
    script += "    " + name + ";\n";
  script += "  local: *;\n};\n";
  mlir::FailureOr<std::string> versionScript =
      temporaryFile("rnnc-exports", "map", script, error);
  if (mlir::failed(versionScript))
    return mlir::failure();
  llvm::FileRemover removeScript(*versionScript);
  mlir::FailureOr<std::string> program = linkerDriver(error);
  if (mlir::failed(program))
    return mlir::failure();
  std::string versionFlag = "-Wl,--version-script=" + *versionScript;
  llvm::SmallVector<llvm::StringRef> args{*program, "-shared"};
  args.append(objectFiles.begin(), objectFiles.end());
  args.append({"-o", outputFile, versionFlag});
  for (const char *item : linkItems)
    args.push_back(item);
  return rnnc::runTool(args, "linking '" + outputFile + "'", std::nullopt,
                       error);
}

const char *const kLibraryLinkItems[] = RNNC_LIBRARY_LINK_ITEMS;
const char *const kTorchLinkItems[] = RNNC_TORCH_LINK_ITEMS;
} // namespace

mlir::LogicalResult rnnc::linkLibrary(const std::vector<std::string> &objectFiles,
                                      const std::string &outputFile,
                                      LibraryKind kind,
                                      llvm::ArrayRef<std::string> exports,
                                      std::string &error) {
  switch (kind) {
  case LibraryKind::Static:
    return linkStaticLibrary(objectFiles, outputFile, error);
  case LibraryKind::Shared:
    return linkSharedLibrary(objectFiles, outputFile, exports,
                             kLibraryLinkItems, error);
  case LibraryKind::Torch:
    return linkSharedLibrary(objectFiles, outputFile, exports, kTorchLinkItems,
                             error);
  }
  return mlir::failure();
}
