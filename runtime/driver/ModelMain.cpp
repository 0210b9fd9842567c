//===- ModelMain.cpp - the command line of every compiled model -----------===//
//
// The main() linked into every executable rnnc produces: a table of the
// subcommands (train, eval, generate, translate, tag, predict, gradcheck,
// stats, info), their flags from CommandLine.cpp, defaulted from the
// model file's train and generate blocks, and their runs from each task
// family's file (Commands.h). The generated code is reached only through
// the C ABI of Runtime.h.
// Exit codes: 0 success, 1 bad flags, data or checkpoints (one line saying
// why), 2 internal error.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "rnnc/runtime/CompiledModel.h"
#include "rnnc/runtime/CpuCheck.h"
#include "Threads.h"
#include "rnnc/runtime/Runtime.h"

#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/Error.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>
#include <cstdlib>
#include <malloc.h>

using namespace rnnc::rt;

namespace {

struct Command {
  const char *name;
  const char *summary;
  AddFlags addFlags;
  RunCommand run;
};

const Command kCommands[] = {
    {"train", "Train the model", addTrainFlags, trainCommand},
    {"eval", "Loss and perplexity on held-out data", addEvalFlags,
     evalCommand},
    {"generate", "Continue a prefix with the model", addGenerateFlags,
     generateCommand},
    {"gradcheck",
     "Derived gradients: the f64 build against finite differences, the f32 "
     "build against the f64 one",
     addGradCheckFlags, gradCheckCommand},
    {"translate", "Translate sentences from stdin, one a line (seq2seq)",
     addTranslateFlags, translateCommand},
    {"tag", "The labels a tagging model predicts for a text", addTagFlags,
     tagCommand},
    {"predict", "k-step-ahead predictions of a series model",
     addPredictFlags, predictCommand},
    {"stats",
     "Corpus statistics: top n-grams, Zipf exponent, baseline perplexities",
     addStatsFlags, statsCommand},
    {"info", "Parameters and options of the model", addInfoFlags,
     infoCommand},
};

ModelFile modelFile() {
  Manifest manifest = compiledModel().manifest();
  nlohmann::json train = nlohmann::json::parse(manifest.trainOptions);
  nlohmann::json generate = nlohmann::json::parse(manifest.generateOptions);
  return {std::move(manifest), std::move(train), std::move(generate)};
}

} // namespace

/// Ends the job: one line naming the rank when it has several (the other
/// ranks stop with it), else a return code.
static int fail(const std::string &program, const std::string &kind,
                const std::string &message, int code) {
  const Ranks &ranks = Ranks::world();
  if (ranks.distributed())
    ranks.abort(fmt::format("{}: rank {}: {}: {}", program, ranks.rank(), kind,
                            message),
                code);
  fmt::print(stderr, "{}: {}: {}\n", program, kind, message);
  return code;
}

int main(int argc, char **argv) {
  // (May re-execute the process: before MPI starts.)
  setUpThreads(argc, argv);
  std::string program = argc ? argv[0] : "model";
  // One rank of an MPI job when a launcher started this process; only
  // rank 0 prints (docs/distributed.md). (Open MPI that cannot be loaded
  // is reported here, before there is a job to stop.)
  const Ranks *world = nullptr;
  try {
    world = &Ranks::world();
  } catch (const Error &e) {
    fmt::print(stderr, "{}: error: {}\n", program, e.what());
    return 1;
  }
  const Ranks &ranks = *world;
  if (!ranks.isRoot() && !std::freopen("/dev/null", "w", stdout))
    return fail(program, "error", "cannot silence stdout on this rank", 1);
  // The generated code allocates its step buffers with malloc; glibc would
  // serve the large ones with fresh mmaps (a page fault per page, every
  // step). Keep them on the heap and reuse the memory.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  try {
    ModelFile model = modelFile();
    Flags flags;
    CLI::App app{"A recurrent model compiled by rnnc."};
    app.require_subcommand(1);
    // The device of a --target=vulkan build, before or after the command.
    int device = -1;
    app.add_option("--device", device,
                   "The GPU a --target=vulkan build runs on (rnnc-devices "
                   "lists them; default 0)")
        ->check(CLI::NonNegativeNumber);
    app.fallthrough();
    std::vector<CLI::App *> subcommands;
    for (const Command &command : kCommands) {
      subcommands.push_back(app.add_subcommand(command.name, command.summary));
      command.addFlags(*subcommands.back(), model, flags);
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
      return app.exit(e);
    } catch (const CLI::ParseError &e) {
      return fail(program, "error", e.what(), 1);
    }
    // Code compiled for another CPU (--cpu) refuses to start here, before
    // any of it runs, naming the feature this CPU lacks.
    checkCpu(model.manifest);
    // A test-only switch: an internal error, reported as one (exit 2).
    if (const char *fault = std::getenv("RNNC_TEST_FAULT");
        fault && std::string(fault) == "internal")
      throw std::logic_error("the fault RNNC_TEST_FAULT asked for");
        // A Vulkan build opens its device before the command starts: no
    // loader, no device or a wrong --device is one line and exit 1.
    if (rnnc_rt_gpu_select_device) {
      rnnc_rt_gpu_select_device(device >= 0 ? device : 0);
      placeTensorsInDeviceMemory();
    } else if (device >= 0)
      throw Error("--device picks the GPU of a model compiled with "
                  "--target=vulkan; this one runs on the CPU");
    for (size_t i = 0; i < subcommands.size(); ++i) {
      if (!*subcommands[i])
        continue;
      if (ranks.distributed() && std::string(kCommands[i].name) != "train")
        throw Error(fmt::format("'{}' runs in one process; only 'train' "
                                "runs on several ranks",
                                kCommands[i].name));
      return kCommands[i].run(flags, model);
    }
    return 1;
  } catch (const Error &e) {
    return fail(program, "error", e.what(), 1);
  } catch (const std::exception &e) {
    return fail(program, "internal error", e.what(), 2);
  }
}
