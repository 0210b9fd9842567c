//===- Types.h - symbolic tensor types of the .rnn language ------*- C++ -*-===//
//
// Sema checks shapes before any IR exists, with symbolic dimensions: time
// `T`, batch `B` and the sizes a task binds from the data at train time
// (`V`, `C`, `V_src`, `V_tgt`). A dimension is an integer linear
// combination of those symbols (`256`, `V`, `V + 256`), so concatenating a
// one-hot input with a hidden state has a type that can still be compared.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_FRONTEND_TYPES_H
#define RNNC_FRONTEND_TYPES_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rnnc::sema {

/// c + sum(k_i * s_i) over symbols s_i.
class Dim {
public:
  Dim() = default;
  static Dim constant(int64_t value);
  static Dim symbol(llvm::StringRef name);

  bool isStatic() const { return terms.empty(); }
  /// The value of a static dimension.
  int64_t getConstant() const { return constantPart; }
  const std::map<std::string, int64_t> &getTerms() const { return terms; }

  Dim operator+(const Dim &other) const;
  Dim operator-(const Dim &other) const;
  /// Scaling by an integer; a product of two symbolic dims is not a Dim.
  Dim scaled(int64_t factor) const;
  bool operator==(const Dim &other) const {
    return constantPart == other.constantPart && terms == other.terms;
  }
  bool operator!=(const Dim &other) const { return !(*this == other); }

  /// "256", "V", "V + 256", "2*V - 1".
  std::string str() const;

private:
  int64_t constantPart = 0;
  std::map<std::string, int64_t> terms;
};

enum class ElementType { F32, F64, I32, I64 };

std::optional<ElementType> parseElementType(llvm::StringRef name);
llvm::StringRef toString(ElementType type);
inline bool isFloat(ElementType type) {
  return type == ElementType::F32 || type == ElementType::F64;
}

/// f32[T, B, 256]; rank 0 is a scalar.
struct TensorType {
  ElementType element = ElementType::F32;
  std::vector<Dim> dims;

  size_t rank() const { return dims.size(); }
  bool operator==(const TensorType &other) const {
    return element == other.element && dims == other.dims;
  }
  bool operator!=(const TensorType &other) const { return !(*this == other); }
  /// The type without its leading dimension (one time step of a sequence).
  TensorType dropFront() const;
  /// The type with `dim` prepended (a per-step type stacked over time).
  TensorType prepend(const Dim &dim) const;
  /// "f32[T, B, 256]", "f32" for a scalar.
  std::string str() const;
};

/// NumPy broadcasting of two shapes with symbolic dimensions: equal
/// dimensions, or one of them the constant 1. std::nullopt otherwise.
std::optional<std::vector<Dim>> broadcast(const std::vector<Dim> &a,
                                          const std::vector<Dim> &b);

} // namespace rnnc::sema

#endif // RNNC_FRONTEND_TYPES_H
