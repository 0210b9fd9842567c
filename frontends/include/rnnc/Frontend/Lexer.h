//===- Lexer.h - tokens of the .rnn language ---------------------*- C++ -*-===//
//
// Splits a .rnn buffer into tokens. Errors (stray characters, unterminated
// strings, malformed numbers) are reported through the MLIR diagnostic
// engine at the offending character and produce an `error` token.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_LEXER_H
#define RNNC_FRONTEND_LEXER_H

#include "mlir/IR/Location.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"

#include <string>

namespace rnnc::frontend {

enum class TokenKind {
#define TOK(NAME) NAME,
#include "rnnc/Frontend/TokenKinds.def"
};

/// The spelling of a token kind for diagnostics: "'{'", "'model'",
/// "identifier".
llvm::StringRef describeTokenKind(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::eof;
  llvm::StringRef spelling; // the source text
  llvm::SMLoc loc;

  bool is(TokenKind k) const { return kind == k; }
  /// A string literal's value with escapes resolved.
  std::string stringValue() const;
};

/// Turns SMLocs of one source buffer into MLIR FileLineColLocs.
class SourceLocator {
public:
  SourceLocator(const llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context)
      : sourceMgr(sourceMgr), context(context) {}
  mlir::Location get(llvm::SMLoc loc) const;
  mlir::MLIRContext *getContext() const { return context; }

private:
  const llvm::SourceMgr &sourceMgr;
  mlir::MLIRContext *context;
};

class Lexer {
public:
  Lexer(llvm::StringRef buffer, const SourceLocator &locator)
      : buffer(buffer), current(buffer.begin()), locator(locator) {}

  /// Returns the next token; `eof` at the end, `error` after a reported
  /// lexical error.
  Token next();

  /// Whether the next non-blank character is `c` (one character of
  /// lookahead, used to tell `name = value` arguments from expressions).
  bool nextCharIs(char c) const;

private:
  Token make(TokenKind kind, const char *start) const;
  Token error(const char *at, const llvm::Twine &message);
  void skipWhitespaceAndComments();
  Token lexIdentifierOrKeyword(const char *start);
  Token lexNumber(const char *start);
  Token lexString(const char *start);

  llvm::StringRef buffer;
  const char *current;
  const SourceLocator &locator;
};

} // namespace rnnc::frontend

#endif // RNNC_FRONTEND_LEXER_H
