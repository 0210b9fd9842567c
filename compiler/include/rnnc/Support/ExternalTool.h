//===- ExternalTool.h - running a program the compiler needs ------*- C++ -*-===//
//
// rnnc runs other programs at `rnnc compile` time: the C++ compiler that
// links (Target/Linking.cpp), the archiver, and the CUDA toolkit's ptxas
// and fatbinary (GPU/Serialization.cpp). One way to run them: the tool's
// output kept aside and shown only when it fails.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_SUPPORT_EXTERNALTOOL_H
#define RNNC_SUPPORT_EXTERNALTOOL_H

#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace rnnc {

/// Runs `args` (args[0] the program's path), its standard input from
/// `input` when given; on failure `error` says "`what` failed", with the
/// system's message and the tool's output.
mlir::LogicalResult runTool(llvm::ArrayRef<llvm::StringRef> args,
                            const std::string &what,
                            std::optional<llvm::StringRef> input,
                            std::string &error);

} // namespace rnnc

#endif // RNNC_SUPPORT_EXTERNALTOOL_H
