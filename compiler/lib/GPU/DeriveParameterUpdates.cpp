//===- DeriveParameterUpdates.cpp - the optimizer as generated functions --===//
//
// See the description of rnn-gpu-derive-parameter-updates in Passes.td.
// The functions are linalg on tensors over the parameter table
// (`rnn.params`), one elementwise op per parameter (one kernel each on a
// device) and one reduction per gradient into a running sum. Their
// arithmetic is the runtime's CPU optimizer's (runtime/src/training/
// Optimizer.cpp), operation for operation, so both builds take the same
// steps; the sum of squares is f32 here (f64 on the CPU).
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace rnnc {
#define GEN_PASS_DEF_DERIVEPARAMETERUPDATES
#include "rnnc/GPU/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

/// One entry of the parameter table.
struct Parameter {
  StringAttr name;
  RankedTensorType type;
  ArrayAttr dimNames; // null when the shape is static
};

/// The hyper-parameter words of each update, in order (the runtime's
/// GeneratedUpdates.cpp writes them).
enum SGDHyper { kSGDRate, kSGDScale, kSGDWords };
enum AdamHyper {
  kAdamScale,
  kAdamBeta1,
  kAdamBeta2,
  kAdamStepSize,
  kAdamSqrtCorrection2,
  kAdamEps,
  kAdamWords
};

/// A function's arguments and results with their role attributes.
struct Signature {
  SmallVector<Type> args, results;
  SmallVector<NamedAttrList> argRoles, resultRoles;

  void arg(Type type, NamedAttrList roles) {
    args.push_back(type);
    argRoles.push_back(std::move(roles));
  }
  void result(Type type, NamedAttrList roles) {
    results.push_back(type);
    resultRoles.push_back(std::move(roles));
  }
};

class UpdateBuilder {
public:
  UpdateBuilder(ModuleOp module, llvm::ArrayRef<Parameter> params)
      : module(module), params(params), b(module.getContext()),
        loc(module.getLoc()) {}

  void buildSquareSum();
  void buildSGD();
  void buildAdam();

private:
  /// A function at the module's end of this signature; the builder is at
  /// its entry.
  func::FuncOp begin(llvm::StringRef name, const Signature &signature);
  /// The parameters as arguments and as results (an update's signature
  /// starts so).
  Signature parametersInAndOut();
  /// `role = name` and, for a dynamic shape, the dimension names.
  NamedAttrList role(llvm::StringRef role, llvm::StringRef name,
                     const Parameter &p);
  NamedAttrList role(llvm::StringRef role, llvm::StringRef name);
  Type hyperType(int64_t words) {
    return RankedTensorType::get({words}, b.getF32Type());
  }
  /// Word `index` of the hyper-parameter tensor `hyper`.
  Value word(Value hyper, int64_t index) {
    Value i = b.create<arith::ConstantIndexOp>(loc, index);
    return b.create<tensor::ExtractOp>(loc, hyper, ValueRange{i});
  }
  /// An elementwise op over tensors shaped like `ins[0]`, `outs` of them.
  ValueRange elementwise(
      ValueRange ins, unsigned outs,
      llvm::function_ref<SmallVector<Value>(OpBuilder &, ValueRange)> body);

  ModuleOp module;
  llvm::ArrayRef<Parameter> params;
  OpBuilder b;
  Location loc;
};

NamedAttrList UpdateBuilder::role(llvm::StringRef role, llvm::StringRef name,
                                  const Parameter &p) {
  NamedAttrList attrs = this->role(role, name);
  if (p.dimNames)
    attrs.set("rnn.dims", p.dimNames);
  return attrs;
}

NamedAttrList UpdateBuilder::role(llvm::StringRef role, llvm::StringRef name) {
  NamedAttrList attrs;
  attrs.set(("rnn." + role).str(), b.getStringAttr(name));
  return attrs;
}

func::FuncOp UpdateBuilder::begin(llvm::StringRef name,
                                  const Signature &signature) {
  b.setInsertionPointToEnd(module.getBody());
  auto func = b.create<func::FuncOp>(
      loc, name, b.getFunctionType(signature.args, signature.results));
  func->setAttr("rnn.parameter_update", b.getUnitAttr());
  for (auto [i, attrs] : llvm::enumerate(signature.argRoles))
    func.setArgAttrs(i, attrs.getDictionary(b.getContext()));
  for (auto [i, attrs] : llvm::enumerate(signature.resultRoles))
    func.setResultAttrs(i, attrs.getDictionary(b.getContext()));
  b.setInsertionPointToStart(func.addEntryBlock());
  return func;
}

Signature UpdateBuilder::parametersInAndOut() {
  Signature signature;
  for (const Parameter &p : params)
    signature.arg(p.type, role("param", p.name));
  for (const Parameter &p : params)
    signature.result(p.type, role("param", p.name));
  return signature;
}

ValueRange UpdateBuilder::elementwise(
    ValueRange ins, unsigned outs,
    llvm::function_ref<SmallVector<Value>(OpBuilder &, ValueRange)> body) {
  auto type = llvm::cast<RankedTensorType>(ins.front().getType());
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(b, loc, ins.front());
  SmallVector<Value> inits;
  for (unsigned i = 0; i < outs; ++i)
    inits.push_back(
        b.create<tensor::EmptyOp>(loc, sizes, type.getElementType()));
  SmallVector<AffineMap> maps(ins.size() + outs,
                              b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto op = b.create<linalg::GenericOp>(
      loc, ValueRange(inits).getTypes(), ins, inits, maps, iterators,
      [&](OpBuilder &nested, Location at, ValueRange args) {
        nested.create<linalg::YieldOp>(at, body(nested, args));
      });
  return op.getResults();
}

/// square_sum(grads) = sum over every gradient element of g * g.
void UpdateBuilder::buildSquareSum() {
  Signature signature;
  for (const Parameter &p : params)
    signature.arg(p.type, role("grad", p.name, p));
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  signature.result(scalar, role("result", "square_sum"));
  func::FuncOp func = begin("gradient_square_sum", signature);
  Value zero = b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(0));
  Value sum = b.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{},
                                        b.getF32Type());
  sum = b.create<linalg::FillOp>(loc, zero, sum).getResult(0);
  for (Value grad : func.getArguments()) {
    int64_t rank = llvm::cast<RankedTensorType>(grad.getType()).getRank();
    SmallVector<AffineMap> maps{
        b.getMultiDimIdentityMap(rank),
        AffineMap::get(rank, 0, {}, b.getContext())};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::reduction);
    sum = b.create<linalg::GenericOp>(
               loc, TypeRange{scalar}, ValueRange{grad}, ValueRange{sum}, maps,
               iterators,
               [&](OpBuilder &nested, Location at, ValueRange x) {
                 Value square = nested.create<arith::MulFOp>(at, x[0], x[0]);
                 nested.create<linalg::YieldOp>(
                     at, ValueRange{
                             nested.create<arith::AddFOp>(at, square, x[1])});
               })
              .getResult(0);
  }
  b.create<func::ReturnOp>(loc, sum);
}

