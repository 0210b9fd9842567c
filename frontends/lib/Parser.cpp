//===- Parser.cpp - recursive-descent parser of .rnn -----------------------===//
//
// One function per production; the production is the `///` comment above
// it, and docs/language.md collects them. A function that fails has already
// reported the error and returns null (or false).
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/Parser.h"

#include "mlir/IR/Diagnostics.h"

using namespace rnnc;
using namespace rnnc::frontend;
using namespace rnnc::ast;

Parser::Parser(Lexer &lexer, const SourceLocator &locator)
    : lexer(lexer), locator(locator) {
  consume();
}

bool Parser::consumeIf(TokenKind kind) {
  if (!token.is(kind))
    return false;
  consume();
  return true;
}

std::nullptr_t Parser::expected(const llvm::Twine &what) {
  // The lexer has already reported an invalid token.
  if (token.is(TokenKind::error))
    return nullptr;
  auto diag = mlir::emitError(loc()) << "expected " << what << ", found ";
  if (token.is(TokenKind::eof))
    diag << "end of file";
  else
    diag << "'" << token.spelling << "'";
  return nullptr;
}

bool Parser::expect(TokenKind kind, llvm::StringRef context) {
  if (consumeIf(kind))
    return true;
  expected(describeTokenKind(kind) + (context.empty() ? "" : " ") + context);
  return false;
}

bool Parser::expectIdentifier(std::string &name, llvm::StringRef context) {
  if (!token.is(TokenKind::identifier)) {
    expected("a name " + context);
    return false;
  }
  name = token.spelling.str();
  consume();
  return true;
}

/// file ::= model EOF
/// model ::= 'model' identifier '{' item* '}'
std::optional<Model> Parser::parseFile() {
  mlir::Location start = loc();
  if (!expect(TokenKind::kw_model, "at the start of the file"))
    return std::nullopt;
  Model model{"", start, {}};
  if (!expectIdentifier(model.name, "after 'model'") ||
      !expect(TokenKind::l_brace, "after the model name"))
    return std::nullopt;
  while (!token.is(TokenKind::r_brace)) {
    StmtPtr item = parseItem(/*inCell=*/false);
    if (!item)
      return std::nullopt;
    model.items.push_back(std::move(item));
  }
  consume();
  if (!token.is(TokenKind::eof)) {
    expected("end of file after the model's closing '}'");
    return std::nullopt;
  }
  return model;
}

/// item ::= const | input | target | param | cell | let | output | loss
///        | options
/// cell-item ::= state | param | let | assign | output
StmtPtr Parser::parseItem(bool inCell) {
  switch (token.kind) {
  case TokenKind::kw_param:
    return parseParam();
  case TokenKind::kw_let:
    return parseLet();
  case TokenKind::kw_output:
    return parseOutput(inCell);
  default:
    break;
  }
  if (inCell) {
    if (token.is(TokenKind::kw_state))
      return parseState();
    if (token.is(TokenKind::identifier))
      return parseAssign();
    return expected("a cell item (state, param, let, a state update "
                    "'NAME = ...', output) or '}'");
  }
  switch (token.kind) {
  case TokenKind::kw_const:
    return parseConst();
  case TokenKind::kw_input:
    return parseInput(/*isTarget=*/false);
  case TokenKind::kw_target:
    return parseInput(/*isTarget=*/true);
  case TokenKind::kw_cell:
    return parseCell();
  case TokenKind::kw_loss:
    return parseLoss();
  case TokenKind::kw_train:
  case TokenKind::kw_generate:
    return parseOptions();
  default:
    return expected("a model item (const, input, target, param, cell, let, "
                    "output, loss, train, generate) or '}'");
  }
}

/// const ::= 'const' identifier '=' expr
StmtPtr Parser::parseConst() {
  mlir::Location start = loc();
  consume();
  std::string name;
  if (!expectIdentifier(name, "after 'const'") ||
      !expect(TokenKind::equal, "after the const name"))
    return nullptr;
  ExprPtr value = parseExpr();
  if (!value)
    return nullptr;
  return std::make_unique<ConstDecl>(start, name, std::move(value));
}

