//===- Tasks.cpp - tasks and the options of train/generate blocks ----------===//
//
// See Tasks.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/Tasks.h"

#include <cassert>
#include <iterator>

using namespace rnnc::sema;
using rnnc::rt::Task;

/// One contract per task of TaskKinds.def, in its order.
static const TaskSpec kTasks[] = {
    {Task::LanguageModel,
     "next-token prediction on a text corpus",
     {"V"},
     {{"token ids", ElementType::I32, {"T", "B"}}},
     {{"next-token ids", ElementType::I32, {"T", "B"}}},
     {"logits over the vocabulary", ElementType::F32, {"T", "B", "V"}}},
    {Task::Series,
     "next-value prediction on a numeric series from a window of tau values",
     {},
     {{"window of past values", ElementType::F32, {"B", "*"}}},
     {{"next value", ElementType::F32, {"B", "1"}}},
     {"predicted next value", ElementType::F32, {"B", "1"}}},
    {Task::Seq2Seq,
     "sequence-to-sequence translation of tab-separated pairs",
     {"V_src", "V_tgt"},
     {{"source ids", ElementType::I32, {"T", "B"}},
      {"source valid lengths", ElementType::I32, {"B"}},
      {"decoder input ids (<bos> then the target shifted)", ElementType::I32,
       {"T", "B"}}},
     {{"target ids", ElementType::I32, {"T", "B"}},
      {"target valid lengths", ElementType::I32, {"B"}}},
     {"logits over the target vocabulary", ElementType::F32,
      {"T", "B", "V_tgt"}}},
    {Task::Tagging,
     "one label per input step",
     {"V", "C"},
     {{"token ids", ElementType::I32, {"T", "B"}}},
     {{"label ids", ElementType::I32, {"T", "B"}}},
     {"logits over the labels", ElementType::F32, {"T", "B", "C"}}},
};

static_assert(std::size(kTasks) == std::size(rnnc::rt::kTasks),
              "every task of TaskKinds.def needs its contract here");

const TaskSpec *rnnc::sema::lookupTask(llvm::StringRef name) {
  std::optional<Task> task = rnnc::rt::parseTask(std::string_view(name));
  if (!task)
    return nullptr;
  const TaskSpec &spec = kTasks[static_cast<size_t>(*task)];
  assert(spec.kind == *task && "kTasks is in TaskKinds.def's order");
  return &spec;
}

std::string rnnc::sema::listTasks() { return rnnc::rt::listTaskNames(); }

static const OptionSpec kTrainOptions[] = {
    {"task",
     OptionKind::Choice,
     {
#define RNNC_TASK(Enumerator, Name) Name,
#include "rnnc/runtime/TaskKinds.def"
     }},
    {"batch", OptionKind::PositiveInt, {}},
    {"steps", OptionKind::PositiveInt, {}},
    {"epochs", OptionKind::PositiveInt, {}},
    {"optimizer", OptionKind::Choice, {"sgd", "adam"}},
    {"lr", OptionKind::PositiveNumber, {}},
    {"clip", OptionKind::PositiveNumber, {}},
    {"bptt", OptionKind::Truncation, {}},
    {"sampling", OptionKind::Choice, {"random", "sequential"}},
    {"dtype", OptionKind::Choice, {"f32", "f64"}},
    {"tokens", OptionKind::Choice, {"char", "word"}},
    {"preprocess", OptionKind::Choice, {"d2l", "none"}},
    {"min_freq", OptionKind::NonNegativeInt, {}},
    {"val_split", OptionKind::Fraction, {}},
    {"eval_streams", OptionKind::PositiveInt, {}},
    {"seed", OptionKind::NonNegativeInt, {}},
    {"data", OptionKind::String, {}},
    {"pairs", OptionKind::PositiveInt, {}},
    {"length", OptionKind::PositiveInt, {}},
    {"train_size", OptionKind::PositiveInt, {}},
    {"noise", OptionKind::PositiveNumber, {}},
    {"source", OptionKind::String, {}},
    {"labels", OptionKind::Labels, {}},
    {"remove_spaces", OptionKind::Bool, {}},
};

static const OptionSpec kGenerateOptions[] = {
    {"prefix", OptionKind::String, {}},
    {"length", OptionKind::PositiveInt, {}},
    {"strategy", OptionKind::Choice, {"greedy", "sample", "beam"}},
    {"temperature", OptionKind::PositiveNumber, {}},
    {"top_k", OptionKind::PositiveInt, {}},
    {"beam", OptionKind::PositiveInt, {}},
    {"alpha", OptionKind::PositiveNumber, {}},
};

llvm::ArrayRef<OptionSpec> rnnc::sema::optionsOf(llvm::StringRef block) {
  if (block == "train")
    return kTrainOptions;
  return kGenerateOptions;
}

std::string rnnc::sema::describeOptionKind(const OptionSpec &spec) {
  switch (spec.kind) {
  case OptionKind::PositiveInt:
    return "a positive integer";
  case OptionKind::NonNegativeInt:
    return "a non-negative integer";
  case OptionKind::PositiveNumber:
    return "a positive number";
  case OptionKind::Fraction:
    return "a number in [0, 1)";
  case OptionKind::String:
    return "a string";
  case OptionKind::Bool:
    return "true or false";
  case OptionKind::Truncation:
    return "full, randomized or truncated(k)";
  case OptionKind::Labels:
    return "a string of labels or word_boundaries";
  case OptionKind::Choice: {
    std::string text;
    for (size_t i = 0; i < spec.choices.size(); ++i) {
      if (i)
        text += i + 1 == spec.choices.size() ? " or " : ", ";
      text += spec.choices[i];
    }
    return text;
  }
  }
  return "a value";
}
