//===- Types.cpp - symbolic tensor types of the .rnn language --------------===//
//
// See Types.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Frontend/Types.h"

#include "llvm/ADT/StringSwitch.h"

#include <algorithm>

using namespace rnnc::sema;

Dim Dim::constant(int64_t value) {
  Dim dim;
  dim.constantPart = value;
  return dim;
}

Dim Dim::symbol(llvm::StringRef name) {
  Dim dim;
  dim.terms[name.str()] = 1;
  return dim;
}

Dim Dim::operator+(const Dim &other) const {
  Dim result = *this;
  result.constantPart += other.constantPart;
  for (const auto &[name, k] : other.terms)
    if ((result.terms[name] += k) == 0)
      result.terms.erase(name);
  return result;
}

Dim Dim::operator-(const Dim &other) const {
  return *this + other.scaled(-1);
}

Dim Dim::scaled(int64_t factor) const {
  Dim result;
  if (factor == 0)
    return result;
  result.constantPart = constantPart * factor;
  for (const auto &[name, k] : terms)
    result.terms[name] = k * factor;
  return result;
}

std::string Dim::str() const {
  std::string text;
  for (const auto &[name, k] : terms) {
    if (!text.empty())
      text += k < 0 ? " - " : " + ";
    else if (k < 0)
      text += "-";
    int64_t magnitude = k < 0 ? -k : k;
    if (magnitude != 1)
      text += std::to_string(magnitude) + "*";
    text += name;
  }
  if (text.empty())
    return std::to_string(constantPart);
  if (constantPart > 0)
    text += " + " + std::to_string(constantPart);
  else if (constantPart < 0)
    text += " - " + std::to_string(-constantPart);
  return text;
}

std::optional<ElementType> rnnc::sema::parseElementType(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<ElementType>>(name)
      .Case("f32", ElementType::F32)
      .Case("f64", ElementType::F64)
      .Case("i32", ElementType::I32)
      .Case("i64", ElementType::I64)
      .Default(std::nullopt);
}

llvm::StringRef rnnc::sema::toString(ElementType type) {
  switch (type) {
  case ElementType::F32:
    return "f32";
  case ElementType::F64:
    return "f64";
  case ElementType::I32:
    return "i32";
  case ElementType::I64:
    return "i64";
  }
  return "?";
}

TensorType TensorType::dropFront() const {
  TensorType result = *this;
  result.dims.erase(result.dims.begin());
  return result;
}

TensorType TensorType::prepend(const Dim &dim) const {
  TensorType result = *this;
  result.dims.insert(result.dims.begin(), dim);
  return result;
}

std::string TensorType::str() const {
  std::string text = toString(element).str();
  if (dims.empty())
    return text;
  text += "[";
  for (size_t i = 0; i < dims.size(); ++i)
    text += (i ? ", " : "") + dims[i].str();
  return text + "]";
}

std::optional<std::vector<Dim>>
rnnc::sema::broadcast(const std::vector<Dim> &a, const std::vector<Dim> &b) {
  size_t rank = std::max(a.size(), b.size());
  std::vector<Dim> result(rank);
  const Dim one = Dim::constant(1);
  for (size_t i = 0; i < rank; ++i) {
    const Dim &x = i < a.size() ? a[a.size() - 1 - i] : one;
    const Dim &y = i < b.size() ? b[b.size() - 1 - i] : one;
    Dim &out = result[rank - 1 - i];
    if (x == y || y == one)
      out = x;
    else if (x == one)
      out = y;
    else
      return std::nullopt;
  }
  return result;
}
