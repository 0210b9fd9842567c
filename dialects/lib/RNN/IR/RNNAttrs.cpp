//===- RNNAttrs.cpp - enums and attributes of the rnn dialect --------------===//
//
// The initialiser attribute: `#rnn.init<kind>` or `#rnn.init<kind(a, b)>`,
// its parser, printer and verifier.
//
//===----------------------------------------------------------------------===//

#include "RNN/IR/RNNAttrs.h"
#include "RNN/IR/RNNDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::rnn;

#include "RNN/IR/RNNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "RNN/IR/RNNAttrs.cpp.inc"

void RNNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "RNN/IR/RNNAttrs.cpp.inc"
      >();
}

unsigned InitializerAttr::getArity(InitKind kind) {
  switch (kind) {
  case InitKind::constant:
    return 1;
  case InitKind::normal:
  case InitKind::uniform:
    return 2;
  case InitKind::zeros:
  case InitKind::ones:
  case InitKind::xavier_uniform:
  case InitKind::xavier_normal:
    return 0;
  }
  llvm_unreachable("unknown initialiser kind");
}

LogicalResult
InitializerAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                        InitKind kind, DenseF64ArrayAttr argsAttr) {
  llvm::ArrayRef<double> args = argsAttr.asArrayRef();
  unsigned arity = getArity(kind);
  if (args.size() != arity)
    return emitError() << "initialiser '" << stringifyInitKind(kind)
                       << "' takes " << arity << " argument(s), found "
                       << args.size();
  if (kind == InitKind::normal && !(args[1] > 0))
    return emitError() << "normal initialiser needs a positive standard "
                          "deviation, found "
                       << args[1];
  if (kind == InitKind::uniform && !(args[0] < args[1]))
    return emitError() << "uniform initialiser needs low < high, found low "
                       << args[0] << " and high " << args[1];
  return success();
}

Attribute InitializerAttr::parse(AsmParser &parser, Type) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  std::string name;
  if (parser.parseLess() || parser.parseKeywordOrString(&name))
    return {};
  std::optional<InitKind> kind = symbolizeInitKind(name);
  if (!kind) {
    parser.emitError(loc) << "unknown initialiser '" << name
                          << "'; expected zeros, ones, constant, normal, "
                             "uniform, xavier_uniform or xavier_normal";
    return {};
  }
  llvm::SmallVector<double> args;
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::OptionalParen,
          [&] { return parser.parseFloat(args.emplace_back()); }) ||
      parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); },
                    parser.getContext(), *kind,
                    DenseF64ArrayAttr::get(parser.getContext(), args));
}

void InitializerAttr::print(AsmPrinter &printer) const {
  printer << '<' << stringifyInitKind(getKind());
  if (!getValues().empty()) {
    printer << '(';
    llvm::interleaveComma(getValues(), printer, [&](double value) {
      printer.printFloat(llvm::APFloat(value));
    });
    printer << ')';
  }
  printer << '>';
}
