//===- ExternalTool.cpp - running a program the compiler needs ------------===//
//
// See rnnc/Support/ExternalTool.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Support/ExternalTool.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

mlir::LogicalResult rnnc::runTool(llvm::ArrayRef<llvm::StringRef> args,
                                  const std::string &what,
                                  std::optional<llvm::StringRef> input,
                                  std::string &error) {
  // The tool's complaints are kept and shown only if it fails.
  llvm::SmallString<128> log;
  if (llvm::sys::fs::createTemporaryFile("rnnc-tool", "log", log)) {
    error = "cannot create a temporary file for the output of " + what;
    return mlir::failure();
  }
  std::optional<llvm::StringRef> redirects[] = {input, log.str(), log.str()};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(args[0], args, std::nullopt,
                                         redirects, 0, 0, &message);
  auto output = llvm::MemoryBuffer::getFile(log);
  llvm::sys::fs::remove(log);
  if (status == 0)
    return mlir::success();
  error = what + " failed";
  if (!message.empty())
    error += ": " + message;
  if (output && (*output)->getBufferSize())
    error += ":\n" + (*output)->getBuffer().rtrim().str();
  return mlir::failure();
}
