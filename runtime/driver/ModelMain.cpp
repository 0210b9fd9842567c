//===- ModelMain.cpp - the command line of every compiled model -----------===//
//
// `./model train|eval|generate|info ...`: the main() linked into every
// executable rnnc produces. The generated code is reached only through the
// C ABI of Runtime.h (the manifest and the packed entry points); defaults
// of every flag come from the model file's train and generate blocks.
// Exit codes: 0 success, 1 bad flags, data or checkpoints (one line saying
// why), 2 internal error.
//
//===----------------------------------------------------------------------===//

#include "CompiledModel.h"
#include "Progress.h"
#include "Seq2SeqCommands.h"
#include "SeriesCommands.h"
#include "StepAdapter.h"
#include "Threads.h"
#include "TokenData.h"

#include "rnnc/runtime/Checkpoint.h"
#include "rnnc/runtime/CorpusStats.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/GradCheck.h"
#include "rnnc/runtime/LanguageModelData.h"
#include "rnnc/runtime/Runtime.h"
#include "rnnc/runtime/SvgPlot.h"
#include "rnnc/runtime/TaggingData.h"
#include "rnnc/runtime/Training.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <malloc.h>

using namespace rnnc::rt;
using nlohmann::json;

namespace {

/// Flags of `train`, defaulted from the model's train block.
struct TrainFlags {
  std::string data, save, saveBest, resume, metrics, plot;
  TrainConfig config;
  int64_t patience = 0; // 0: no early stopping
  std::string sampling = "sequential";
  double valSplit = 0.1;
  uint64_t seed = 0;
  int threads = 1;
  bool quiet = false;
  bool valSplitGiven = false;
};

struct GenerateFlags {
  std::string load, prefix, strategy = "greedy";
  int64_t length = 50, topK = 0, beam = 4;
  double temperature = 1.0, alpha = 0.75;
  uint64_t seed = 0;
};

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

template <typename T> void setFrom(const json &options, const char *key, T &v) {
  if (options.contains(key))
    v = options.at(key).get<T>();
}

/// Loss and perplexity per epoch, training and held out.
std::vector<PlotPanel> trainingPlot(const Manifest &manifest,
                                    const std::vector<EpochMetrics> &history) {
  PlotPanel loss{manifest.name + ": loss", "epoch", "loss", {}};
  PlotPanel ppl{manifest.name + ": perplexity", "epoch", "perplexity", {}};
  PlotLine trainLoss{"training", {}, {}}, valLoss{"held out", {}, {}};
  PlotLine trainPpl{"training", {}, {}}, valPpl{"held out", {}, {}};
  bool held = false;
  for (const EpochMetrics &m : history) {
    double e = double(m.epoch);
    trainLoss.xs.push_back(e);
    trainLoss.ys.push_back(m.loss);
    trainPpl.xs.push_back(e);
    trainPpl.ys.push_back(m.perplexity);
    valLoss.xs.push_back(e);
    valLoss.ys.push_back(m.valPerplexity > 0 ? m.valLoss : NAN);
    valPpl.xs.push_back(e);
    valPpl.ys.push_back(m.valPerplexity > 0 ? m.valPerplexity : NAN);
    held |= m.valPerplexity > 0;
  }
  loss.lines = {trainLoss};
  ppl.lines = {trainPpl};
  if (held) {
    loss.lines.push_back(valLoss);
    ppl.lines.push_back(valPpl);
  }
  if (manifest.task == Task::Series)
    return {loss}; // perplexity means nothing for a regression
  return {loss, ppl};
}

/// One task's training loop: runs `state` forward with the two callbacks.
using TrainingLoop = std::function<void(TrainingState &, const BatchCallback &,
                                        const EpochCallback &)>;

/// What every task's `train` shares: resume or initialise, the progress
/// output, the metrics file, a checkpoint after every epoch (--save) and
/// one of the best epoch by held-out loss (--save-best), early stopping
/// (--patience), and keeping the last good checkpoint when training
/// diverges.
int runTraining(const TrainFlags &flags, Model &model, const Vocab &vocab,
                const std::vector<std::string> &labels,
                const std::string &summary, const TrainingLoop &loop) {
  TrainingState state;
  state.rng.seed(flags.seed);
  if (!flags.resume.empty()) {
    Vocab saved = loadCheckpoint(flags.resume, model);
    if (saved.allTokens() != vocab.allTokens())
      throw Error(fmt::format("{}: its vocabulary ({} tokens) differs from "
                              "the one of the training data ({} tokens)",
                              flags.resume, saved.size(), vocab.size()));
    state = loadTrainingState(trainingStatePath(flags.resume));
    rnnc_rt_training_step = state.trainingStep; // dropout masks continue
  } else {
    model.initParams(flags.seed);
  }

  std::ofstream metrics;
  if (!flags.metrics.empty()) {
    metrics.open(flags.metrics,
                 flags.resume.empty() ? std::ios::trunc : std::ios::app);
    if (!metrics)
      throw Error(
          fmt::format("{}: cannot write the metrics file", flags.metrics));
  }
  fmt::print("{}: {} parameters, {}\n", model.manifest().name,
             model.numParamElements(), summary);
  Progress progress(flags.config.epochs, flags.quiet);
  int64_t epochNow = state.epoch + 1;
  int64_t savedEpoch = flags.resume.empty() ? 0 : state.epoch;
  std::vector<EpochMetrics> history; // this run's epochs, for --plot
  try {
    loop(
        state,
        [&](int64_t done, int64_t total, double loss) {
          progress.batch(epochNow, done, total, loss);
        },
        [&](const EpochMetrics &m) {
          bool best = state.best.record(m);
          if (m.valPerplexity <= 0 &&
              (!flags.saveBest.empty() || flags.patience > 0))
            throw Error("--save-best and --patience compare epochs on "
                        "held-out data, and this run has none (pass "
                        "--val-split with a positive fraction)");
          progress.epoch(m, state.best);
          epochNow = m.epoch + 1;
          if (metrics.is_open()) {
            json line{{"epoch", m.epoch},
                      {"loss", m.loss},
                      {"perplexity", m.perplexity},
                      {"tokens_per_s", m.tokensPerSecond},
                      {"grad_norm", m.gradNorm},
                      {"seconds", m.seconds}};
            if (m.valPerplexity > 0) {
              line["val_loss"] = m.valLoss;
              line["val_perplexity"] = m.valPerplexity;
              line["val_accuracy"] = m.valAccuracy;
              line["best_epoch"] = state.best.epoch;
            }
            metrics << line.dump() << "\n" << std::flush;
          }
          history.push_back(m);
          if (!flags.plot.empty())
            writeSvgPlot(flags.plot, trainingPlot(model.manifest(), history));
          state.trainingStep = rnnc_rt_training_step;
          if (!flags.save.empty()) {
            saveCheckpoint(flags.save, model, vocab, labels);
            saveTrainingState(trainingStatePath(flags.save), state);
            savedEpoch = m.epoch;
          }
          if (best && !flags.saveBest.empty())
            saveCheckpoint(flags.saveBest, model, vocab, labels);
          if (state.best.exhausted(flags.patience)) {
            fmt::print("stopping early: no better held-out loss in {} "
                       "epochs\n",
                       flags.patience);
            return false;
          }
          return true;
        });
  } catch (const Error &e) {
    // A diverged run leaves the checkpoint of its last good epoch alone.
    if (flags.save.empty() || savedEpoch == 0)
      throw;
    throw Error(fmt::format("{}; '{}' keeps the weights after epoch {}",
                            e.what(), flags.save, savedEpoch));
  }
  if (state.best.epoch > 0)
    fmt::print("best epoch {}: held-out perplexity {:.2f} (loss {:.4f}){}\n",
               state.best.epoch, state.best.valPerplexity,
               state.best.valLoss,
               flags.saveBest.empty()
                   ? ""
                   : fmt::format(", weights in {}", flags.saveBest));
  return 0;
}

int runTrain(const TrainFlags &flags, const json &trainOptions) {
  Model model = compiledModel();
  TrainConfig config = flags.config;
  config.sampling =
      flags.sampling == "random" ? Sampling::Random : Sampling::Sequential;
  if (model.manifest().task == Task::Seq2Seq) {
    // Held out only when asked for (d2l trains on all its pairs).
    Seq2SeqData data =
        loadSeq2Seq(trainOptions, flags.data,
                    flags.valSplitGiven ? flags.valSplit : 0, flags.seed);
    model.dims()["V_src"] = int64_t(data.vocabs.source.size());
    model.dims()["V_tgt"] = int64_t(data.vocabs.target.size());
    return runTraining(flags, model, data.vocabs.source,
                       data.vocabs.target.allTokens(), data.summary,
                       [&](TrainingState &state, const BatchCallback &onBatch,
                           const EpochCallback &onEpoch) {
                         trainSeq2Seq(model, data.train, data.vocabs, config,
                                      state, onBatch, onEpoch);
                       });
  }
  if (model.manifest().task == Task::Series) {
    SeriesData data = loadSeries(model, trainOptions, flags.data, flags.seed);
    return runTraining(flags, model, Vocab(), {}, data.summary,
                       [&](TrainingState &state, const BatchCallback &,
                           const EpochCallback &onEpoch) {
                         trainSeries(model, data.windows, data.trainSize,
                                     config, state, onEpoch);
                       });
  }
  TokenData data =
      loadTokenData(model, trainOptions, flags.data, flags.valSplit, config);
  return runTraining(flags, model, data.vocab, data.labels, data.summary,
                     [&](TrainingState &state, const BatchCallback &onBatch,
                         const EpochCallback &onEpoch) {
                       trainTokens(model, data.task, config, state, onBatch,
                                   onEpoch);
                     });
}

int runEval(const std::string &load, const std::string &path,
            const json &trainOptions, double valSplit) {
  Model model = compiledModel();
  std::vector<std::string> labels;
  Vocab vocab = loadCheckpoint(load, model, &labels);
  auto [inputName, targetName] = tokenRoles(model);
  std::vector<int32_t> inputs, targets;
  if (model.manifest().task == Task::Tagging) {
    TaggedStream stream =
        trainOptions.contains("source")
            ? tagStringPair(trainOptions.at("source").get<std::string>(),
                            trainOptions.value("labels", ""))
            : taggingStream(trainOptions, readTextFile(path));
    inputs = vocab.indices([&] {
      std::vector<std::string> tokens;
      for (int32_t id : stream.inputs)
        tokens.push_back(stream.inputVocab.token(id));
      return tokens;
    }());
    targets = stream.labels;
  } else {
    requireTask(model, Task::LanguageModel, "eval");
    std::vector<int32_t> ids = vocab.indices(
        textTokens(readTextFile(path), textOptions(trainOptions)));
    if (ids.size() < 2)
      throw Error(fmt::format("{}: fewer than 2 tokens to evaluate", path));
    inputs.assign(ids.begin(), ids.end() - 1);
    targets.assign(ids.begin() + 1, ids.end());
  }
  // The held-out part: the final val-split fraction of the stream, or all
  // of it when the split is 0 or the task is a single string pair. A
  // language model's n held-out tokens give n - 1 predictions.
  bool lm = model.manifest().task == Task::LanguageModel;
  size_t stream = inputs.size() + (lm ? 1 : 0);
  size_t held = valSplit > 0 && !trainOptions.contains("source")
                    ? static_cast<size_t>(valSplit * double(stream))
                    : stream;
  size_t predictions = lm ? (held > 0 ? held - 1 : 0) : held;
  if (predictions < 1)
    throw Error(fmt::format("{}: too few held-out tokens to evaluate", path));
  std::vector<int32_t> x(inputs.end() - predictions, inputs.end());
  std::vector<int32_t> y(targets.end() - predictions, targets.end());
  StreamResult r = evaluateStream(model, inputName, targetName, x, y);
  fmt::print("{{\"tokens\": {}, \"loss\": {:.6f}, \"perplexity\": {:.4f}, "
             "\"accuracy\": {:.6f}}}\n",
             held, r.loss, std::exp(r.loss), r.accuracy);
  return 0;
}

/// `tag`: the labels a tagging model predicts for a text.
int runTag(const std::string &load, std::string text,
           const json &trainOptions) {
  Model model = compiledModelFor(Task::Tagging, "tag");
  std::vector<std::string> labels;
  Vocab vocab = loadCheckpoint(load, model, &labels);
  if (text.empty())
    text = trainOptions.value("source", "");
  if (text.empty())
    throw Error("no text to tag: pass --text TEXT");
  bool pair = trainOptions.contains("source");
  std::vector<std::string> chars =
      pair ? tokenize(text, TokenKind::Char) : [&] {
        TaggedStream s = taggingStream(trainOptions, text);
        std::vector<std::string> out;
        for (int32_t id : s.inputs)
          out.push_back(s.inputVocab.token(id));
        return out;
      }();
  std::vector<int32_t> ids = vocab.indices(chars);
  auto [inputName, targetName] = tokenRoles(model);
  StreamResult r = evaluateStream(model, inputName, targetName, ids,
                                  std::vector<int32_t>(ids.size(), 0));
  std::string out;
  for (size_t t = 0; t < chars.size(); ++t) {
    const std::string &label = labels.at(r.predictions[t]);
    if (pair)
      out += label; // a label string ("ohlol")
    else
      out += (t > 0 && label == "start" ? " " : "") + chars[t]; // segmented
  }
  fmt::print("{}\n", out);
  return 0;
}

int runGenerate(const GenerateFlags &flags, const json &trainOptions) {
  Model model = compiledModelFor(Task::LanguageModel, "generate");
  Vocab vocab = loadCheckpoint(flags.load, model);
  TextOptions text = textOptions(trainOptions);
  std::vector<int32_t> prefix = vocab.indices(textTokens(flags.prefix, text));
  if (prefix.empty())
    throw Error("the prefix is empty after preprocessing");
  DecodeOptions options;
  options.strategy = flags.strategy == "sample" ? Strategy::Sample
                     : flags.strategy == "beam" ? Strategy::Beam
                                                : Strategy::Greedy;
  options.maxLength = flags.length;
  options.temperature = flags.temperature;
  options.topK = flags.topK;
  options.beam = flags.beam;
  options.alpha = flags.alpha;
  options.seed = flags.seed;
  // <unk> and <pad> are not words: never predicted.
  for (const char *reserved : {Vocab::kUnknown, "<pad>"})
    if (vocab.contains(reserved))
      options.excluded.push_back(vocab.index(reserved));
  StepAdapter step(model);
  std::vector<int32_t> generated = decode(step, prefix, options);
  std::string separator = text.tokens == TokenKind::Word ? " " : "";
  std::string out;
  for (int32_t id : prefix)
    out += (out.empty() ? "" : separator) + vocab.token(id);
  for (int32_t id : generated)
    out += separator + vocab.token(id);
  fmt::print("{}\n", out);
  return 0;
}

/// Prints one gradcheck table; false when an entry exceeds `tolerance`.
bool printChecks(const std::vector<ParamCheck> &report, double tolerance) {
  bool ok = true;
  for (const ParamCheck &c : report) {
    bool pass = c.maxRelativeError <= tolerance;
    ok &= pass;
    std::string kinks =
        c.kinks ? fmt::format("  ({} at a kink, re-checked with step {:g})",
                              c.kinks, c.smallestStep)
                : "";
    fmt::print("  {:<24} {:>5} entries  max relative error {:.3e}  max "
               "absolute error {:.3e}  {}{}\n",
               c.name, c.checked, c.maxRelativeError, c.maxAbsoluteError,
               pass ? "ok" : "FAILED", kinks);
  }
  return ok;
}

/// gradcheck: the f64 build against finite differences (tolerance 1e-6),
/// then, for an f32 model, its f32 gradients against the f64 build's.
int runGradCheck(const GradCheckOptions &options, double f32Tolerance) {
  double tolerance = options.tolerance;
  Model reference = compiledF64Model();
  GradCheckProblem problem = randomProblem(reference, options);
  fmt::print("gradcheck of {} in f64 against five-point finite differences "
             "(T={}, B={}, other dimensions {}{}); tolerance {:g}\n",
             reference.manifest().name, options.steps, options.batch,
             options.otherDims,
             reference.manifest().dropout ? ", one fixed dropout mask" : "",
             tolerance);
  bool ok = printChecks(checkAgainstDifferences(reference, problem, options),
                        tolerance);

  Model model = compiledModel();
  bool f32 = !model.manifest().params.empty() &&
             model.manifest().params.front().tensor.dtype == DType::F32;
  if (f32) {
    // checkAgainstDifferences restored every weight it moved.
    fmt::print("the f32 build against the f64 build; tolerance {:g}\n",
               f32Tolerance);
    ok &= printChecks(checkAgainstReference(model, reference, problem),
                      f32Tolerance);
  }
  if (model.manifest().function("step")) {
    // Generated f32 code against the library's primitives: rounding only.
    double stepTolerance = f32 ? 1e-4 : 1e-10;
    double difference = checkStep(model, reference, problem);
    bool pass = difference <= stepTolerance;
    ok &= pass;
    fmt::print("step against forward, one time step at a time: max absolute "
               "difference {:.3e} (tolerance {:g})  {}\n",
               difference, stepTolerance, pass ? "ok" : "FAILED");
  }
  fmt::print("{}\n", ok ? "gradcheck passed" : "gradcheck FAILED");
  return ok ? 0 : 1;
}

/// `stats`: d2l 8.3's corpus statistics of a text, tokenised as the
/// model's train block says.
int runStats(const std::string &path, const json &trainOptions, size_t top) {
  if (path.empty())
    throw Error("no text: pass --data PATH");
  std::vector<std::string> tokens =
      textTokens(readTextFile(path), textOptions(trainOptions));
  CorpusStats stats = corpusStats(tokens);
  json out{{"tokens", stats.tokens},
           {"types", stats.types},
           {"zipf_exponent", stats.zipfExponent},
           {"uniform_perplexity", stats.uniformPerplexity},
           {"unigram_perplexity", stats.unigramPerplexity}};
  for (int n = 1; n <= 3; ++n) {
    json grams = json::array();
    for (const auto &[gram, count] : topNgrams(tokens, n, top))
      grams.push_back({gram, count});
    out[fmt::format("top_{}grams", n)] = grams;
  }
  fmt::print("{}\n", out.dump());
  return 0;
}

int runInfo(const std::string &load) {
  Model model = compiledModel();
  const Manifest &m = model.manifest();
  if (!load.empty())
    loadCheckpoint(load, model);
  fmt::print("model {}\ntask {}\ncompiled with {}\nparameters:\n", m.name,
             taskName(m.task), m.compiledWith.empty() ? "?" : m.compiledWith);
  for (size_t i = 0; i < m.params.size(); ++i) {
    const ParamSpec &p = m.params[i];
    std::string shape;
    for (const DimExpr &d : p.tensor.shape)
      shape += (shape.empty() ? "" : ", ") + d.text;
    std::string bound =
        load.empty() ? "" : "  = " + model.params()[i].describe();
    fmt::print("  {:<24} {}{}  init {}\n", p.tensor.name,
               typeString(p.tensor.dtype, {}).substr(0, 3) + "[" + shape + "]",
               bound, p.init);
  }
  if (load.empty())
    fmt::print("parameter count: depends on the data's dimensions (pass "
               "--load CKPT)\n");
  else
    fmt::print("parameter count: {}\n", model.numParamElements());
  fmt::print("functions:");
  for (const FunctionSpec &f : m.functions)
    fmt::print(" {}", f.name);
  fmt::print("\ntrain {}\ngenerate {}\n", m.trainOptions, m.generateOptions);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  setUpThreads(argc, argv);
  // The generated code allocates its step buffers with malloc; glibc would
  // serve the large ones with fresh mmaps (a page fault per page, every
  // step). Keep them on the heap and reuse the memory.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  std::string program = argc ? argv[0] : "model";
  try {
    Manifest manifest = compiledModel().manifest();
    json train = json::parse(manifest.trainOptions);
    auto taskOf = [&] { return manifest.task; };
    json generate = json::parse(manifest.generateOptions);

    CLI::App app{fmt::format("A recurrent model compiled by rnnc.")};
    app.require_subcommand(1);

    TrainFlags tf;
    setFrom(train, "data", tf.data);
    setFrom(train, "epochs", tf.config.epochs);
    setFrom(train, "batch", tf.config.batch);
    setFrom(train, "steps", tf.config.steps);
    setFrom(train, "lr", tf.config.lr);
    setFrom(train, "clip", tf.config.clip);
    setFrom(train, "optimizer", tf.config.optimizer);
    setFrom(train, "sampling", tf.sampling);
    setFrom(train, "val_split", tf.valSplit);
    setFrom(train, "seed", tf.seed);
    CLI::App *trainCmd = app.add_subcommand("train", "Train the model");
    trainCmd->add_option("--data", tf.data, "Training data file");
    trainCmd->add_option("--epochs", tf.config.epochs, "Epochs")
        ->check(kPositive);
    trainCmd->add_option("--batch", tf.config.batch, "Batch size")
        ->check(kPositive);
    trainCmd->add_option("--steps", tf.config.steps, "Time steps per batch")
        ->check(kPositive);
    trainCmd->add_option("--lr", tf.config.lr, "Learning rate")
        ->check(kPositive);
    trainCmd
        ->add_option("--clip", tf.config.clip,
                     "Gradient-norm clipping threshold (0: none)")
        ->check(kNonNegative);
    trainCmd->add_option("--optimizer", tf.config.optimizer, "sgd or adam")
        ->check(CLI::IsMember({"sgd", "adam"}));
    trainCmd->add_option("--sampling", tf.sampling, "random or sequential")
        ->check(CLI::IsMember({"random", "sequential"}));
    trainCmd
        ->add_option("--val-split", tf.valSplit,
                     "Held-out final fraction of the token stream")
        ->check(CLI::Range(0.0, 0.99));
    trainCmd->add_option("--seed", tf.seed, "Random seed");
    trainCmd
        ->add_option("--threads", tf.threads,
                     "Threads (pinned; OMP_NUM_THREADS overrides)")
        ->check(CLI::Range(1, 1024));
    trainCmd->add_option("--save", tf.save,
                         "Checkpoint written after every epoch (the last "
                         "weights; with PATH.state to --resume from)");
    trainCmd->add_option("--save-best", tf.saveBest,
                         "Checkpoint of the epoch with the lowest held-out "
                         "loss, rewritten when an epoch beats it");
    trainCmd
        ->add_option("--patience", tf.patience,
                     "Stop after N epochs without a lower held-out loss "
                     "(0: never)")
        ->check(kNonNegative);
    trainCmd->add_option("--resume", tf.resume,
                         "Continue from a checkpoint and its .state file");
    trainCmd->add_option("--metrics", tf.metrics,
                         "One JSON object per epoch (JSON lines)");
    trainCmd->add_flag("--quiet", tf.quiet, "No progress output");
    int64_t pairs = train.value("pairs", int64_t(0));
    trainCmd
        ->add_option("--pairs", pairs,
                     "seq2seq: the first N sentence pairs (0: all)")
        ->check(kNonNegative);
    trainCmd->add_option("--plot", tf.plot,
                         "SVG of loss and perplexity per epoch (this run's "
                         "epochs), redrawn after each");

    std::string evalLoad, evalData = tf.data;
    double evalSplit = tf.valSplit;
    CLI::App *evalCmd =
        app.add_subcommand("eval", "Loss and perplexity on held-out data");
    evalCmd->add_option("--load", evalLoad, "Checkpoint")->required();
    evalCmd->add_option("--data", evalData, "Data file");
    evalCmd
        ->add_option("--val-split", evalSplit,
                     "Evaluate the final fraction (0: the whole file)")
        ->check(CLI::Range(0.0, 0.99));
    evalCmd
        ->add_option("--pairs", pairs,
                     "seq2seq: the first N sentence pairs, as in train")
        ->check(kNonNegative);

    GenerateFlags gf;
    setFrom(generate, "prefix", gf.prefix);
    setFrom(generate, "length", gf.length);
    setFrom(generate, "strategy", gf.strategy);
    setFrom(generate, "temperature", gf.temperature);
    setFrom(generate, "top_k", gf.topK);
    setFrom(generate, "beam", gf.beam);
    setFrom(generate, "alpha", gf.alpha);
    CLI::App *genCmd =
        app.add_subcommand("generate", "Continue a prefix with the model");
    genCmd->add_option("--load", gf.load, "Checkpoint")->required();
    genCmd->add_option("--prefix", gf.prefix, "Warm-up text");
    genCmd->add_option("--steps", gf.length, "Tokens to generate")
        ->check(kPositive);
    genCmd->add_option("--strategy", gf.strategy, "greedy, sample or beam")
        ->check(CLI::IsMember({"greedy", "sample", "beam"}));
    genCmd->add_option("--temperature", gf.temperature, "Sampling temperature")
        ->check(kPositive);
    genCmd->add_option("--top-k", gf.topK, "Sample from the k best (0: all)")
        ->check(kNonNegative);
    genCmd->add_option("--beam", gf.beam, "Beam width")->check(kPositive);
    genCmd->add_option("--seed", gf.seed, "Sampling seed");

    GradCheckOptions gc;
    double f32Tolerance = 1e-3;
    CLI::App *gradCmd = app.add_subcommand(
        "gradcheck",
        "Derived gradients: the f64 build against finite differences, the "
        "f32 build against the f64 one");
    gradCmd->add_option("--steps", gc.steps, "Time steps")->check(kPositive);
    gradCmd->add_option("--batch", gc.batch, "Batch size")->check(kPositive);
    gradCmd
        ->add_option("--dims", gc.otherDims,
                     "Size of the other symbolic dimensions (V, ...)")
        ->check(kPositive);
    gradCmd
        ->add_option("--entries", gc.entries,
                     "Entries checked per parameter at most")
        ->check(kPositive);
    gradCmd->add_option("--eps", gc.eps, "Finite-difference step")
        ->check(kNonNegative);
    gradCmd
        ->add_option("--tolerance", gc.tolerance,
                     "Largest relative error of the f64 build against "
                     "finite differences (default 1e-6; the f32 build "
                     "against the f64 one: 1e-3)")
        ->check(kNonNegative);
    gradCmd->add_option("--seed", gc.seed, "Random seed");

    std::string translateLoad;
    CLI::App *translateCmd = app.add_subcommand(
        "translate", "Translate sentences from stdin, one a line (seq2seq)");
    translateCmd->add_option("--load", translateLoad, "Checkpoint")->required();
    translateCmd
        ->add_option("--beam", gf.beam, "Beam width (1: greedy, the default)")
        ->check(kPositive);
    evalCmd
        ->add_option("--beam", gf.beam,
                     "seq2seq: beam width of the translations BLEU scores "
                     "(1: greedy, the default)")
        ->check(kPositive);
    translateCmd->add_option("--steps", gf.length, "Longest translation")
        ->check(kPositive);

    std::string tagLoad, tagText;
    CLI::App *tagCmd = app.add_subcommand(
        "tag", "The labels a tagging model predicts for a text");
    tagCmd->add_option("--load", tagLoad, "Checkpoint")->required();
    tagCmd->add_option("--text", tagText,
                       "Text to tag (default: the train block's source)");

    std::string predictLoad, predictCsv, predictData, predictPlot;
    std::vector<int64_t> predictKs{1, 4, 16, 64};
    CLI::App *predictCmd = app.add_subcommand(
        "predict", "k-step-ahead predictions of a series model");
    predictCmd->add_option("--load", predictLoad, "Checkpoint")->required();
    predictCmd->add_option("--k", predictKs, "Steps ahead (default 1 4 16 64)")
        ->check(kPositive);
    predictCmd->add_option("--csv", predictCsv,
                           "Write t, truth and one column per k");
    predictCmd->add_option("--plot", predictPlot,
                           "SVG of the series and its k-step predictions");
    predictCmd->add_option("--data", predictData,
                           "CSV series (default: the train block's sine)");

    std::string statsData = tf.data;
    size_t statsTop = 10;
    CLI::App *statsCmd = app.add_subcommand(
        "stats", "Corpus statistics: top n-grams, Zipf exponent, baseline "
                 "perplexities");
    statsCmd->add_option("--data", statsData, "Text file");
    statsCmd->add_option("--top", statsTop, "n-grams listed per n");

    std::string infoLoad;
    CLI::App *infoCmd =
        app.add_subcommand("info", "Parameters and options of the model");
    infoCmd->add_option("--load", infoLoad,
                        "Checkpoint (binds the dimensions: shapes and the "
                        "parameter count)");

    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
      return app.exit(e);
    } catch (const CLI::ParseError &e) {
      fmt::print(stderr, "{}: error: {}\n", program, e.what());
      return 1;
    }
    tf.valSplitGiven = trainCmd->get_option("--val-split")->count() > 0;
    train["pairs"] = pairs;
    if (*trainCmd)
      return runTrain(tf, train);

    if (*genCmd)
      return runGenerate(gf, train);
    if (*translateCmd || (*evalCmd && taskOf() == Task::Seq2Seq)) {
      DecodeOptions options;
      options.maxLength = gf.length;
      options.beam = gf.beam;
      bool beamGiven = translateCmd->get_option("--beam")->count() ||
                       evalCmd->get_option("--beam")->count();
      options.strategy =
          beamGiven && gf.beam > 1 ? Strategy::Beam : Strategy::Greedy;
      if (*translateCmd)
        return runTranslate(translateLoad, options, train, std::cin);
      return runSeq2SeqEval(
          evalLoad, evalData,
          evalCmd->get_option("--val-split")->count() ? evalSplit : 0, options,
          train, tf.seed);
    }
    if (*evalCmd) {
      if (evalData.empty() && !train.contains("source"))
        throw Error("no data to evaluate: pass --data PATH");
      return runEval(evalLoad, evalData, train, evalSplit);
    }
    if (*infoCmd)
      return runInfo(infoLoad);
    if (*statsCmd)
      return runStats(statsData, train, statsTop);
    if (*tagCmd)
      return runTag(tagLoad, tagText, train);
    if (*predictCmd)
      return runPredict(predictLoad, predictKs, predictCsv, predictPlot,
                        predictData, train, tf.seed);
    if (*gradCmd)
      return runGradCheck(gc, f32Tolerance);
    return 1;
  } catch (const Error &e) {
    fmt::print(stderr, "{}: error: {}\n", program, e.what());
    return 1;
  } catch (const std::exception &e) {
    fmt::print(stderr, "{}: internal error: {}\n", program, e.what());
    return 2;
  }
}
