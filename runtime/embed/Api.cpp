//===- Api.cpp - the C API of a model compiled as a library ---------------===//
//
// See rnnc_api.h. The model handle is the runtime's Model over the linked
// generated code (CompiledModel.h), its checkpoint's weights and
// vocabulary; a session is a StepAdapter (the generated `step_single`
// bound once to one stream) with its own state. Every entry point turns
// exceptions into an rnnc_error: none crosses the C boundary.
//
//===----------------------------------------------------------------------===//

#include "rnnc_api.h"

#include "rnnc/runtime/Checkpoint.h"
#include "rnnc/runtime/CompiledModel.h"
#include "rnnc/runtime/CpuCheck.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Generation.h"
#include "rnnc/runtime/LanguageModelData.h"
#include "rnnc/runtime/Seq2SeqData.h"
#include "rnnc/runtime/Seq2SeqTraining.h"
#include "rnnc/runtime/StepAdapter.h"
#include "rnnc/runtime/Vocab.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string>
#include <vector>

struct rnnc_error {
  rnnc_code code;
  std::string message;
};

struct rnnc_model {
  rnnc::rt::Model model;
  rnnc::rt::Vocab vocab; // a seq2seq model's source vocabulary
  rnnc::rt::TextOptions text;
  std::string task;
  int64_t stateSize = 0;
  rnnc::rt::Vocab target; // seq2seq: the target vocabulary
  int64_t steps = 0;      // seq2seq: the sentences' length
};

struct rnnc_session {
  const rnnc_model *owner;
  rnnc::rt::StepAdapter step;
  std::vector<float> state, next, logits;
  explicit rnnc_session(const rnnc_model *owner)
      : owner(owner), step(owner->model),
        state(step.initialState()) {}
};

struct rnnc_batch {
  const rnnc_model *owner;
  rnnc::rt::StepAdapter step;
  rnnc_batch(const rnnc_model *owner, int64_t streams)
      : owner(owner), step(owner->model, streams) {}
};

