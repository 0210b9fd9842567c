//===- Task.h - the task a model was compiled for ---------------*- C++ -*-===//
//
// rnnc::rt::Task, generated from TaskKinds.def, with its names. Header-only
// and free of runtime dependencies, so that the frontend's task table and
// the runtime read the same list.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_TASK_H
#define RNNC_RUNTIME_TASK_H

#include <optional>
#include <string>
#include <string_view>

namespace rnnc::rt {

enum class Task {
#define RNNC_TASK(Enumerator, Name) Enumerator,
#include "rnnc/runtime/TaskKinds.def"
};

/// Every task, in TaskKinds.def's order.
inline constexpr Task kTasks[] = {
#define RNNC_TASK(Enumerator, Name) Task::Enumerator,
#include "rnnc/runtime/TaskKinds.def"
};

/// The task's name in .rnn files, manifests and checkpoints.
inline const char *taskName(Task task) {
  switch (task) {
#define RNNC_TASK(Enumerator, Name)                                            \
  case Task::Enumerator:                                                       \
    return Name;
#include "rnnc/runtime/TaskKinds.def"
  }
  return "?";
}

/// The task named `name`, if there is one.
inline std::optional<Task> parseTask(std::string_view name) {
  for (Task task : kTasks)
    if (name == taskName(task))
      return task;
  return std::nullopt;
}

/// "language_model, series, seq2seq or tagging".
inline std::string listTaskNames() {
  std::string list;
  size_t n = std::size(kTasks);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0)
      list += i + 1 == n ? " or " : ", ";
    list += taskName(kTasks[i]);
  }
  return list;
}

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_TASK_H
