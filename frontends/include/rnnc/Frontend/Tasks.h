//===- Tasks.h - tasks and the options of train/generate blocks --*- C++ -*-===//
//
// A task fixes the data pipeline of the compiled executable, so it fixes
// the model's inputs and targets and the dimensions bound from the data.
// The option tables say which keys a `train` or `generate` block accepts and
// what values they take. Sema checks models against both; docs/language.md
// documents the same tables.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_TASKS_H
#define RNNC_FRONTEND_TASKS_H

#include "rnnc/Frontend/Types.h"
#include "rnnc/runtime/Task.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace rnnc::sema {

/// One input or target a task provides: its role and type pattern. A
/// pattern entry is a dimension symbol ("T", "B") or "*" for any static
/// positive size (the window width tau of a series).
struct TaskSlot {
  const char *role;
  ElementType element;
  std::vector<const char *> pattern;
};

struct TaskSpec {
  rnnc::rt::Task kind;
  const char *summary;
  /// Dimensions bound from the data besides T and B.
  std::vector<const char *> dims;
  std::vector<TaskSlot> inputs;
  std::vector<TaskSlot> targets;
  /// What `output` must be: the logits or prediction generation reads.
  TaskSlot output;
  /// The task's name in .rnn files (TaskKinds.def).
  const char *name() const { return rnnc::rt::taskName(kind); }
};

/// The task named `name`, or null.
const TaskSpec *lookupTask(llvm::StringRef name);
/// "language_model, series, seq2seq or tagging".
std::string listTasks();

enum class OptionKind {
  PositiveInt,
  NonNegativeInt,
  PositiveNumber,
  Fraction,   // in [0, 1)
  Choice,     // one identifier of `choices`
  String,
  Bool,       // true | false
  Truncation, // full | randomized | truncated(k)
  Labels,     // a string of labels, or the identifier word_boundaries
};

struct OptionSpec {
  const char *name;
  OptionKind kind;
  std::vector<const char *> choices;
};

/// The options a `train` or `generate` block accepts.
llvm::ArrayRef<OptionSpec> optionsOf(llvm::StringRef block);
/// What values an option of `kind` takes, for diagnostics.
std::string describeOptionKind(const OptionSpec &spec);

} // namespace rnnc::sema

#endif // RNNC_FRONTEND_TASKS_H