/// input ::= 'input' identifier ':' type
/// target ::= 'target' identifier ':' type
StmtPtr Parser::parseInput(bool isTarget) {
  mlir::Location start = loc();
  consume();
  std::string name;
  TypeSpec type{"", start, {}};
  if (!expectIdentifier(name, isTarget ? "after 'target'" : "after 'input'") ||
      !expect(TokenKind::colon, "before the type") || !parseType(type))
    return nullptr;
  return std::make_unique<InputDecl>(start, name, std::move(type), isTarget);
}

/// param ::= 'param' identifier ':' type '=' initialiser
/// initialiser ::= identifier | identifier '(' expr (',' expr)* ')'
StmtPtr Parser::parseParam() {
  mlir::Location start = loc();
  consume();
  std::string name;
  TypeSpec type{"", start, {}};
  if (!expectIdentifier(name, "after 'param'") ||
      !expect(TokenKind::colon, "before the type") || !parseType(type) ||
      !expect(TokenKind::equal, "before the initialiser"))
    return nullptr;
  if (!token.is(TokenKind::identifier))
    return expected("an initialiser such as zeros, normal(0, 0.01), "
                    "uniform(-0.1, 0.1) or xavier");
  ExprPtr init = parsePostfix();
  if (!init)
    return nullptr;
  return std::make_unique<ParamDecl>(start, name, std::move(type),
                                     std::move(init));
}

/// state ::= 'state' identifier ':' type
StmtPtr Parser::parseState() {
  mlir::Location start = loc();
  consume();
  std::string name;
  TypeSpec type{"", start, {}};
  if (!expectIdentifier(name, "after 'state'") ||
      !expect(TokenKind::colon, "before the type") || !parseType(type))
    return nullptr;
  return std::make_unique<StateDecl>(start, name, std::move(type));
}

/// let ::= 'let' identifier '=' expr
///       | 'let' '(' identifier (',' identifier)* ')' '=' expr
StmtPtr Parser::parseLet() {
  mlir::Location start = loc();
  consume();
  std::vector<std::string> names;
  std::vector<mlir::Location> nameLocs;
  auto parseName = [&] {
    nameLocs.push_back(loc());
    return expectIdentifier(names.emplace_back(), "to bind");
  };
  if (consumeIf(TokenKind::l_paren)) {
    do {
      if (!parseName())
        return nullptr;
    } while (consumeIf(TokenKind::comma));
    if (!expect(TokenKind::r_paren, "after the bound names"))
      return nullptr;
  } else if (!parseName()) {
    return nullptr;
  }
  if (!expect(TokenKind::equal, "after the bound name"))
    return nullptr;
  ExprPtr value = parseExpr();
  if (!value)
    return nullptr;
  return std::make_unique<LetStmt>(start, std::move(names),
                                   std::move(nameLocs), std::move(value));
}

/// assign ::= identifier '=' expr
StmtPtr Parser::parseAssign() {
  mlir::Location start = loc();
  std::string name = token.spelling.str();
  consume();
  if (!expect(TokenKind::equal, "after the state name (a state update is "
                                "'NAME = expression')"))
    return nullptr;
  ExprPtr value = parseExpr();
  if (!value)
    return nullptr;
  return std::make_unique<AssignStmt>(start, name, std::move(value));
}

/// output ::= 'output' identifier ('=' expr)?     (in a model)
///          | 'output' expr                       (in a cell)
StmtPtr Parser::parseOutput(bool inCell) {
  mlir::Location start = loc();
  consume();
  if (inCell) {
    ExprPtr value = parseExpr();
    if (!value)
      return nullptr;
    return std::make_unique<OutputStmt>(start, "", std::move(value));
  }
  std::string name;
  if (!expectIdentifier(name, "after 'output'"))
    return nullptr;
  ExprPtr value;
  if (consumeIf(TokenKind::equal) && !(value = parseExpr()))
    return nullptr;
  return std::make_unique<OutputStmt>(start, name, std::move(value));
}

/// loss ::= 'loss' expr
StmtPtr Parser::parseLoss() {
  mlir::Location start = loc();
  consume();
  ExprPtr value = parseExpr();
  if (!value)
    return nullptr;
  return std::make_unique<LossStmt>(start, std::move(value));
}

