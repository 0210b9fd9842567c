//===- Commands.h - the subcommands of a compiled model ---------*- C++ -*-===//
//
// `./model train|eval|generate|translate|tag|predict|gradcheck|stats|info`:
// what a command line asks for, in one struct per subcommand (Flags),
// defaulted from the model file's train and generate blocks and bound to
// the command line in CommandLine.cpp, the one place that names flags.
// Each subcommand runs from its family's file: TrainCommand.cpp (every
// task), LanguageModelCommands.cpp (eval, generate, stats, and tagging's
// tag), Seq2SeqCommands.cpp (translate, seq2seq eval), SeriesCommands.cpp
// (predict), ModelCommands.cpp (gradcheck, info). ModelMain.cpp lists them
// in one table.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_DRIVER_COMMANDS_H
#define RNNC_RUNTIME_DRIVER_COMMANDS_H

#include "rnnc/runtime/GradCheck.h"
#include "rnnc/runtime/Manifest.h"
#include "rnnc/runtime/Seq2SeqTraining.h"
#include "rnnc/runtime/Training.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace rnnc::rt {

/// What the model file says beyond its code: the manifest, and the train
/// and generate blocks (the defaults of the flags).
struct ModelFile {
  Manifest manifest;
  nlohmann::json train, generate;
};

struct TrainFlags {
  std::string data, save, saveBest, resume, metrics, plot;
  /// --batch-metrics: one JSON line per batch (epoch, batch, loss).
  std::string batchMetrics;
  std::string init; // start from this checkpoint's weights (fine-tuning)
  TrainConfig config;
  int64_t patience = 0; // 0: no early stopping
  std::string sampling = "sequential";
  double valSplit = 0.1;
  bool valSplitGiven = false;
  uint64_t seed = 0;
  bool quiet = false;
  int64_t pairs = 0; // seq2seq: the first N pairs (0: all)
};

struct EvalFlags {
  std::string load, data;
  double valSplit = 0.1;
  bool valSplitGiven = false;
  int64_t evalStreams = 1; // token models: rows of the held-out stream
  std::string weights;     // set: score through the step with these weights
  int64_t pairs = 0;
  int64_t beam = 4;
  bool beamGiven = false;
  int64_t steps = 50; // seq2seq: the longest translation
  uint64_t seed = 0;  // seq2seq: the held-out split's (the train block's)
};

struct GenerateFlags {
  std::string load, prefix, strategy = "greedy", weights = "f32";
  int64_t length = 50, topK = 0, beam = 4;
  int64_t samples = 1; // continuations generated as one batch
  double temperature = 1.0, alpha = 0.75;
  uint64_t seed = 0;
};

struct TranslateFlags {
  std::string load;
  int64_t beam = 4;
  bool beamGiven = false;
  int64_t steps = 50;
  int64_t batch = kTranslationBatch; // sentences decoded together
  std::string decoder = "step";       // or "forward", the reference
};

struct TagFlags {
  std::string load, text;
};

struct PredictFlags {
  std::string load, csv, data, plot;
  std::vector<int64_t> ks{1, 4, 16, 64};
  uint64_t seed = 0; // the series' (the train block's)
};

struct GradCheckFlags {
  GradCheckOptions options;
  double f32Tolerance = 1e-3;
  /// --save-reference: the f64 build's gradients written here.
  std::string saveReference;
  /// --reference: the f32 build also checked against these (another
  /// build's --save-reference of the same problem).
  std::string reference;
};

struct StatsFlags {
  std::string data;
  size_t top = 10;
};

struct InfoFlags {
  std::string load;
};

/// Every subcommand's flags.
struct Flags {
  int threads = 1; // --threads of train, eval, generate and translate
  TrainFlags train;
  EvalFlags eval;
  GenerateFlags generate;
  TranslateFlags translate;
  TagFlags tag;
  PredictFlags predict;
  GradCheckFlags gradcheck;
  StatsFlags stats;
  InfoFlags info;
};

/// Binds one subcommand's flags to `command`, defaults from `model`
/// (CommandLine.cpp).
using AddFlags = void (*)(CLI::App &command, const ModelFile &model,
                          Flags &flags);
void addTrainFlags(CLI::App &, const ModelFile &, Flags &);
void addEvalFlags(CLI::App &, const ModelFile &, Flags &);
void addGenerateFlags(CLI::App &, const ModelFile &, Flags &);
void addTranslateFlags(CLI::App &, const ModelFile &, Flags &);
void addTagFlags(CLI::App &, const ModelFile &, Flags &);
void addPredictFlags(CLI::App &, const ModelFile &, Flags &);
void addGradCheckFlags(CLI::App &, const ModelFile &, Flags &);
void addStatsFlags(CLI::App &, const ModelFile &, Flags &);
void addInfoFlags(CLI::App &, const ModelFile &, Flags &);

/// Runs one subcommand; returns the exit code (errors throw rt::Error).
using RunCommand = int (*)(const Flags &flags, const ModelFile &model);
int trainCommand(const Flags &, const ModelFile &);
int evalCommand(const Flags &, const ModelFile &);
int generateCommand(const Flags &, const ModelFile &);
int translateCommand(const Flags &, const ModelFile &);
int tagCommand(const Flags &, const ModelFile &);
int predictCommand(const Flags &, const ModelFile &);
int gradCheckCommand(const Flags &, const ModelFile &);
int statsCommand(const Flags &, const ModelFile &);
int infoCommand(const Flags &, const ModelFile &);

/// `eval` of a seq2seq model (Seq2SeqCommands.cpp): BLEU of its
/// translations.
int seq2seqEvalCommand(const Flags &flags, const ModelFile &model);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_DRIVER_COMMANDS_H
