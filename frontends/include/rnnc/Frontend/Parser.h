//===- Parser.h - recursive-descent parser of .rnn ---------------*- C++ -*-===//
//
// Builds the AST of one model. Stops at the first syntax error, which is
// reported through the MLIR diagnostic engine ("expected X, found Y").
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_PARSER_H
#define RNNC_FRONTEND_PARSER_H

#include "rnnc/Frontend/AST.h"
#include "rnnc/Frontend/Lexer.h"

#include <optional>

namespace rnnc::frontend {

class Parser {
public:
  Parser(Lexer &lexer, const SourceLocator &locator);

  /// Parses a whole file; std::nullopt after a reported error.
  std::optional<ast::Model> parseFile();

private:
  // Items.
  ast::StmtPtr parseItem(bool inCell);
  ast::StmtPtr parseConst();
  ast::StmtPtr parseInput(bool isTarget);
  ast::StmtPtr parseParam();
  ast::StmtPtr parseState();
  ast::StmtPtr parseLet();
  ast::StmtPtr parseAssign();
  ast::StmtPtr parseOutput(bool inCell);
  ast::StmtPtr parseLoss();
  ast::StmtPtr parseCell();
  ast::StmtPtr parseOptions();
  bool parseType(ast::TypeSpec &type);

  // Expressions, lowest precedence first.
  ast::ExprPtr parseExpr();
  ast::ExprPtr parseAdditive();
  ast::ExprPtr parseMultiplicative();
  ast::ExprPtr parseUnary();
  ast::ExprPtr parsePostfix();
  ast::ExprPtr parsePrimary();
  ast::ExprPtr parseCall(std::string callee, mlir::Location loc);

  // Tokens.
  void consume() { token = lexer.next(); }
  mlir::Location loc() const { return locator.get(token.loc); }
  bool consumeIf(TokenKind kind);
  /// Consumes `kind` or reports "expected <kind> <context>, found <token>".
  bool expect(TokenKind kind, llvm::StringRef context);
  /// Reports "expected <what>, found <token>" at the current token.
  std::nullptr_t expected(const llvm::Twine &what);
  bool expectIdentifier(std::string &name, llvm::StringRef context);

  Lexer &lexer;
  const SourceLocator &locator;
  Token token;
  /// Nesting of expressions being parsed; bounded so that no input can
  /// overflow the stack.
  unsigned depth = 0;
  static constexpr unsigned kMaxDepth = 200;
};

} // namespace rnnc::frontend

#endif // RNNC_FRONTEND_PARSER_H
