//===- ModelToManifest.cpp - the model manifest for the runtime ----------===//
//
// See the description of convert-rnn-model-to-manifest in Passes.td. The manifest
// is built from builtin attributes only (the module's rnn.model and
// rnn.params, the functions' argument and result roles), so the pass needs
// nothing from the rnn dialect.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Conversion/Passes.h"

#include "rnnc/runtime/Runtime.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/JSON.h"

namespace rnnc {
#define GEN_PASS_DEF_CONVERTRNNMODELTOMANIFEST
#include "rnnc/Conversion/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kManifestSymbol = "rnnc_model_manifest";
/// The runtime's ABI version (Runtime.h), recorded in the manifest.
constexpr int64_t kABIVersion = RNNC_RT_ABI_VERSION;

/// The argument roles and the result roles, as attribute names.
/// A context (rnn-derive-decoder-step) is a value @encode returns and
/// @decode_step reads; gradients, moments and hyper-parameters are the
/// arguments of the parameter updates (rnn-gpu-derive-parameter-updates),
/// which return parameters and moments. An adjoint ("ROLE:NAME" of what it
/// belongs to) and a saved value (its index) belong to rnn-derive-vjp's
/// @forward_saving and @vjp.
constexpr llvm::StringLiteral kArgRoles[] = {
    "dim",  "input",  "target", "state_in", "param",  "context",
    "grad", "moment", "hyper",  "adjoint",  "saved"};
constexpr llvm::StringLiteral kResultRoles[] = {
    "result", "output", "state_out", "grad", "context",
    "param",  "moment", "adjoint",   "saved"};

/// A builtin attribute as JSON: options dictionaries hold integers, floats,
/// strings, booleans and arrays of them.
llvm::json::Value toJSON(Attribute attr) {
  if (auto i = llvm::dyn_cast<IntegerAttr>(attr))
    return i.getType().isInteger(1) ? llvm::json::Value(i.getValue().isOne())
                                    : llvm::json::Value(i.getInt());
  if (auto f = llvm::dyn_cast<FloatAttr>(attr))
    return f.getValueAsDouble();
  if (auto s = llvm::dyn_cast<StringAttr>(attr))
    return s.getValue().str();
  if (auto b = llvm::dyn_cast<BoolAttr>(attr))
    return b.getValue();
  if (auto d = llvm::dyn_cast<DictionaryAttr>(attr)) {
    llvm::json::Object object;
    for (NamedAttribute entry : d)
      object[entry.getName().getValue()] = toJSON(entry.getValue());
    return object;
  }
  if (auto a = llvm::dyn_cast<ArrayAttr>(attr)) {
    llvm::json::Array array;
    for (Attribute element : a)
      array.push_back(toJSON(element));
    return array;
  }
  if (auto a = llvm::dyn_cast<DenseF64ArrayAttr>(attr))
    return llvm::json::Array(a.asArrayRef());
  if (auto t = llvm::dyn_cast<TypeAttr>(attr)) {
    std::string text;
    llvm::raw_string_ostream os(text);
    t.getValue().print(os);
    return text;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  attr.print(os);
  return text;
}

std::optional<std::string> elementTypeName(Type type) {
  if (type.isF32())
    return "f32";
  if (type.isF64())
    return "f64";
  if (type.isInteger(32))
    return "i32";
  if (type.isInteger(64))
    return "i64";
  return std::nullopt;
}

/// "dtype" and "shape" of a tensor: a static size as a number, a dynamic one
/// by the name in `names`, or "?" when `anySize` (a saved value: the
/// runtime passes back what it was given).
LogicalResult describeTensor(Type type, ArrayAttr names,
                             llvm::json::Object &entry,
                             llvm::function_ref<InFlightDiagnostic()> error,
                             bool anySize = false) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return error() << "has type " << type
                   << "; the runtime passes ranked tensors only";
  std::optional<std::string> dtype = elementTypeName(tensor.getElementType());
  if (!dtype)
    return error() << "has element type " << tensor.getElementType()
                   << "; the runtime knows f32, f64, i32 and i64";
  llvm::json::Array shape;
  for (auto [i, size] : llvm::enumerate(tensor.getShape())) {
    if (!ShapedType::isDynamic(size)) {
      shape.push_back(size);
      continue;
    }
    auto name = names && i < names.size() ? llvm::dyn_cast<StringAttr>(names[i])
                                          : StringAttr();
    if ((!name || name.getValue().empty()) && anySize) {
      shape.push_back("?");
      continue;
    }
    if (!name || name.getValue().empty())
      return error() << "has dynamic dimension " << i
                     << " without a name (rnn.dims)";
    shape.push_back(name.getValue().str());
  }
  entry["dtype"] = *dtype;
  entry["shape"] = std::move(shape);
  return success();
}

/// The role of one argument or result: the first of `roles` among its
/// attributes, as (role, name).
std::optional<std::pair<llvm::StringRef, std::string>>
roleOf(DictionaryAttr attrs, llvm::ArrayRef<llvm::StringLiteral> roles) {
  if (!attrs)
    return std::nullopt;
  for (llvm::StringRef role : roles)
    if (auto name = attrs.getAs<StringAttr>(("rnn." + role).str()))
      return std::make_pair(role, name.getValue().str());
  return std::nullopt;
}

struct ConvertRNNModelToManifestPass : rnnc::impl::ConvertRNNModelToManifestBase<ConvertRNNModelToManifestPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto model = module->getAttrOfType<DictionaryAttr>("rnn.model");
    auto params = module->getAttrOfType<ArrayAttr>("rnn.params");
    if (!model || !params) {
      module.emitError() << "has no rnn.model/rnn.params attributes; run "
                            "convert-rnn-model-to-func first";
      return signalPassFailure();
    }
    if (module.lookupSymbol(kManifestSymbol)) {
      module.emitError() << "already has @" << kManifestSymbol;
      return signalPassFailure();
    }

