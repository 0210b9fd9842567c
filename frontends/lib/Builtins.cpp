//===- Builtins.cpp - the table of builtin functions ----------------------===//
//
// Builtins.def's rows as BuiltinSpecs, looked up by spelling.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/Builtins.h"

#include "llvm/ADT/StringMap.h"

#include <cstdint>

using namespace rnnc::sema;

namespace {

BuiltinSpec makeSpec(Builtin builtin, llvm::StringRef name, size_t minArgs,
                     size_t maxArgs, BuiltinArg firstArg,
                     llvm::StringRef noun, llvm::StringRef options) {
  BuiltinSpec spec{builtin, name,  minArgs, maxArgs ? maxArgs : SIZE_MAX,
                   firstArg, noun, {}};
  options.split(spec.options, ' ', -1, /*KeepEmpty=*/false);
  return spec;
}

const llvm::StringMap<BuiltinSpec> &table() {
  static const llvm::StringMap<BuiltinSpec> specs = [] {
    llvm::StringMap<BuiltinSpec> all;
#define BUILTIN(Enumerator, Spelling, MinArgs, MaxArgs, FirstArg, Noun, Rule,  \
                Options)                                                       \
  all.try_emplace(Spelling,                                                    \
                  makeSpec(Builtin::Enumerator, Spelling, MinArgs, MaxArgs,    \
                           BuiltinArg::FirstArg, Noun, Options));
#include "rnnc/Frontend/Builtins.def"
    return all;
  }();
  return specs;
}

} // namespace

const BuiltinSpec *rnnc::sema::lookupBuiltin(llvm::StringRef name) {
  auto it = table().find(name);
  return it == table().end() ? nullptr : &it->second;
}
