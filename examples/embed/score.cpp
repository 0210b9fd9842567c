// score.cpp - batched scoring with a language model compiled as a library
// (docs/library.md): the perplexity of every line of a file, the lines as
// the streams of one batch (rnnc_batch: the first token of every line,
// then the second, ..., each weight read once per step for all of them).
//
//   rnnc compile examples/lstm_lm.rnn --emit=lib -o libmodel.so
//   c++ -std=c++17 score.cpp -I. -L. -lmodel -Wl,-rpath,. -o score
//   ./score model.safetensors lines.txt [--one-by-one]
//
// --one-by-one scores each line alone in a session of its own, for
// comparison: a stream of a batch computes what a session computes, so
// both print the same.
#include "model.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// Throws the API's message.
void check(rnnc_error *error) {
  if (!error)
    return;
  std::string message = rnnc_error_message(error);
  rnnc_error_free(error);
  throw std::runtime_error(message);
}

struct Line {
  std::vector<int32_t> ids;
  double nll = 0; // the summed negative log-likelihood of ids[1..]
};

/// -log softmax(logits)[target].
double nll(const float *logits, size_t vocab, int32_t target) {
  double top = logits[0];
  for (size_t v = 0; v < vocab; ++v)
    top = std::max(top, double(logits[v]));
  double sum = 0;
  for (size_t v = 0; v < vocab; ++v)
    sum += std::exp(logits[v] - top);
  return top + std::log(sum) - logits[target];
}

/// Token t of `line` was fed and gave `logits`: adds the surprise of token
/// t + 1.
void score(Line &line, size_t t, const float *logits, size_t vocab) {
  if (t + 1 < line.ids.size())
    line.nll += nll(logits, vocab, line.ids[t + 1]);
}

} // namespace

int main(int argc, char **argv) try {
  if (argc < 3) {
    std::fprintf(stderr, "usage: score CHECKPOINT LINES [--one-by-one]\n");
    return 2;
  }
  bool oneByOne = argc > 3 && std::string(argv[3]) == "--one-by-one";
  rnnc_model *raw = nullptr;
  check(rnnc_model_load(argv[1], RNNC_API_VERSION, &raw));
  std::unique_ptr<rnnc_model, void (*)(rnnc_model *)> model(raw,
                                                            rnnc_model_free);
  auto vocab = static_cast<size_t>(rnnc_model_vocab_size(model.get()));

  std::vector<Line> lines;
  size_t longest = 0;
  std::ifstream in(argv[2]);
  for (std::string text; std::getline(in, text);) {
    Line line;
    int64_t count = 0;
    rnnc_error *sizing =
        rnnc_model_encode(model.get(), text.c_str(), nullptr, 0, &count);
    if (sizing && rnnc_error_code(sizing) != RNNC_BUFFER_TOO_SMALL)
      check(sizing);
    rnnc_error_free(sizing);
    line.ids.resize(count);
    check(rnnc_model_encode(model.get(), text.c_str(), line.ids.data(), count,
                            &count));
    longest = std::max(longest, line.ids.size());
    lines.push_back(std::move(line));
  }
  if (lines.empty())
    return 0;

  if (oneByOne) {
    std::vector<float> logits(vocab);
    for (Line &line : lines) {
      rnnc_session *session = nullptr;
      check(rnnc_session_create(model.get(), &session));
      for (size_t t = 0; t < line.ids.size(); ++t) {
        check(rnnc_session_step(session, line.ids[t], logits.data()));
        score(line, t, logits.data(), vocab);
      }
      rnnc_session_free(session);
    }
  } else {
    rnnc_batch *batch = nullptr;
    check(rnnc_batch_create(model.get(), int64_t(lines.size()), &batch));
    std::vector<int32_t> tokens(lines.size());
    std::vector<float> logits(lines.size() * vocab);
    for (size_t t = 0; t < longest; ++t) {
      // A line already scored is fed token 0 and its logits ignored.
      for (size_t s = 0; s < lines.size(); ++s)
        tokens[s] = t < lines[s].ids.size() ? lines[s].ids[t] : 0;
      check(rnnc_batch_step(batch, tokens.data(), logits.data()));
      for (size_t s = 0; s < lines.size(); ++s)
        if (t < lines[s].ids.size())
          score(lines[s], t, logits.data() + s * vocab, vocab);
    }
    rnnc_batch_free(batch);
  }
  for (const Line &line : lines) {
    size_t predicted = line.ids.size() > 1 ? line.ids.size() - 1 : 0;
    if (predicted == 0)
      std::printf("- (fewer than 2 tokens)\n");
    else
      std::printf("%.6f\n", std::exp(line.nll / double(predicted)));
  }
  return 0;
} catch (const std::exception &e) {
  std::fprintf(stderr, "score: %s\n", e.what());
  return 1;
}