/// cell ::= 'cell' identifier '(' cell-input (',' cell-input)* ')'
///          '{' cell-item* '}'
/// cell-input ::= identifier ':' type
StmtPtr Parser::parseCell() {
  mlir::Location start = loc();
  consume();
  std::string name;
  if (!expectIdentifier(name, "after 'cell'") ||
      !expect(TokenKind::l_paren, "after the cell name"))
    return nullptr;
  std::vector<CellInput> inputs;
  do {
    CellInput input{"", loc(), TypeSpec{"", loc(), {}}};
    if (!expectIdentifier(input.name, "for the cell's per-step input") ||
        !expect(TokenKind::colon, "before the type") ||
        !parseType(input.type))
      return nullptr;
    inputs.push_back(std::move(input));
  } while (consumeIf(TokenKind::comma));
  if (!expect(TokenKind::r_paren, "after the cell's inputs") ||
      !expect(TokenKind::l_brace, "before the cell body"))
    return nullptr;
  std::vector<StmtPtr> body;
  while (!token.is(TokenKind::r_brace)) {
    StmtPtr item = parseItem(/*inCell=*/true);
    if (!item)
      return nullptr;
    body.push_back(std::move(item));
  }
  consume();
  return std::make_unique<CellDecl>(start, name, std::move(inputs),
                                    std::move(body));
}

/// options ::= ('train' | 'generate') '{' (identifier '=' expr)* '}'
StmtPtr Parser::parseOptions() {
  mlir::Location start = loc();
  std::string block = token.spelling.str();
  consume();
  if (!expect(TokenKind::l_brace, ("after '" + block + "'").c_str()))
    return nullptr;
  std::vector<Option> options;
  while (!token.is(TokenKind::r_brace)) {
    Option option{"", loc(), nullptr};
    if (!expectIdentifier(option.name, "of an option (or '}')") ||
        !expect(TokenKind::equal, "after the option name"))
      return nullptr;
    if (!(option.value = parseExpr()))
      return nullptr;
    options.push_back(std::move(option));
  }
  consume();
  return std::make_unique<OptionsBlock>(start, block, std::move(options));
}

/// type ::= identifier ('[' expr (',' expr)* ']')?
bool Parser::parseType(TypeSpec &type) {
  type.loc = loc();
  if (!expectIdentifier(type.elementType, "of an element type (f32, f64, "
                                          "i32, i64)"))
    return false;
  if (!consumeIf(TokenKind::l_square))
    return true;
  do {
    ExprPtr dim = parseExpr();
    if (!dim)
      return false;
    type.dims.push_back(std::move(dim));
  } while (consumeIf(TokenKind::comma));
  return expect(TokenKind::r_square, "after the dimensions");
}

/// expr ::= additive
ExprPtr Parser::parseExpr() {
  if (depth >= kMaxDepth) {
    mlir::emitError(loc()) << "expression nested too deeply (more than "
                           << kMaxDepth << " levels)";
    return nullptr;
  }
  ++depth;
  ExprPtr expr = parseAdditive();
  --depth;
  return expr;
}

/// additive ::= multiplicative (('+' | '-') multiplicative)*
ExprPtr Parser::parseAdditive() {
  ExprPtr lhs = parseMultiplicative();
  while (lhs && (token.is(TokenKind::plus) || token.is(TokenKind::minus))) {
    mlir::Location opLoc = loc();
    char op = token.spelling.front();
    consume();
    ExprPtr rhs = parseMultiplicative();
    if (!rhs)
      return nullptr;
    lhs = std::make_unique<BinaryExpr>(opLoc, op, std::move(lhs),
                                       std::move(rhs));
  }
  return lhs;
}

/// multiplicative ::= unary (('*' | '/' | '@') unary)*
ExprPtr Parser::parseMultiplicative() {
  ExprPtr lhs = parseUnary();
  while (lhs && (token.is(TokenKind::star) || token.is(TokenKind::slash) ||
                 token.is(TokenKind::at))) {
    mlir::Location opLoc = loc();
    char op = token.spelling.front();
    consume();
    ExprPtr rhs = parseUnary();
    if (!rhs)
      return nullptr;
    lhs = std::make_unique<BinaryExpr>(opLoc, op, std::move(lhs),
                                       std::move(rhs));
  }
  return lhs;
}

