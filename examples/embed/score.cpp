// score.cpp - batched scoring with a language model compiled as a library
// (docs/library.md): the perplexity of every line of a file, one session
// per line, the sessions stepped side by side (the first token of every
// line, then the second, ...), each reading the next token's logits.
//
//   rnnc compile examples/lstm_lm.rnn --emit=lib -o libmodel.so
//   c++ -std=c++17 score.cpp -I. -L. -lmodel -Wl,-rpath,. -o score
//   ./score model.safetensors lines.txt [--one-by-one]
//
// --one-by-one scores each line alone, from start to end, for comparison:
// the sessions are independent, so both print the same.
#include "model.h"

#include <cmath>
#include <cstdio>
#include <fstream>
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
  std::unique_ptr<rnnc_session, void (*)(rnnc_session *)> session{
      nullptr, rnnc_session_free};
  double nll = 0; // the summed negative log-likelihood of ids[1..]
};

/// -log softmax(logits)[target].
double nll(const std::vector<float> &logits, int32_t target) {
  double top = logits[0];
  for (float l : logits)
    top = std::max(top, double(l));
  double sum = 0;
  for (float l : logits)
    sum += std::exp(l - top);
  return top + std::log(sum) - logits[target];
}

/// Feeds token t of `line` and adds the surprise of token t + 1.
void advance(Line &line, size_t t, std::vector<float> &logits) {
  check(rnnc_session_step(line.session.get(), line.ids[t], logits.data()));
  if (t + 1 < line.ids.size())
    line.nll += nll(logits, line.ids[t + 1]);
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
  std::vector<float> logits(rnnc_model_vocab_size(model.get()));

  std::vector<Line> lines;
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
    rnnc_session *session = nullptr;
    check(rnnc_session_create(model.get(), &session));
    line.session.reset(session);
    lines.push_back(std::move(line));
  }

  if (oneByOne) {
    for (Line &line : lines)
      for (size_t t = 0; t < line.ids.size(); ++t)
        advance(line, t, logits);
  } else {
    for (size_t t = 0;; ++t) {
      bool any = false;
      for (Line &line : lines)
        if (t < line.ids.size()) {
          advance(line, t, logits);
          any = true;
        }
      if (!any)
        break;
    }
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
