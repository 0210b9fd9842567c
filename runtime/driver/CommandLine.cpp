//===- CommandLine.cpp - every flag of a compiled model --------------------===//
//
// The one place that names flags: each subcommand's flags, their help
// texts and checks, defaulted from the model file's train and generate
// blocks (Commands.h).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include <CLI/CLI.hpp>

namespace rnnc::rt {
namespace {

using nlohmann::json;

/// Validators whose messages name the flag's value, not numeric limits.
const CLI::Validator kPositive(
    [](std::string &text) -> std::string {
      try {
        if (std::stod(text) > 0)
          return {};
      } catch (const std::exception &) {
      }
      return "must be positive, got '" + text + "'";
    },
    "POSITIVE");
const CLI::Validator kNonNegative(
    [](std::string &text) -> std::string {
      try {
        if (std::stod(text) >= 0)
          return {};
      } catch (const std::exception &) {
      }
      return "must be zero or positive, got '" + text + "'";
    },
    "NON-NEGATIVE");

const char *const kEvalStreamsHelp =
    "Held-out tokens evaluated as N contiguous rows, each from a zero "
    "state (1: one sequence); split across the ranks of mpirun";

const char *const kWeightsHelp =
    "f32, or bf16: the recurrent and output weights rounded to bfloat16, "
    "half the bytes per token";

/// `v` = the block's `key`, where the model file gives it.
template <typename T> void setFrom(const json &block, const char *key, T &v) {
  if (block.contains(key))
    v = block.at(key).get<T>();
}

/// The generate block's decoding defaults (generate, translate, eval).
void setDecodingDefaults(const json &generate, int64_t &length,
                         int64_t &beam) {
  setFrom(generate, "length", length);
  setFrom(generate, "beam", beam);
}

/// --threads N: the threads of the process (Threads.h pins them), given to
/// independent parts of the work where the runtime splits it
/// (WorkerThreads.h), else to the products.
void addThreadsFlag(CLI::App &cmd, Flags &flags) {
  cmd.add_option("--threads", flags.threads,
                 "Threads (pinned; OMP_NUM_THREADS overrides)")
      ->check(CLI::Range(1, 1024));
}

} // namespace

void addTrainFlags(CLI::App &cmd, const ModelFile &model, Flags &flags) {
  TrainFlags &tf = flags.train;
  const json &train = model.train;
  setFrom(train, "data", tf.data);
  setFrom(train, "epochs", tf.config.epochs);
  setFrom(train, "batch", tf.config.batch);
  setFrom(train, "steps", tf.config.steps);
  setFrom(train, "lr", tf.config.lr);
  setFrom(train, "clip", tf.config.clip);
  setFrom(train, "optimizer", tf.config.optimizer);
  setFrom(train, "sampling", tf.sampling);
  setFrom(train, "val_split", tf.valSplit);
  setFrom(train, "eval_streams", tf.config.evalStreams);
  setFrom(train, "seed", tf.seed);
  setFrom(train, "pairs", tf.pairs);
  cmd.add_option("--data", tf.data, "Training data file");
  cmd.add_option("--epochs", tf.config.epochs, "Epochs")->check(kPositive);
  cmd.add_option("--batch", tf.config.batch, "Batch size")->check(kPositive);
  cmd.add_option("--steps", tf.config.steps, "Time steps per batch")
      ->check(kPositive);
  cmd.add_option("--lr", tf.config.lr, "Learning rate")->check(kPositive);
  cmd.add_option("--clip", tf.config.clip,
                 "Gradient-norm clipping threshold (0: none)")
      ->check(kNonNegative);
  cmd.add_option("--optimizer", tf.config.optimizer, "sgd or adam")
      ->check(CLI::IsMember({"sgd", "adam"}));
  cmd.add_option("--sampling", tf.sampling, "random or sequential")
      ->check(CLI::IsMember({"random", "sequential"}));
  cmd.add_option("--val-split", tf.valSplit,
                 "Held-out final fraction of the token stream")
      ->check(CLI::Range(0.0, 0.99))
      ->each([&tf](const std::string &) { tf.valSplitGiven = true; });
  cmd.add_option("--eval-streams", tf.config.evalStreams, kEvalStreamsHelp)
      ->check(kPositive);
  cmd.add_option("--seed", tf.seed, "Random seed");
  addThreadsFlag(cmd, flags);
  cmd.add_option("--save", tf.save,
                 "Checkpoint written after every epoch (the last weights; "
                 "with PATH.state to --resume from)");
  cmd.add_option("--save-best", tf.saveBest,
                 "Checkpoint of the epoch with the lowest held-out loss, "
                 "rewritten when an epoch beats it");
  cmd.add_option("--patience", tf.patience,
                 "Stop after N epochs without a lower held-out loss "
                 "(0: never)")
      ->check(kNonNegative);
  auto *resume = cmd.add_option(
      "--resume", tf.resume, "Continue from a checkpoint and its .state file");
  cmd.add_option("--init", tf.init,
                 "Start from a checkpoint's weights with a fresh optimizer "
                 "at epoch 1 (fine-tuning; the data's vocabulary must be "
                 "the checkpoint's)")
      ->excludes(resume);
  cmd.add_option("--metrics", tf.metrics,
                 "One JSON object per epoch (JSON lines)");
  cmd.add_option("--batch-metrics", tf.batchMetrics,
                 "One JSON object per batch: epoch, batch, the batch's loss "
                 "(JSON lines; language models and seq2seq)");
  cmd.add_flag("--quiet", tf.quiet, "No progress output");
  cmd.add_option("--pairs", tf.pairs,
                 "seq2seq: the first N sentence pairs (0: all)")
      ->check(kNonNegative);
  cmd.add_option("--plot", tf.plot,
                 "SVG of loss and perplexity per epoch (this run's epochs), "
                 "redrawn after each");
}

void addEvalFlags(CLI::App &cmd, const ModelFile &model, Flags &flags) {
  EvalFlags &ef = flags.eval;
  setFrom(model.train, "data", ef.data);
  setFrom(model.train, "val_split", ef.valSplit);
  setFrom(model.train, "eval_streams", ef.evalStreams);
  setFrom(model.train, "pairs", ef.pairs);
  setFrom(model.train, "seed", ef.seed);
  setDecodingDefaults(model.generate, ef.steps, ef.beam);
  cmd.add_option("--load", ef.load, "Checkpoint")->required();
  cmd.add_option("--data", ef.data, "Data file");
  cmd.add_option("--val-split", ef.valSplit,
                 "Evaluate the final fraction (0: the whole file)")
      ->check(CLI::Range(0.0, 0.99))
      ->each([&ef](const std::string &) { ef.valSplitGiven = true; });
  cmd.add_option("--eval-streams", ef.evalStreams, kEvalStreamsHelp)
      ->check(kPositive);
  cmd.add_option("--weights", ef.weights,
                 "Language models: score through the one-token step, the "
                 "generation path, with f32 or bf16 weights")
      ->check(CLI::IsMember({"f32", "bf16"}));
  cmd.add_option("--pairs", ef.pairs,
                 "seq2seq: the first N sentence pairs, as in train")
      ->check(kNonNegative);
  cmd.add_option("--beam", ef.beam,
                 "seq2seq: beam width of the translations BLEU scores (1: "
                 "greedy, the default)")
      ->check(kPositive)
      ->each([&ef](const std::string &) { ef.beamGiven = true; });
  addThreadsFlag(cmd, flags);
}

void addGenerateFlags(CLI::App &cmd, const ModelFile &model, Flags &flags) {
  GenerateFlags &gf = flags.generate;
  const json &generate = model.generate;
  setFrom(generate, "prefix", gf.prefix);
  setFrom(generate, "strategy", gf.strategy);
  setFrom(generate, "temperature", gf.temperature);
  setFrom(generate, "top_k", gf.topK);
  setFrom(generate, "alpha", gf.alpha);
  setDecodingDefaults(generate, gf.length, gf.beam);
  cmd.add_option("--load", gf.load, "Checkpoint")->required();
  cmd.add_option("--prefix", gf.prefix, "Warm-up text");
  cmd.add_option("--steps", gf.length, "Tokens to generate")
      ->check(kPositive);
  cmd.add_option("--strategy", gf.strategy, "greedy, sample or beam")
      ->check(CLI::IsMember({"greedy", "sample", "beam"}));
  cmd.add_option("--temperature", gf.temperature, "Sampling temperature")
      ->check(kPositive);
  cmd.add_option("--top-k", gf.topK, "Sample from the k best (0: all)")
      ->check(kNonNegative);
  cmd.add_option("--beam", gf.beam, "Beam width")->check(kPositive);
  cmd.add_option("--seed", gf.seed, "Sampling seed");
  cmd.add_option("--weights", gf.weights, kWeightsHelp)
      ->check(CLI::IsMember({"f32", "bf16"}));
  cmd.add_option("--samples", gf.samples,
                 "Continuations generated together, one batch; sample r is "
                 "what --seed (seed + r) gives alone")
      ->check(kPositive);
  addThreadsFlag(cmd, flags);
}

void addTranslateFlags(CLI::App &cmd, const ModelFile &model, Flags &flags) {
  TranslateFlags &tf = flags.translate;
  setDecodingDefaults(model.generate, tf.steps, tf.beam);
  cmd.add_option("--load", tf.load, "Checkpoint")->required();
  cmd.add_option("--beam", tf.beam, "Beam width (1: greedy, the default)")
      ->check(kPositive)
      ->each([&tf](const std::string &) { tf.beamGiven = true; });
  cmd.add_option("--steps", tf.steps, "Longest translation")
      ->check(kPositive);
  cmd.add_option("--batch", tf.batch,
                 "Sentences decoded together (1: one at a time)")
      ->check(kPositive);
  cmd.add_option("--decoder", tf.decoder,
                 "step: the encoder once, the decoder one token at a time "
                 "(the default, where the model has a decoder step); "
                 "forward: the whole forward per token (the reference)")
      ->check(CLI::IsMember({"step", "forward"}));
  addThreadsFlag(cmd, flags);
}

void addTagFlags(CLI::App &cmd, const ModelFile &, Flags &flags) {
  cmd.add_option("--load", flags.tag.load, "Checkpoint")->required();
  cmd.add_option("--text", flags.tag.text,
                 "Text to tag (default: the train block's source)");
}

void addPredictFlags(CLI::App &cmd, const ModelFile &model, Flags &flags) {
  PredictFlags &pf = flags.predict;
  setFrom(model.train, "seed", pf.seed);
  cmd.add_option("--load", pf.load, "Checkpoint")->required();
  cmd.add_option("--k", pf.ks, "Steps ahead (default 1 4 16 64)")
      ->check(kPositive);
  cmd.add_option("--csv", pf.csv, "Write t, truth and one column per k");
  cmd.add_option("--plot", pf.plot,
                 "SVG of the series and its k-step predictions");
  cmd.add_option("--data", pf.data,
                 "CSV series (default: the train block's sine)");
}

void addGradCheckFlags(CLI::App &cmd, const ModelFile &, Flags &flags) {
  GradCheckOptions &gc = flags.gradcheck.options;
  cmd.add_option("--steps", gc.steps, "Time steps")->check(kPositive);
  cmd.add_option("--batch", gc.batch, "Batch size")->check(kPositive);
  cmd.add_option("--dims", gc.otherDims,
                 "Size of the other symbolic dimensions (V, ...)")
      ->check(kPositive);
  cmd.add_option("--entries", gc.entries,
                 "Entries checked per parameter at most")
      ->check(kPositive);
  cmd.add_option("--eps", gc.eps, "Finite-difference step")
      ->check(kNonNegative);
  cmd.add_option("--tolerance", gc.tolerance,
                 "Largest relative error of the f64 build against finite "
                 "differences (default 1e-6; the f32 build against the f64 "
                 "one: 1e-3)")
      ->check(kNonNegative);
  cmd.add_option("--seed", gc.seed, "Random seed");
  cmd.add_option("--save-reference", flags.gradcheck.saveReference,
                 "Write the f64 build's gradients on the problem "
                 "(safetensors) for another build to be checked against");
  cmd.add_option("--reference", flags.gradcheck.reference,
                 "Also check the f32 build against these gradients (another "
                 "build's --save-reference, same --steps, --batch, --dims, "
                 "--seed): a GPU build against the CPU's f64 build")
      ->check(CLI::ExistingFile);
}

void addStatsFlags(CLI::App &cmd, const ModelFile &model, Flags &flags) {
  setFrom(model.train, "data", flags.stats.data);
  cmd.add_option("--data", flags.stats.data, "Text file");
  cmd.add_option("--top", flags.stats.top, "n-grams listed per n");
}

void addInfoFlags(CLI::App &cmd, const ModelFile &, Flags &flags) {
  cmd.add_option("--load", flags.info.load,
                 "Checkpoint (binds the dimensions: shapes and the parameter "
                 "count)");
}

} // namespace rnnc::rt