/// unary ::= '-' unary | postfix
ExprPtr Parser::parseUnary() {
  if (!token.is(TokenKind::minus))
    return parsePostfix();
  mlir::Location start = loc();
  consume();
  // '-' chains recurse here, not through parseExpr: count them too.
  if (depth >= kMaxDepth) {
    mlir::emitError(start) << "expression nested too deeply (more than "
                           << kMaxDepth << " levels)";
    return nullptr;
  }
  ++depth;
  ExprPtr operand = parseUnary();
  --depth;
  if (!operand)
    return nullptr;
  return std::make_unique<UnaryExpr>(start, '-', std::move(operand));
}

/// postfix ::= primary ('.' identifier | '[' expr ']')*
ExprPtr Parser::parsePostfix() {
  ExprPtr base = parsePrimary();
  while (base) {
    mlir::Location start = loc();
    if (consumeIf(TokenKind::dot)) {
      std::string member;
      if (!expectIdentifier(member, "after '.'"))
        return nullptr;
      base = std::make_unique<MemberExpr>(start, std::move(base), member);
    } else if (consumeIf(TokenKind::l_square)) {
      ExprPtr index = parseExpr();
      if (!index || !expect(TokenKind::r_square, "after the index"))
        return nullptr;
      base = std::make_unique<IndexExpr>(start, std::move(base),
                                         std::move(index));
    } else {
      break;
    }
  }
  return base;
}

/// primary ::= integer | number | string | identifier | call
///           | '(' expr ')' | '(' expr (',' expr)+ ')'
ExprPtr Parser::parsePrimary() {
  mlir::Location start = loc();
  switch (token.kind) {
  case TokenKind::integer:
  case TokenKind::floating: {
    bool isInteger = token.is(TokenKind::integer);
    double value = 0;
    if (token.spelling.getAsDouble(value)) {
      expected("a number");
      return nullptr;
    }
    consume();
    return std::make_unique<NumberExpr>(start, value, isInteger);
  }
  case TokenKind::string: {
    std::string value = token.stringValue();
    consume();
    return std::make_unique<StringExpr>(start, std::move(value));
  }
  case TokenKind::identifier: {
    std::string name = token.spelling.str();
    consume();
    if (token.is(TokenKind::l_paren))
      return parseCall(std::move(name), start);
    return std::make_unique<NameExpr>(start, std::move(name));
  }
  case TokenKind::l_paren: {
    consume();
    std::vector<ExprPtr> elements;
    do {
      ExprPtr element = parseExpr();
      if (!element)
        return nullptr;
      elements.push_back(std::move(element));
    } while (consumeIf(TokenKind::comma));
    if (!expect(TokenKind::r_paren, "to close the parenthesis"))
      return nullptr;
    if (elements.size() == 1)
      return std::move(elements.front());
    return std::make_unique<TupleExpr>(start, std::move(elements));
  }
  default:
    return expected("an expression");
  }
}

/// call ::= identifier '(' (arg (',' arg)*)? ')'
/// arg ::= expr | identifier '=' expr
ExprPtr Parser::parseCall(std::string callee, mlir::Location start) {
  consume(); // '('
  std::vector<ExprPtr> args;
  std::vector<NamedArg> namedArgs;
  if (!token.is(TokenKind::r_paren)) {
    do {
      // `name = value` is a named argument; anything else positional.
      if (token.is(TokenKind::identifier) && lexer.nextCharIs('=')) {
        std::string name = token.spelling.str();
        mlir::Location argLoc = loc();
        consume();
        consume(); // '='
        ExprPtr value = parseExpr();
        if (!value)
          return nullptr;
        namedArgs.push_back({std::move(name), argLoc, std::move(value)});
        continue;
      }
      ExprPtr arg = parseExpr();
      if (!arg)
        return nullptr;
      if (!namedArgs.empty()) {
        mlir::emitError(arg->getLoc())
            << "positional argument after a named argument in the call to '"
            << callee << "'";
        return nullptr;
      }
      args.push_back(std::move(arg));
    } while (consumeIf(TokenKind::comma));
  }
  if (!expect(TokenKind::r_paren, ("to close the call to '" + callee + "'")
                                      .c_str()))
    return nullptr;
  return std::make_unique<CallExpr>(start, std::move(callee), std::move(args),
                                    std::move(namedArgs));
}
