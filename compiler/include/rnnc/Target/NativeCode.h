//===- NativeCode.h - LLVM dialect to a native executable --------*- C++ -*-===//
//
// The last steps of `rnnc compile`: the LLVM-dialect module (the llvm phase)
// is translated to LLVM IR, optimised at O3 for the host CPU, emitted as an
// object file with llvm::TargetMachine, and linked with the rnnc runtime
// into one executable, or with the runtime and its C API into a library.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_TARGET_NATIVECODE_H
#define RNNC_TARGET_NATIVECODE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace rnnc {

/// Registers the LLVM IR translations on `context` and the host target
/// with LLVM. Once, before anything below runs (and before a second
/// thread translates).
void prepareNativeCode(mlir::MLIRContext &context);

/// The module as LLVM IR for the host: triple, data layout, CPU and its
/// features on every function. Null after a diagnostic on `module`.
std::unique_ptr<llvm::Module> translateToLLVMIR(mlir::ModuleOp module,
                                                llvm::LLVMContext &context);

/// Runs LLVM's middle end at `optLevel` (0-3, O3 without loop unrolling
/// and interleaving) on a translated module; `error` says why not.
mlir::LogicalResult optimizeModule(llvm::Module &module, unsigned optLevel,
                                   std::string &error);

/// Makes `twin`, the model compiled in f64 for gradcheck's reference, fit
/// beside the main build: its manifest and entry points get the suffix
/// `_f64` (`rnnc_model_manifest_f64`, `rnnc_call_train_step_f64`, ...),
/// everything else of it becomes internal, and its functions are code
/// generated as -O0 code (optnone).
void renameF64Twin(llvm::Module &twin);

/// Adds `twin` (renamed as above) to `main`. When `twin` is null, `main`
/// is itself the f64 build and the `_f64` names become aliases of its own.
mlir::LogicalResult linkF64Twin(llvm::Module &main,
                                std::unique_ptr<llvm::Module> twin,
                                std::string &error);

/// Writes `module` as a host object file to `os`; `error` says why not.
mlir::LogicalResult emitObject(llvm::Module &module, llvm::raw_pwrite_stream &os,
                               unsigned optLevel, std::string &error);

/// Optimises (optimizeModule) and writes a translated, unoptimised
/// `module` as one host object file per entry of `objectFiles`, the parts
/// compiled in parallel: its functions are shared out by size, and its
/// local symbols become hidden external ones (the module is changed; a
/// single entry compiles it as it is).
/// `error` says why not.
mlir::LogicalResult compileInParallel(llvm::Module &module,
                                      llvm::ArrayRef<std::string> objectFiles,
                                      unsigned optLevel, std::string &error);

/// The device runtime an executable links: none (the CPU target), the
/// bridge over Vulkan, or the bridge over CUDA (cudart, statically).
enum class DeviceRuntime { None, Vulkan, CUDA };

/// Links `objectFiles` with the runtime into the executable `outputFile`
/// with the C++ compiler the runtime was built with (override: $RNNC_CXX);
/// a GPU build with its device runtime too.
mlir::LogicalResult linkExecutable(const std::vector<std::string> &objectFiles,
                                   const std::string &outputFile,
                                   DeviceRuntime device, std::string &error);

/// A shared or static library with the C API (runtime/embed), or the
/// shared library of a PyTorch module (runtime/torch).
enum class LibraryKind { Shared, Static, Torch };

/// Links `objectFiles` with the runtime and the C API (runtime/embed, or
/// runtime/torch for a PyTorch module) into a shared library exporting
/// the functions `exports` alone (names or globs), or merges them with the
/// runtime's archives into one static archive.
mlir::LogicalResult linkLibrary(const std::vector<std::string> &objectFiles,
                                const std::string &outputFile,
                                LibraryKind kind,
                                llvm::ArrayRef<std::string> exports,
                                std::string &error);

/// Writes `pythonFile`, the Python side of a PyTorch module whose shared
/// library is `libraryName` (a file name beside it).
mlir::LogicalResult writeTorchModule(const std::string &pythonFile,
                                     const std::string &libraryName,
                                     std::string &error);

/// The functions a PyTorch module's library exports (runtime/torch).
std::vector<std::string> torchApiFunctions();

/// The C API's functions (the names declared in runtime/embed/rnnc_api.h).
std::vector<std::string> libraryApiFunctions();

/// The header of a library written to `outputFile`: beside it, its name
/// without a leading "lib" and with ".h" (libmodel.so -> model.h).
std::string libraryHeaderPath(const std::string &outputFile);

/// Writes the C header of a library of model `modelName` (task `task`):
/// the model's name and task as macros, then the C API; `error` says why
/// not.
mlir::LogicalResult writeLibraryHeader(const std::string &path,
                                       const std::string &modelName,
                                       const std::string &task,
                                       const std::string &libraryFile,
                                       std::string &error);

} // namespace rnnc

#endif // RNNC_TARGET_NATIVECODE_H