/// sgd_update(params, grads, [rate, scale]): p - rate * (g * scale).
void UpdateBuilder::buildSGD() {
  Signature signature = parametersInAndOut();
  for (const Parameter &p : params)
    signature.arg(p.type, role("grad", p.name, p));
  signature.arg(hyperType(kSGDWords), role("hyper", "sgd"));
  func::FuncOp func = begin("sgd_update", signature);
  size_t n = params.size();
  Value hyper = func.getArgument(2 * n);
  Value rate = word(hyper, kSGDRate), scale = word(hyper, kSGDScale);
  SmallVector<Value> updated;
  for (size_t i = 0; i < n; ++i)
    updated.push_back(elementwise(
        {func.getArgument(i), func.getArgument(n + i)}, 1,
        [&](OpBuilder &nb, ValueRange x) -> SmallVector<Value> {
          Value g = nb.create<arith::MulFOp>(loc, x[1], scale);
          Value step = nb.create<arith::MulFOp>(loc, rate, g);
          return {nb.create<arith::SubFOp>(loc, x[0], step)};
        })[0]);
  b.create<func::ReturnOp>(loc, updated);
}

/// adam_update(params, grads, m, v, [scale, b1, b2, step size,
/// sqrt(correction2), eps]): torch.optim.Adam's step with bias-corrected
/// moments, on the gradient times scale (clipping).
void UpdateBuilder::buildAdam() {
  Signature signature = parametersInAndOut();
  for (const Parameter &p : params)
    signature.arg(p.type, role("grad", p.name, p));
  for (llvm::StringRef moment : {"m", "v"})
    for (const Parameter &p : params) {
      std::string name = (moment + "." + p.name.strref()).str();
      signature.arg(p.type, role("moment", name, p));
      signature.result(p.type, role("moment", name, p));
    }
  signature.arg(hyperType(kAdamWords), role("hyper", "adam"));
  func::FuncOp func = begin("adam_update", signature);
  size_t n = params.size();
  Value hyper = func.getArgument(4 * n);
  Value scale = word(hyper, kAdamScale), b1 = word(hyper, kAdamBeta1),
        b2 = word(hyper, kAdamBeta2), stepSize = word(hyper, kAdamStepSize),
        correction = word(hyper, kAdamSqrtCorrection2),
        eps = word(hyper, kAdamEps);
  Value one = b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(1));
  Value keep1 = b.create<arith::SubFOp>(loc, one, b1);
  Value keep2 = b.create<arith::SubFOp>(loc, one, b2);
  SmallVector<Value> values(n), firsts(n), seconds(n);
  for (size_t i = 0; i < n; ++i) {
    ValueRange out = elementwise(
        {func.getArgument(i), func.getArgument(n + i),
         func.getArgument(2 * n + i), func.getArgument(3 * n + i)},
        3, [&](OpBuilder &nb, ValueRange x) -> SmallVector<Value> {
          auto mul = [&](Value l, Value r) {
            return nb.create<arith::MulFOp>(loc, l, r).getResult();
          };
          auto add = [&](Value l, Value r) {
            return nb.create<arith::AddFOp>(loc, l, r).getResult();
          };
          Value g = mul(x[1], scale);
          Value m = add(mul(b1, x[2]), mul(keep1, g));
          Value v = add(mul(b2, x[3]), mul(mul(keep2, g), g));
          Value root = nb.create<math::SqrtOp>(loc, v);
          Value denom =
              add(nb.create<arith::DivFOp>(loc, root, correction), eps);
          Value step =
              nb.create<arith::DivFOp>(loc, mul(stepSize, m), denom);
          return {nb.create<arith::SubFOp>(loc, x[0], step), m, v};
        });
    values[i] = out[0];
    firsts[i] = out[1];
    seconds[i] = out[2];
  }
  SmallVector<Value> returned(values);
  returned.append(firsts);
  returned.append(seconds);
  b.create<func::ReturnOp>(loc, returned);
}

