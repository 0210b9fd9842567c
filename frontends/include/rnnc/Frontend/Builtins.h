//===- Builtins.h - the table of builtin functions ---------------*- C++ -*-===//
//
// The builtins of Builtins.def as an enum and a lookup table: what Sema
// checks before it hands a call to the builtin's rule.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_BUILTINS_H
#define RNNC_FRONTEND_BUILTINS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>

namespace rnnc::sema {

/// A call's callee: a builtin of Builtins.def, or a user cell.
enum class Builtin {
#define BUILTIN(Enumerator, Spelling, MinArgs, MaxArgs, FirstArg, Noun, Rule,  \
                Options)                                                       \
  Enumerator,
#include "rnnc/Frontend/Builtins.def"
  Cell,
};

/// How a builtin's first positional argument is checked.
enum class BuiltinArg {
  FloatTensor,
  Tensor,
  IntegerIds,
  Recurrence,
  FloatOrNumber
};

/// One row of Builtins.def.
struct BuiltinSpec {
  Builtin builtin;
  llvm::StringRef name;
  size_t minArgs, maxArgs; // maxArgs SIZE_MAX: any number
  BuiltinArg firstArg;
  llvm::StringRef firstArgNoun;
  llvm::SmallVector<llvm::StringRef, 6> options;
};

/// The builtin spelled `name`, or null.
const BuiltinSpec *lookupBuiltin(llvm::StringRef name);

} // namespace rnnc::sema

#endif // RNNC_FRONTEND_BUILTINS_H
