//===- SplitCodegen.cpp - one module compiled as several objects at once --===//
//
// See NativeCode.h. The translated module is cut into parts by function:
// every function with a body goes, largest first, to the part with the
// fewest instructions so far (train_step, two thirds of a model's code,
// ends up alone), global variables to the first part, aliases to their
// aliasee's. Local symbols become hidden external ones so that the parts
// can call each other. Each part after the first crosses to a context of
// its own as bitcode and is optimised and code generated on its own
// thread; the first stays in the caller's context and thread. Inlining
// cannot cross parts; the generated entry points call each other only
// through their small C-interface wrappers.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Target/NativeCode.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <algorithm>

using namespace rnnc;

namespace {
/// Makes every local symbol a hidden external one (named, if it was not).
void externalizeLocals(llvm::Module &module) {
  for (llvm::GlobalValue &value : module.global_values()) {
    if (!value.hasLocalLinkage())
      continue;
    if (!value.hasName())
      value.setName("rnnc_split_unnamed");
    value.setLinkage(llvm::GlobalValue::ExternalLinkage);
    value.setVisibility(llvm::GlobalValue::HiddenVisibility);
  }
}

/// The part of each defined function (largest first, to the lightest part
/// so far); aliases follow their aliasee.
llvm::DenseMap<const llvm::GlobalValue *, unsigned>
assignParts(llvm::Module &module, unsigned parts) {
  llvm::SmallVector<std::pair<size_t, llvm::Function *>> functions;
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      functions.push_back({function.getInstructionCount(), &function});
  std::stable_sort(functions.begin(), functions.end(),
                   [](const auto &a, const auto &b) { return a.first > b.first; });
  std::vector<size_t> load(parts, 0);
  llvm::DenseMap<const llvm::GlobalValue *, unsigned> owner;
  for (auto [size, function] : functions) {
    unsigned lightest = static_cast<unsigned>(
        std::min_element(load.begin(), load.end()) - load.begin());
    owner[function] = lightest;
    load[lightest] += size;
  }
  for (llvm::GlobalAlias &alias : module.aliases())
    if (auto it = owner.find(alias.getAliaseeObject()); it != owner.end())
      owner[&alias] = it->second;
  return owner;
}

/// Optimises one part and writes its object file; an error message, or ""
/// on success.
std::string compilePart(llvm::Module &part, const std::string &objectFile,
                        unsigned optLevel) {
  std::string error;
  if (mlir::failed(optimizeModule(part, optLevel, error)))
    return error;
  std::error_code ec;
  llvm::raw_fd_ostream os(objectFile, ec);
  if (ec)
    return "cannot write '" + objectFile + "': " + ec.message();
  if (mlir::failed(emitObject(part, os, optLevel, error)))
    return error;
  return "";
}

/// compilePart of a part written as bitcode, in a context of its own.
std::string compileBitcode(const llvm::SmallVector<char, 0> &bitcode,
                           const std::string &objectFile, unsigned optLevel) {
  llvm::LLVMContext context;
  llvm::Expected<std::unique_ptr<llvm::Module>> part = llvm::parseBitcodeFile(
      llvm::MemoryBufferRef(llvm::StringRef(bitcode.data(), bitcode.size()),
                            "rnnc-part"),
      context);
  if (!part)
    return "cannot read a part of the split module: " +
           llvm::toString(part.takeError());
  return compilePart(**part, objectFile, optLevel);
}
} // namespace

mlir::LogicalResult
rnnc::compileInParallel(llvm::Module &module,
                        llvm::ArrayRef<std::string> objectFiles,
                        unsigned optLevel, std::string &error) {
  unsigned parts = static_cast<unsigned>(objectFiles.size());
  if (parts == 1) { // one part: the module itself, nothing to share out
    error = compilePart(module, objectFiles[0], optLevel);
    return mlir::success(error.empty());
  }
  externalizeLocals(module);
  llvm::DenseMap<const llvm::GlobalValue *, unsigned> owner =
      assignParts(module, parts);
  auto cloneOf = [&](unsigned part) {
    llvm::ValueToValueMapTy map;
    return llvm::CloneModule(module, map, [&](const llvm::GlobalValue *value) {
      auto it = owner.find(value);
      return it != owner.end() ? it->second == part : part == 0;
    });
  };

  // llvm::thread: a thread that cannot be had is a reported fatal error
  // (rnnc: internal error), not std::terminate (no exceptions here).
  std::vector<std::string> failures(parts);
  std::vector<llvm::thread> threads;
  for (unsigned part = 1; part < parts; ++part) {
    llvm::SmallVector<char, 0> bitcode;
    {
      llvm::raw_svector_ostream os(bitcode);
      llvm::WriteBitcodeToFile(*cloneOf(part), os);
    }
    threads.emplace_back([&, part, bitcode = std::move(bitcode)] {
      failures[part] = compileBitcode(bitcode, objectFiles[part], optLevel);
    });
  }
  failures[0] = compilePart(*cloneOf(0), objectFiles[0], optLevel);
  for (llvm::thread &thread : threads)
    thread.join();
  for (const std::string &failure : failures)
    if (!failure.empty()) {
      error = failure;
      return mlir::failure();
    }
  return mlir::success();
}
