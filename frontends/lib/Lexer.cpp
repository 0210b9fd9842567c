//===- Lexer.cpp - tokens of the .rnn language -----------------------------===//
//
// See Lexer.h. The grammar of tokens is in docs/language.md:
//   identifier ::= [A-Za-z_][A-Za-z0-9_]*
//   integer    ::= [0-9]+
//   floating   ::= [0-9]+ '.' [0-9]* exponent? | [0-9]+ exponent
//   exponent   ::= [eE] [+-]? [0-9]+
//   string     ::= '"' ([^"\\\n] | '\\' [nt"\\])* '"'
//   comment    ::= '//' [^\n]*
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/Lexer.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSwitch.h"

#include <cctype>
#include <cstdio>

using namespace rnnc::frontend;

llvm::StringRef rnnc::frontend::describeTokenKind(TokenKind kind) {
  switch (kind) {
  case TokenKind::eof:
    return "end of file";
  case TokenKind::error:
    return "invalid token";
  case TokenKind::identifier:
    return "identifier";
  case TokenKind::integer:
    return "integer";
  case TokenKind::floating:
    return "number";
  case TokenKind::string:
    return "string";
#define TOK_PUNCT(NAME, SPELLING)                                              \
  case TokenKind::NAME:                                                        \
    return "'" SPELLING "'";
#define TOK_KEYWORD(SPELLING)                                                  \
  case TokenKind::kw_##SPELLING:                                               \
    return "'" #SPELLING "'";
#include "rnnc/Frontend/TokenKinds.def"
  }
  return "token";
}

std::string Token::stringValue() const {
  // Drop the quotes; resolve the escapes the lexer accepted.
  llvm::StringRef body = spelling.drop_front().drop_back();
  std::string value;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 == body.size()) {
      value += c;
      continue;
    }
    char escaped = body[++i];
    value += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
  }
  return value;
}

mlir::Location SourceLocator::get(llvm::SMLoc loc) const {
  unsigned bufferId = sourceMgr.FindBufferContainingLoc(loc);
  if (bufferId == 0)
    return mlir::UnknownLoc::get(context);
  auto [line, column] = sourceMgr.getLineAndColumn(loc, bufferId);
  llvm::StringRef name =
      sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier();
  return mlir::FileLineColLoc::get(context, name, line, column);
}

Token Lexer::make(TokenKind kind, const char *start) const {
  Token token;
  token.kind = kind;
  token.spelling = llvm::StringRef(start, current - start);
  token.loc = llvm::SMLoc::getFromPointer(start);
  return token;
}

Token Lexer::error(const char *at, const llvm::Twine &message) {
  mlir::emitError(locator.get(llvm::SMLoc::getFromPointer(at))) << message;
  current = buffer.end(); // stop: one lexical error per input
  return make(TokenKind::error, at);
}

void Lexer::skipWhitespaceAndComments() {
  while (current != buffer.end()) {
    if (std::isspace(static_cast<unsigned char>(*current))) {
      ++current;
    } else if (*current == '/' && current + 1 != buffer.end() &&
               current[1] == '/') {
      while (current != buffer.end() && *current != '\n')
        ++current;
    } else {
      return;
    }
  }
}

bool Lexer::nextCharIs(char c) const {
  const char *p = current;
  while (p != buffer.end() && (*p == ' ' || *p == '\t' || *p == '\n' ||
                               *p == '\r'))
    ++p;
  return p != buffer.end() && *p == c;
}

Token Lexer::next() {
  skipWhitespaceAndComments();
  const char *start = current;
  if (current == buffer.end())
    return make(TokenKind::eof, start);

  char c = *current++;
  if (std::isalpha(static_cast<unsigned char>(c)) || c == '_')
    return lexIdentifierOrKeyword(start);
  if (std::isdigit(static_cast<unsigned char>(c)))
    return lexNumber(start);
  switch (c) {
  case '"':
    return lexString(start);
#define TOK_PUNCT(NAME, SPELLING)                                              \
  case SPELLING[0]:                                                            \
    return make(TokenKind::NAME, start);
#include "rnnc/Frontend/TokenKinds.def"
  default:
    break;
  }
  unsigned char byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F)
    return error(start, "unexpected character '" + std::string(1, c) + "'");
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", byte);
  return error(start, llvm::Twine("unexpected byte ") + hex +
                          " (only ASCII is allowed outside strings)");
}

Token Lexer::lexIdentifierOrKeyword(const char *start) {
  while (current != buffer.end() &&
         (std::isalnum(static_cast<unsigned char>(*current)) ||
          *current == '_'))
    ++current;
  llvm::StringRef text(start, current - start);
  TokenKind kind = llvm::StringSwitch<TokenKind>(text)
#define TOK_KEYWORD(SPELLING) .Case(#SPELLING, TokenKind::kw_##SPELLING)
#include "rnnc/Frontend/TokenKinds.def"
                       .Default(TokenKind::identifier);
  return make(kind, start);
}

Token Lexer::lexNumber(const char *start) {
  auto digits = [&] {
    while (current != buffer.end() &&
           std::isdigit(static_cast<unsigned char>(*current)))
      ++current;
  };
  digits();
  TokenKind kind = TokenKind::integer;
  if (current != buffer.end() && *current == '.') {
    ++current;
    digits();
    kind = TokenKind::floating;
  }
  if (current != buffer.end() && (*current == 'e' || *current == 'E')) {
    ++current;
    if (current != buffer.end() && (*current == '+' || *current == '-'))
      ++current;
    if (current == buffer.end() ||
        !std::isdigit(static_cast<unsigned char>(*current)))
      return error(start, "malformed number '" +
                              llvm::StringRef(start, current - start) +
                              "': expected digits after the exponent");
    digits();
    kind = TokenKind::floating;
  }
  if (current != buffer.end() &&
      (std::isalpha(static_cast<unsigned char>(*current)) || *current == '_'))
    return error(start, "malformed number: a letter follows '" +
                            llvm::StringRef(start, current - start) + "'");
  return make(kind, start);
}

Token Lexer::lexString(const char *start) {
  while (current != buffer.end()) {
    char c = *current++;
    if (c == '"')
      return make(TokenKind::string, start);
    if (c == '\n')
      break;
    if (c == '\\') {
      if (current == buffer.end())
        break;
      char escaped = *current;
      if (escaped != 'n' && escaped != 't' && escaped != '"' &&
          escaped != '\\')
        return error(current - 1, "unknown escape '\\" +
                                      std::string(1, escaped) +
                                      "' in string (use \\n, \\t, \\\" or "
                                      "\\\\)");
      ++current;
    }
  }
  return error(start, "unterminated string: missing closing '\"' before the "
                      "end of the line");
}