struct DeriveParameterUpdates
    : rnnc::impl::DeriveParameterUpdatesBase<DeriveParameterUpdates> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto table = module->getAttrOfType<ArrayAttr>("rnn.params");
    if (!table || table.empty())
      return;
    for (llvm::StringRef name :
         {"gradient_square_sum", "sgd_update", "adam_update"})
      if (Operation *existing = module.lookupSymbol(name)) {
        // Derived before (a module dumped after this pass and compiled on).
        if (existing->hasAttr("rnn.parameter_update"))
          return;
        existing->emitOpError()
            << "has the name of a parameter update function";
        return signalPassFailure();
      }
    SmallVector<Parameter> params;
    for (Attribute entry : table) {
      auto dict = llvm::dyn_cast<DictionaryAttr>(entry);
      auto name = dict ? dict.getAs<StringAttr>("name") : StringAttr();
      auto type = dict ? dict.getAs<TypeAttr>("type") : TypeAttr();
      auto tensor =
          type ? llvm::dyn_cast<RankedTensorType>(type.getValue()) : nullptr;
      if (!name || !tensor) {
        module.emitOpError() << "has an rnn.params entry without a name "
                                "and a ranked tensor type: "
                             << entry;
        return signalPassFailure();
      }
      // The optimizers update f32 parameters (as the runtime's do): a
      // model with others trains nowhere, and the runtime says so.
      if (!tensor.getElementType().isF32())
        return;
      params.push_back({name, tensor, dict.getAs<ArrayAttr>("dim_names")});
    }
    UpdateBuilder builder(module, params);
    builder.buildSquareSum();
    builder.buildSGD();
    builder.buildAdam();
  }
};

} // namespace