namespace {

/// An error the API reports with its code.
struct ApiError {
  rnnc_code code;
  std::string message;
};

rnnc_error *makeError(rnnc_code code, std::string message) {
  return new (std::nothrow) rnnc_error{code, std::move(message)};
}

/// Runs `body`; an exception becomes the error returned (rt::Error: the
/// code `runtimeCode`, its message), anything else RNNC_INTERNAL.
template <typename Body>
rnnc_error *guarded(rnnc_code runtimeCode, Body &&body) {
  try {
    body();
    return nullptr;
  } catch (const ApiError &e) {
    return makeError(e.code, e.message);
  } catch (const rnnc::rt::Error &e) {
    return makeError(runtimeCode, e.what());
  } catch (const std::bad_alloc &) {
    return makeError(RNNC_INTERNAL, "out of memory");
  } catch (const std::exception &e) {
    return makeError(RNNC_INTERNAL, e.what());
  } catch (...) {
    return makeError(RNNC_INTERNAL, "unknown error");
  }
}

void require(bool condition, const std::string &what) {
  if (!condition)
    throw ApiError{RNNC_INVALID_ARGUMENT, what};
}

/// RNNC_UNSUPPORTED unless `model` can do what `what` needs ("sessions
/// step language models"): `able` says whether it can.
void requireAble(const rnnc_model *model, bool able, const char *what) {
  if (!able)
    throw ApiError{RNNC_UNSUPPORTED,
                   fmt::format("{}; this is a {} model", what, model->task)};
}

void checkToken(const rnnc_model *model, int32_t token) {
  if (token < 0 || size_t(token) >= model->vocab.size())
    throw ApiError{RNNC_INVALID_ARGUMENT,
                   fmt::format("token {} is outside the vocabulary of {}",
                               token, model->vocab.size())};
}

void checkStateSize(const rnnc_session *session, int64_t size) {
  if (size != session->owner->stateSize)
    throw ApiError{RNNC_INVALID_ARGUMENT,
                   fmt::format("the state has {} floats, not {}",
                               session->owner->stateSize, size)};
}

/// `value` and its NUL into the caller's `text` of `capacity` bytes;
/// `*length` is its length, RNNC_BUFFER_TOO_SMALL when it does not fit.
void copyOut(const std::string &value, const char *noun, char *text,
             int64_t capacity, int64_t *length) {
  *length = static_cast<int64_t>(value.size());
  if (*length + 1 > capacity || !text)
    throw ApiError{RNNC_BUFFER_TOO_SMALL,
                   fmt::format("the {} is {} bytes and its NUL, the buffer "
                               "holds {}",
                               noun, *length, capacity)};
  std::memcpy(text, value.c_str(), value.size() + 1);
}

/// The runtime's decoding options from the API's.
rnnc::rt::DecodeOptions decodeOptionsOf(const rnnc_generate_options &options) {
  rnnc::rt::DecodeOptions decode;
  decode.strategy = options.strategy == RNNC_SAMPLE ? rnnc::rt::Strategy::Sample
                    : options.strategy == RNNC_BEAM ? rnnc::rt::Strategy::Beam
                                                    : rnnc::rt::Strategy::Greedy;
  decode.maxLength = options.length;
  decode.temperature = options.temperature;
  decode.topK = options.top_k;
  decode.beam = options.beam;
  decode.alpha = options.alpha;
  decode.seed = options.seed;
  return decode;
}

/// The session's step from a given state: generation works on a copy.
class FromState : public rnnc::rt::StepModel {
public:
  FromState(const rnnc::rt::StepAdapter &step, std::vector<float> start)
      : inner(step), start(std::move(start)) {}
  int64_t vocabSize() const override { return inner.vocabSize(); }
  std::vector<float> initialState() const override { return start; }
  void step(int32_t token, const std::vector<float> &state,
            std::vector<float> &nextState,
            std::vector<float> &logits) const override {
    inner.step(token, state, nextState, logits);
  }

private:
  const rnnc::rt::StepAdapter &inner;
  std::vector<float> start;
};

/// The step's weight format for `weights`; `function` names the caller.
rnnc::rt::WeightFormat weightFormatOf(rnnc_weights weights,
                                      const char *function) {
  require(weights == RNNC_WEIGHTS_F32 || weights == RNNC_WEIGHTS_BF16,
          fmt::format("{}: an unknown format", function));
  return weights == RNNC_WEIGHTS_BF16 ? rnnc::rt::WeightFormat::BF16
                                      : rnnc::rt::WeightFormat::F32;
}

/// The translations of `sentences` (as typed) by a seq2seq model, in
/// batches; `function` names the caller in errors.
std::vector<std::string> translations(const rnnc_model *model,
                                      const std::vector<std::string> &sentences,
                                      const rnnc_generate_options *options,
                                      const char *function) {
  requireAble(model,
              model->model.manifest().task == rnnc::rt::Task::Seq2Seq,
              "translation needs a seq2seq model");
  require(options->length > 0,
          fmt::format("{}: options->length < 1", function));
  rnnc::rt::DecodeOptions decode = decodeOptionsOf(*options);
  if (decode.strategy == rnnc::rt::Strategy::Sample)
    decode.strategy = rnnc::rt::Strategy::Greedy; // translations: no sampling
  std::vector<std::vector<std::string>> sources;
  for (const std::string &sentence : sentences)
    sources.push_back(rnnc::rt::tokenize(rnnc::rt::preprocessNMT(sentence),
                                         rnnc::rt::TokenKind::Word));
  std::vector<std::string> out;
  for (const std::vector<std::string> &words : rnnc::rt::translateBatch(
           model->model, {model->vocab, model->target}, sources, model->steps,
           decode, rnnc::rt::kTranslationBatch))
    out.push_back(rnnc::rt::joinWords(words));
  return out;
}

} // namespace