    llvm::json::Object manifest;
    manifest["abi_version"] = kABIVersion;
    for (NamedAttribute entry : model)
      manifest[entry.getName().getValue()] = toJSON(entry.getValue());

    llvm::StringMap<ArrayAttr> paramDims;
    llvm::json::Array paramTable;
    for (Attribute attr : params) {
      auto param = llvm::cast<DictionaryAttr>(attr);
      auto name = param.getAs<StringAttr>("name");
      auto type = param.getAs<TypeAttr>("type");
      auto names = param.getAs<ArrayAttr>("dim_names");
      paramDims[name.getValue()] = names;
      llvm::json::Object entry{{"name", name.getValue().str()},
                               {"init", toJSON(param.get("init"))},
                               {"init_args", toJSON(param.get("init_args"))}};
      if (failed(describeTensor(type.getValue(), names, entry, [&] {
            return module.emitError() << "parameter " << name << " ";
          })))
        return signalPassFailure();
      paramTable.push_back(std::move(entry));
    }
    manifest["params"] = std::move(paramTable);

    llvm::json::Array functions;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isDeclaration() || func.isPrivate() || !isDescribed(func))
        continue;
      std::optional<llvm::json::Object> described =
          describeFunction(func, paramDims);
      if (!described)
        return signalPassFailure();
      functions.push_back(std::move(*described));
      func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(&getContext()));
      // The runtime's buffers (inputs, states, parameters) are the
      // caller's: bufferization must not write over them in place.
      for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
        if (llvm::isa<TensorType>(type))
          func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                          BoolAttr::get(&getContext(), false));
    }
    manifest["functions"] = std::move(functions);
    // Dropout makes train_step's loss differ from forward's (evaluation
    // drops nothing): gradcheck must know.
    bool dropout = false;
    module.walk([&](Operation *op) {
      dropout |= op->getName().getStringRef() == "rnn.dropout";
    });
    manifest["dropout"] = dropout;
    // How the model was compiled (set by the rnnc driver), for `info`.
    if (auto compiled = module->getAttrOfType<StringAttr>("rnnc.compiled_with"))
      manifest["compiled_with"] = compiled.getValue().str();
    // The CPU the native code is for and the features it may use, which
    // the runtime checks at start (rnnc/Target/TargetCPU.h).
    if (auto cpu = module->getAttrOfType<StringAttr>("rnnc.target_cpu"))
      manifest["target_cpu"] = cpu.getValue().str();
    if (auto features = module->getAttrOfType<ArrayAttr>("rnnc.cpu_features"))
      manifest["cpu_features"] = toJSON(features);

    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::json::Value(std::move(manifest));
    text.push_back('\0');
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto type = LLVM::LLVMArrayType::get(b.getI8Type(), text.size());
    b.create<LLVM::GlobalOp>(module.getLoc(), type, /*isConstant=*/true,
                             LLVM::Linkage::External, kManifestSymbol,
                             b.getStringAttr(text));
  }

  /// Whether any argument of `func` carries an rnn role.
  static bool isDescribed(func::FuncOp func) {
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (roleOf(func.getArgAttrDict(i), kArgRoles))
        return true;
    return false;
  }

  std::optional<llvm::json::Object>
  describeFunction(func::FuncOp func, const llvm::StringMap<ArrayAttr> &dims) {
    auto describe = [&](Type type, DictionaryAttr attrs,
                        llvm::ArrayRef<llvm::StringLiteral> roles,
                        llvm::StringRef what,
                        unsigned index) -> std::optional<llvm::json::Object> {
      auto error = [&] {
        return func.emitOpError() << what << " #" << index << " ";
      };
      auto role = roleOf(attrs, roles);
      if (!role) {
        error() << "has no rnn role attribute";
        return std::nullopt;
      }
      llvm::json::Object entry{{"role", role->first.str()},
                               {"name", role->second}};
      if (role->first == "dim") {
        if (!type.isIndex()) {
          error() << "is a dimension but has type " << type;
          return std::nullopt;
        }
        return entry;
      }
      ArrayAttr names = attrs.getAs<ArrayAttr>("rnn.dims");
      if (role->first == "param")
        names = dims.lookup(role->second);
      if (failed(describeTensor(type, names, entry, error,
                                /*anySize=*/role->first == "saved")))
        return std::nullopt;
      return entry;
    };

    llvm::json::Array args, results;
    for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
      auto entry =
          describe(type, func.getArgAttrDict(i), kArgRoles, "argument", i);
      if (!entry)
        return std::nullopt;
      args.push_back(std::move(*entry));
    }
    for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
      auto entry =
          describe(type, func.getResultAttrDict(i), kResultRoles, "result", i);
      if (!entry)
        return std::nullopt;
      results.push_back(std::move(*entry));
    }
    return llvm::json::Object{{"name", func.getName().str()},
                              {"symbol", ("rnnc_call_" + func.getName()).str()},
                              {"args", std::move(args)},
                              {"results", std::move(results)}};
  }
};

} // namespace
