//===- Checkpoint.cpp - model weights and training state on disk
//-----------===//
//
// See Checkpoint.h. The training state is itself a safetensors file: the
// Adam moments as tensors, the counters and the generator's state as
// metadata strings.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Checkpoint.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <sstream>

namespace rnnc::rt {

using nlohmann::json;

void saveCheckpoint(const std::string &path, const Model &model,
                    const Vocab &vocab,
                    const std::vector<std::string> &labels) {
  std::vector<TensorView> views;
  const auto &params = model.params();
  for (size_t i = 0; i < params.size(); ++i)
    views.push_back({model.manifest().params[i].tensor.name, params[i].dtype(),
                     params[i].shape(), params[i].raw()});
  json dims = model.dims();
  dims.erase("T");
  dims.erase("B");
  std::map<std::string, std::string> metadata{
      {"rnnc.model", model.manifest().name},
      {"rnnc.task", taskName(model.manifest().task)},
      {"rnnc.dims", dims.dump()},
      {"rnnc.vocab", json(vocab.allTokens()).dump()},
      {"rnnc.train", model.manifest().trainOptions}};
  if (!labels.empty())
    metadata["rnnc.labels"] = json(labels).dump();
  writeSafetensors(path, views, metadata);
}

Vocab loadCheckpoint(const std::string &path, Model &model,
                     std::vector<std::string> *labels) {
  SafetensorsFile file = readSafetensors(path);
  auto meta = [&](const std::string &key) -> const std::string & {
    auto it = file.metadata.find(key);
    if (it == file.metadata.end())
      fail(path,
           fmt::format("is not an rnnc checkpoint (no '{}' metadata)", key));
    return it->second;
  };
  const std::string &name = meta("rnnc.model");
  if (name != model.manifest().name)
    fail(path, fmt::format("is a checkpoint of model '{}', not '{}'", name,
                           model.manifest().name));
  Vocab vocab;
  try {
    json dims = json::parse(meta("rnnc.dims"));
    for (const auto &[dim, value] : dims.items())
      model.dims()[dim] = value.get<int64_t>();
    vocab = Vocab::fromTokens(
        json::parse(meta("rnnc.vocab")).get<std::vector<std::string>>());
    if (labels && file.metadata.count("rnnc.labels"))
      *labels = json::parse(file.metadata.at("rnnc.labels"))
                    .get<std::vector<std::string>>();
  } catch (const json::exception &e) {
    fail(path, fmt::format("malformed rnnc metadata: {}", e.what()));
  }

  std::vector<Tensor> params;
  for (const ParamSpec &p : model.manifest().params) {
    const TensorRecord *record = file.find(p.tensor.name);
    if (!record)
      fail(path, fmt::format("has no tensor '{}'", p.tensor.name));
    std::vector<int64_t> shape = p.tensor.shapeUnder(model.dims());
    if (record->dtype != p.tensor.dtype || record->shape != shape)
      fail(path,
           fmt::format("tensor '{}' is {}, the model expects {}", p.tensor.name,
                       typeString(record->dtype, record->shape),
                       typeString(p.tensor.dtype, shape)));
    Tensor t(p.tensor.dtype, shape);
    std::memcpy(t.raw(), file.bytes(*record), t.numBytes());
    params.push_back(std::move(t));
  }
  if (file.tensors.size() != params.size())
    fail(path, fmt::format("has {} tensors, the model has {} parameters",
                           file.tensors.size(), params.size()));
  model.params() = std::move(params);
  return vocab;
}

std::string trainingStatePath(const std::string &checkpoint) {
  return checkpoint + ".state";
}

void saveTrainingState(const std::string &path, const TrainingState &state) {
  std::ostringstream rng;
  rng << state.rng;
  std::vector<TensorView> views;
  for (size_t k = 0; k < state.adam.m.size(); ++k) {
    int64_t size = state.adam.m[k].numElements();
    views.push_back({fmt::format("adam.m.{}", k),
                     DType::F32,
                     {size},
                     state.adam.m[k].data<float>()});
    views.push_back({fmt::format("adam.v.{}", k),
                     DType::F32,
                     {size},
                     state.adam.v[k].data<float>()});
  }
  std::map<std::string, std::string> metadata{
      {"rnnc.epoch", std::to_string(state.epoch)},
      {"rnnc.adam_t", std::to_string(state.adam.t)},
      {"rnnc.adam_moments", std::to_string(state.adam.m.size())},
      {"rnnc.rng", rng.str()},
      {"rnnc.training_step", std::to_string(state.trainingStep)},
      {"rnnc.best_epoch", std::to_string(state.best.epoch)},
      {"rnnc.best_epochs_without_improvement",
       std::to_string(state.best.epochsWithoutImprovement)}};
  if (state.best.epoch > 0) {
    // Exact round trip of the doubles (hexadecimal floating point).
    metadata["rnnc.best_val_loss"] = fmt::format("{:a}", state.best.valLoss);
    metadata["rnnc.best_val_perplexity"] =
        fmt::format("{:a}", state.best.valPerplexity);
  }
  writeSafetensors(path, views, metadata);
}

TrainingState loadTrainingState(const std::string &path) {
  SafetensorsFile file = readSafetensors(path);
  auto meta = [&](const std::string &key) {
    auto it = file.metadata.find(key);
    if (it == file.metadata.end())
      fail(path, fmt::format("is not an rnnc training state (no '{}')", key));
    return it->second;
  };
  TrainingState state;
  try {
    state.epoch = std::stoll(meta("rnnc.epoch"));
    state.adam.t = std::stoll(meta("rnnc.adam_t"));
    state.trainingStep = std::stoll(meta("rnnc.training_step"));
    state.best.epoch = std::stoll(meta("rnnc.best_epoch"));
    state.best.epochsWithoutImprovement =
        std::stoll(meta("rnnc.best_epochs_without_improvement"));
    if (state.best.epoch > 0) {
      state.best.valLoss = std::stod(meta("rnnc.best_val_loss"));
      state.best.valPerplexity = std::stod(meta("rnnc.best_val_perplexity"));
    }
    size_t moments = std::stoull(meta("rnnc.adam_moments"));
    for (size_t k = 0; k < moments; ++k)
      for (auto *target : {&state.adam.m, &state.adam.v}) {
        std::string name =
            fmt::format("adam.{}.{}", target == &state.adam.m ? "m" : "v", k);
        const TensorRecord *r = file.find(name);
        if (!r || r->dtype != DType::F32)
          fail(path, fmt::format("has no f32 tensor '{}'", name));
        Tensor &moment = target->emplace_back(
            DType::F32, std::vector<int64_t>{r->numElements()});
        std::memcpy(moment.raw(), file.bytes(*r), moment.numBytes());
      }
  } catch (const std::logic_error &) {
    fail(path, "malformed training-state counters");
  }
  std::istringstream rng(meta("rnnc.rng"));
  rng >> state.rng;
  if (!rng)
    fail(path, "malformed generator state");
  return state;
}

} // namespace rnnc::rt