extern "C" {

rnnc_code rnnc_error_code(const rnnc_error *error) {
  return error ? error->code : RNNC_OK;
}

const char *rnnc_error_message(const rnnc_error *error) {
  return error ? error->message.c_str() : "";
}

void rnnc_error_free(rnnc_error *error) { delete error; }

int rnnc_api_version(void) { return RNNC_API_VERSION; }

rnnc_error *rnnc_model_load(const char *checkpoint, int api_version,
                            rnnc_model **model) {
  return guarded(RNNC_BAD_CHECKPOINT, [&] {
    require(model != nullptr, "rnnc_model_load: model is NULL");
    *model = nullptr;
    require(checkpoint != nullptr, "rnnc_model_load: checkpoint is NULL");
    if (api_version != RNNC_API_VERSION)
      throw ApiError{RNNC_VERSION_MISMATCH,
                     fmt::format("the header is of API version {}, the "
                                 "library implements version {}",
                                 api_version, RNNC_API_VERSION)};
    auto loaded = std::make_unique<rnnc_model>(
        rnnc_model{rnnc::rt::compiledModel(), {}, {}, {}, 0, {}, 0});
    // Compiled for another CPU (--cpu): refused before any of its code runs.
    try {
      rnnc::rt::checkCpu(loaded->model.manifest());
    } catch (const rnnc::rt::Error &e) {
      throw ApiError{RNNC_UNSUPPORTED, e.what()};
    }
    std::vector<std::string> labels;
    loaded->vocab =
        rnnc::rt::loadCheckpoint(checkpoint, loaded->model, &labels);
    const rnnc::rt::Manifest &manifest = loaded->model.manifest();
    loaded->text = rnnc::rt::textOptionsOf(manifest.trainOptions);
    loaded->task = rnnc::rt::taskName(manifest.task);
    if (manifest.task == rnnc::rt::Task::Seq2Seq) {
      if (labels.empty())
        throw rnnc::rt::Error(std::string(checkpoint) +
                              ": has no target vocabulary");
      loaded->target = rnnc::rt::Vocab::fromTokens(labels);
      loaded->steps = rnnc::rt::seq2seqSteps(manifest.trainOptions);
    }
    if (manifest.function("step")) {
      loaded->stateSize = static_cast<int64_t>(
          rnnc::rt::StepAdapter(loaded->model).stateFloats());
    }
    *model = loaded.release();
  });
}

void rnnc_model_free(rnnc_model *model) { delete model; }

const char *rnnc_model_task(const rnnc_model *model) {
  return model ? model->task.c_str() : "";
}

int64_t rnnc_model_vocab_size(const rnnc_model *model) {
  return model ? static_cast<int64_t>(model->vocab.size()) : 0;
}

int64_t rnnc_model_state_size(const rnnc_model *model) {
  return model ? model->stateSize : 0;
}

rnnc_error *rnnc_model_encode(const rnnc_model *model, const char *text,
                              int32_t *ids, int64_t capacity, int64_t *count) {
  return guarded(RNNC_INVALID_ARGUMENT, [&] {
    require(model && text && count, "rnnc_model_encode: a NULL argument");
    std::vector<int32_t> encoded =
        model->vocab.indices(rnnc::rt::textTokens(text, model->text));
    *count = static_cast<int64_t>(encoded.size());
    if (*count > capacity || (*count > 0 && !ids))
      throw ApiError{RNNC_BUFFER_TOO_SMALL,
                     fmt::format("the text is {} tokens, the buffer holds {}",
                                 *count, capacity)};
    std::copy(encoded.begin(), encoded.end(), ids);
  });
}

rnnc_error *rnnc_model_decode(const rnnc_model *model, const int32_t *ids,
                              int64_t count, char *text, int64_t capacity,
                              int64_t *length) {
  return guarded(RNNC_INVALID_ARGUMENT, [&] {
    require(model && length && (ids || count == 0),
            "rnnc_model_decode: a NULL argument");
    require(count >= 0, "rnnc_model_decode: a negative count");
    for (int64_t i = 0; i < count; ++i)
      checkToken(model, ids[i]);
    std::string joined = model->vocab.join(
        std::vector<int32_t>(ids, ids + count),
        model->text.tokens == rnnc::rt::TokenKind::Word ? " " : "");
    copyOut(joined, "text", text, capacity, length);
  });
}

rnnc_error *rnnc_session_create(const rnnc_model *model,
                                rnnc_session **session) {
  return guarded(RNNC_INTERNAL, [&] {
    require(session != nullptr, "rnnc_session_create: session is NULL");
    *session = nullptr;
    require(model != nullptr, "rnnc_session_create: model is NULL");
    requireAble(model, model->model.manifest().function("step"),
                "sessions step language models");
    *session = new rnnc_session(model);
  });
}

void rnnc_session_free(rnnc_session *session) { delete session; }

void rnnc_session_reset(rnnc_session *session) {
  if (session)
    std::fill(session->state.begin(), session->state.end(), 0.0f);
}

rnnc_error *rnnc_session_step(rnnc_session *session, int32_t token,
                              float *logits) {
  return guarded(RNNC_INTERNAL, [&] {
    require(session != nullptr, "rnnc_session_step: session is NULL");
    checkToken(session->owner, token);
    session->step.step(token, session->state, session->next,
                       session->logits);
    std::swap(session->state, session->next);
    if (logits)
      std::copy(session->logits.begin(), session->logits.end(), logits);
  });
}

rnnc_error *rnnc_session_get_state(const rnnc_session *session, float *state,
                                   int64_t size) {
  return guarded(RNNC_INTERNAL, [&] {
    require(session && state, "rnnc_session_get_state: a NULL argument");
    checkStateSize(session, size);
    std::copy(session->state.begin(), session->state.end(), state);
  });
}

rnnc_error *rnnc_session_set_state(rnnc_session *session, const float *state,
                                   int64_t size) {
  return guarded(RNNC_INTERNAL, [&] {
    require(session && state, "rnnc_session_set_state: a NULL argument");
    checkStateSize(session, size);
    std::copy(state, state + size, session->state.begin());
  });
}

rnnc_error *rnnc_batch_create(const rnnc_model *model, int64_t streams,
                              rnnc_batch **batch) {
  return guarded(RNNC_INTERNAL, [&] {
    require(batch != nullptr, "rnnc_batch_create: batch is NULL");
    *batch = nullptr;
    require(model != nullptr, "rnnc_batch_create: model is NULL");
    require(streams >= 1, "rnnc_batch_create: fewer than one stream");
    requireAble(model, model->model.manifest().function("step"),
                "batches step language models");
    *batch = new rnnc_batch(model, streams);
  });
}

void rnnc_batch_free(rnnc_batch *batch) { delete batch; }

void rnnc_batch_reset(rnnc_batch *batch) {
  if (batch)
    batch->step.resetRows();
}

rnnc_error *rnnc_batch_step(rnnc_batch *batch, const int32_t *tokens,
                            float *logits) {
  return guarded(RNNC_INTERNAL, [&] {
    require(batch && tokens, "rnnc_batch_step: a NULL argument");
    int64_t streams = batch->step.streams();
    for (int64_t s = 0; s < streams; ++s)
      checkToken(batch->owner, tokens[s]);
    const float *out = batch->step.advance(tokens);
    if (logits)
      std::copy(out, out + streams * batch->step.vocabSize(), logits);
  });
}

rnnc_generate_options rnnc_generate_defaults(void) {
  rnnc::rt::DecodeOptions d;
  return rnnc_generate_options{RNNC_GREEDY, d.maxLength, d.temperature,
                               d.topK,      d.beam,      d.alpha,
                               d.seed,      1};
}

rnnc_error *rnnc_session_generate(rnnc_session *session, const int32_t *prefix,
                                  int64_t prefix_count,
                                  const rnnc_generate_options *options,
                                  int32_t *out, int64_t capacity,
                                  int64_t *count) {
  return guarded(RNNC_INVALID_ARGUMENT, [&] {
    require(session && prefix && options && out && count,
            "rnnc_session_generate: a NULL argument");
    *count = 0;
    require(prefix_count > 0, "rnnc_session_generate: an empty prefix");
    require(options->length >= 0 && capacity >= options->length,
            "rnnc_session_generate: out holds fewer than options->length "
            "tokens");
    require(options->strategy >= RNNC_GREEDY && options->strategy <= RNNC_BEAM,
            "rnnc_session_generate: an unknown strategy");
    std::vector<int32_t> start(prefix, prefix + prefix_count);
    for (int32_t token : start)
      checkToken(session->owner, token);
    rnnc::rt::DecodeOptions decode = decodeOptionsOf(*options);
    if (options->exclude_non_words)
      decode.excluded = session->owner->vocab.nonWordIds();
    FromState model(session->step, session->state);
    std::vector<int32_t> tokens = rnnc::rt::decode(model, start, decode);
    std::copy(tokens.begin(), tokens.end(), out);
    *count = static_cast<int64_t>(tokens.size());
  });
}

rnnc_error *rnnc_model_translate(const rnnc_model *model, const char *sentence,
                                 const rnnc_generate_options *options,
                                 char *text, int64_t capacity,
                                 int64_t *length) {
  return guarded(RNNC_INVALID_ARGUMENT, [&] {
    require(model && sentence && options && length,
            "rnnc_model_translate: a NULL argument");
    copyOut(translations(model, {sentence}, options, "rnnc_model_translate")
                .front(),
            "translation", text, capacity, length);
  });
}

rnnc_error *rnnc_model_translate_lines(const rnnc_model *model,
                                       const char *lines,
                                       const rnnc_generate_options *options,
                                       char *text, int64_t capacity,
                                       int64_t *length) {
  return guarded(RNNC_INVALID_ARGUMENT, [&] {
    require(model && lines && options && length,
            "rnnc_model_translate_lines: a NULL argument");
    std::vector<std::string> sentences;
    std::string all(lines);
    for (size_t start = 0; start < all.size();) {
      size_t end = std::min(all.find('\n', start), all.size());
      sentences.push_back(all.substr(start, end - start));
      start = end + 1;
    }
    std::string joined;
    for (const std::string &translation :
         translations(model, sentences, options, "rnnc_model_translate_lines"))
      joined += translation + "\n";
    copyOut(joined, "translations", text, capacity, length);
  });
}

rnnc_error *rnnc_session_set_weights(rnnc_session *session,
                                     rnnc_weights weights) {
  return guarded(RNNC_INTERNAL, [&] {
    require(session != nullptr, "rnnc_session_set_weights: session is NULL");
    session->step.setWeights(
        weightFormatOf(weights, "rnnc_session_set_weights"));
  });
}

rnnc_error *rnnc_batch_set_weights(rnnc_batch *batch, rnnc_weights weights) {
  return guarded(RNNC_INTERNAL, [&] {
    require(batch != nullptr, "rnnc_batch_set_weights: batch is NULL");
    batch->step.setWeights(weightFormatOf(weights, "rnnc_batch_set_weights"));
  });
}

} // extern "C"
