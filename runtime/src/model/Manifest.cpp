//===- Manifest.cpp - parsing the model manifest
//---------------------------===//
//
// See Manifest.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Manifest.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Runtime.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>

namespace rnnc::rt {

using nlohmann::json;

int64_t DimExpr::evaluate(const DimBindings &dims) const {
  // c + k*s terms separated by + and -; k* is optional.
  int64_t value = 0;
  size_t i = 0;
  int sign = 1;
  auto skipSpace = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
  };
  auto number = [&]() -> int64_t {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
      ++i;
    return std::stoll(text.substr(start, i - start));
  };
  skipSpace();
  if (i < text.size() && text[i] == '-') {
    sign = -1;
    ++i;
  }
  while (true) {
    skipSpace();
    if (i >= text.size())
      throw Error(fmt::format("malformed dimension '{}'", text));
    int64_t factor = 1;
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      factor = number();
      skipSpace();
      if (i < text.size() && text[i] == '*') {
        ++i;
        skipSpace();
      } else {
        value += sign * factor;
        factor = 0;
      }
    }
    if (factor) {
      size_t start = i;
      while (
          i < text.size() &&
          (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))
        ++i;
      std::string symbol = text.substr(start, i - start);
      auto it = dims.find(symbol);
      if (symbol.empty() || it == dims.end())
        throw Error(
            fmt::format("dimension '{}' needs a value for '{}'", text, symbol));
      value += sign * factor * it->second;
    }
    skipSpace();
    if (i >= text.size())
      return value;
    if (text[i] != '+' && text[i] != '-')
      throw Error(fmt::format("malformed dimension '{}'", text));
    sign = text[i] == '+' ? 1 : -1;
    ++i;
  }
}

std::vector<int64_t> TensorSpec::shapeUnder(const DimBindings &dims) const {
  std::vector<int64_t> sizes;
  for (const DimExpr &d : shape)
    sizes.push_back(d.isAny() ? -1 : d.evaluate(dims));
  return sizes;
}

static std::optional<size_t> findSpec(const std::vector<TensorSpec> &specs,
                                      const std::string &role,
                                      const std::string &name) {
  for (size_t i = 0; i < specs.size(); ++i)
    if (specs[i].role == role && specs[i].name == name)
      return i;
  return std::nullopt;
}

std::optional<size_t> FunctionSpec::argIndex(const std::string &role,
                                             const std::string &name) const {
  return findSpec(args, role, name);
}

std::optional<size_t> FunctionSpec::resultIndex(const std::string &role,
                                                const std::string &name) const {
  return findSpec(results, role, name);
}

const FunctionSpec *Manifest::function(const std::string &name) const {
  for (const FunctionSpec &f : functions)
    if (f.name == name)
      return &f;
  return nullptr;
}

static DType parseDType(const std::string &name) {
  if (name == "f32")
    return DType::F32;
  if (name == "f64")
    return DType::F64;
  if (name == "i32")
    return DType::I32;
  if (name == "i64")
    return DType::I64;
  throw Error(fmt::format("unknown element type '{}'", name));
}

static TensorSpec parseTensor(const json &j, const std::string &role) {
  TensorSpec spec;
  spec.role = j.value("role", role);
  spec.name = j.at("name").get<std::string>();
  if (spec.isDim())
    return spec;
  spec.dtype = parseDType(j.at("dtype").get<std::string>());
  for (const json &d : j.at("shape"))
    spec.shape.push_back({d.is_number() ? std::to_string(d.get<int64_t>())
                                        : d.get<std::string>()});
  return spec;
}

Manifest parseManifest(const char *text) {
  Manifest m;
  try {
    json j = json::parse(text);
    m.abiVersion = j.at("abi_version").get<int64_t>();
    if (m.abiVersion != RNNC_RT_ABI_VERSION)
      throw Error(fmt::format("the model was compiled for runtime ABI {}, "
                              "this runtime has ABI {}",
                              m.abiVersion, RNNC_RT_ABI_VERSION));
    m.name = j.at("name").get<std::string>();
    m.cellModule = j.value("cell_module", false);
    if (!m.cellModule) {
      std::string task = j.at("task").get<std::string>();
      std::optional<Task> parsed = parseTask(task);
      if (!parsed)
        throw Error(fmt::format("unknown task '{}' (this runtime knows {})",
                                task, listTaskNames()));
      m.task = *parsed;
    }
    m.trainOptions = j.value("train", json::object()).dump();
    m.generateOptions = j.value("generate", json::object()).dump();
    m.dropout = j.value("dropout", false);
    m.compiledWith = j.value("compiled_with", "");
    m.targetCpu = j.value("target_cpu", "");
    m.cpuFeatures =
        j.value("cpu_features", std::vector<std::string>{});
    for (const json &p : j.at("params")) {
      ParamSpec spec{parseTensor(p, "param"), p.at("init").get<std::string>(),
                     p.at("init_args").get<std::vector<double>>()};
      m.params.push_back(std::move(spec));
    }
    for (const json &f : j.at("functions")) {
      FunctionSpec spec;
      spec.name = f.at("name").get<std::string>();
      for (const json &a : f.at("args"))
        spec.args.push_back(parseTensor(a, ""));
      for (const json &r : f.at("results"))
        spec.results.push_back(parseTensor(r, ""));
      m.functions.push_back(std::move(spec));
    }
  } catch (const json::exception &e) {
    throw Error(fmt::format("malformed model manifest: {}", e.what()));
  }
  return m;
}

} // namespace rnnc::rt
