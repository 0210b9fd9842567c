//===- Vocab.h - token <-> index vocabulary ----------------------*- C++ -*-===//
//
// d2l's Vocab: `<unk>` is index 0, then the reserved tokens, then every
// token seen at least `minFreq` times, most frequent first, ties in order of
// first appearance. Unknown tokens map to `<unk>`.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_VOCAB_H
#define RNNC_RUNTIME_VOCAB_H

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace rnnc::rt {

class Vocab {
public:
  Vocab() = default;
  /// Builds the vocabulary of `tokens`.
  Vocab(const std::vector<std::string> &tokens, int64_t minFreq = 0,
        const std::vector<std::string> &reserved = {});
  /// A vocabulary with exactly these tokens, in this order (from a
  /// checkpoint's metadata).
  static Vocab fromTokens(std::vector<std::string> tokens);

  size_t size() const { return tokens.size(); }
  /// The index of `token`, or of `<unk>`.
  int32_t index(const std::string &token) const;
  bool contains(const std::string &token) const { return ids.count(token); }
  const std::string &token(int32_t index) const;
  std::vector<int32_t> indices(const std::vector<std::string> &tokens) const;
  const std::vector<std::string> &allTokens() const { return tokens; }
  /// The ids of the tokens here that are not words (<unk>, <pad>), which
  /// generation never predicts.
  std::vector<int32_t> nonWordIds() const;
  /// The tokens of `ids` joined by `separator` (" " for words, "" for
  /// characters).
  std::string join(const std::vector<int32_t> &ids,
                   const std::string &separator) const;

  static constexpr const char *kUnknown = "<unk>";

private:
  std::vector<std::string> tokens;
  std::unordered_map<std::string, int32_t> ids;
};

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_VOCAB_H
