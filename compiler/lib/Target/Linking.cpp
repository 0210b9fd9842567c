//===- Linking.cpp - the model's object plus the runtime, one executable
//---===//
//
// See NativeCode.h. The link line (the runtime's archives and the shared
// libraries they need, by absolute path) is fixed when rnnc is configured
// and comes from the generated RuntimeLink.inc.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Target/NativeCode.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <cstdlib>

namespace {
/// RNNC_LINK_CXX, RNNC_LINK_ITEMS (a brace list of strings).
#include "rnnc/Target/RuntimeLink.inc"
} // namespace

mlir::LogicalResult rnnc::linkExecutable(const std::vector<std::string> &objectFiles,
                                         const std::string &outputFile,
                                         std::string &error) {
  std::string compiler = RNNC_LINK_CXX;
  if (const char *override = std::getenv("RNNC_CXX"))
    compiler = override;
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName(compiler);
  if (!program) {
    error = "cannot find the linker driver '" + compiler +
            "' (set RNNC_CXX to a C++ compiler)";
    return mlir::failure();
  }

  llvm::SmallVector<llvm::StringRef> args{*program};
  args.append(objectFiles.begin(), objectFiles.end());
  args.append({"-o", outputFile});
  for (const char *item : RNNC_LINK_ITEMS)
    args.push_back(item);

  // The linker's complaints are kept and shown only if it fails.
  llvm::SmallString<128> log;
  if (llvm::sys::fs::createTemporaryFile("rnnc-link", "log", log)) {
    error = "cannot create a temporary file for the linker's output";
    return mlir::failure();
  }
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log.str(),
                                                log.str()};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*program, args, std::nullopt,
                                         redirects, 0, 0, &message);
  auto output = llvm::MemoryBuffer::getFile(log);
  llvm::sys::fs::remove(log);
  if (status == 0)
    return mlir::success();
  error = "linking '" + outputFile + "' failed";
  if (!message.empty())
    error += ": " + message;
  if (output && (*output)->getBufferSize())
    error += ":\n" + (*output)->getBuffer().rtrim().str();
  return mlir::failure();
}
