//===- Vocab.cpp - token <-> index vocabulary
//------------------------------===//
//
// See Vocab.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Vocab.h"

#include "rnnc/runtime/Error.h"

#include <algorithm>

namespace rnnc::rt {

Vocab::Vocab(const std::vector<std::string> &corpus, int64_t minFreq,
             const std::vector<std::string> &reserved) {
  // Counts in order of first appearance, then a stable sort by frequency:
  // Python's sorted(Counter.items(), key=freq, reverse=True).
  std::unordered_map<std::string, size_t> position;
  std::vector<std::pair<std::string, int64_t>> counts;
  for (const std::string &token : corpus) {
    auto [it, inserted] = position.try_emplace(token, counts.size());
    if (inserted)
      counts.emplace_back(token, 0);
    ++counts[it->second].second;
  }
  std::stable_sort(
      counts.begin(), counts.end(),
      [](const auto &a, const auto &b) { return a.second > b.second; });
  std::vector<std::string> ordered{kUnknown};
  ordered.insert(ordered.end(), reserved.begin(), reserved.end());
  for (const auto &[token, count] : counts)
    if (count >= minFreq)
      ordered.push_back(token);
  *this = fromTokens(std::move(ordered));
}

Vocab Vocab::fromTokens(std::vector<std::string> tokens) {
  Vocab vocab;
  for (std::string &token : tokens) {
    if (vocab.ids.count(token))
      continue; // a reserved token that also occurs in the corpus
    vocab.ids.emplace(token, static_cast<int32_t>(vocab.tokens.size()));
    vocab.tokens.push_back(std::move(token));
  }
  return vocab;
}

int32_t Vocab::index(const std::string &token) const {
  auto it = ids.find(token);
  return it == ids.end() ? 0 : it->second;
}

const std::string &Vocab::token(int32_t index) const {
  if (index < 0 || static_cast<size_t>(index) >= tokens.size())
    throw Error("token index " + std::to_string(index) +
                " is out of range for a vocabulary of " +
                std::to_string(tokens.size()));
  return tokens[index];
}

std::vector<int32_t>
Vocab::indices(const std::vector<std::string> &tokens) const {
  std::vector<int32_t> result;
  result.reserve(tokens.size());
  for (const std::string &token : tokens)
    result.push_back(index(token));
  return result;
}

} // namespace rnnc::rt

std::vector<int32_t> rnnc::rt::Vocab::nonWordIds() const {
  std::vector<int32_t> found;
  for (const char *reserved : {kUnknown, "<pad>"})
    if (contains(reserved))
      found.push_back(index(reserved));
  return found;
}

std::string rnnc::rt::Vocab::join(const std::vector<int32_t> &ids,
                                  const std::string &separator) const {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i)
    out += (i ? separator : "") + token(ids[i]);
  return out;
}
