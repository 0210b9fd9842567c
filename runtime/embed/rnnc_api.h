/*===- rnnc_api.h - the C API of a model compiled as a library ------------===*
 *
 * `rnnc compile --emit=lib model.rnn -o libmodel.so` writes this API, with
 * the model's name and task, into the header `model.h` beside the library
 * (docs/library.md). C99, no C++ in the interface.
 *
 * Handles: a model (its checkpoint's weights and vocabulary, read only
 * once loaded) and any number of sessions (one recurrent state each).
 * A model's functions may be called from any thread; a session belongs to
 * one thread at a time. Nothing is global: no printing, no exit, no
 * exceptions across the boundary. Every call that can fail returns NULL
 * on success or an rnnc_error (a code and a message) that the caller frees.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RNNC_API_H
#define RNNC_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this API; rnnc_model_load refuses a header of another. */
#define RNNC_API_VERSION 1

typedef struct rnnc_model rnnc_model;
typedef struct rnnc_session rnnc_session;
typedef struct rnnc_error rnnc_error;

typedef enum rnnc_code {
  RNNC_OK = 0,
  RNNC_INVALID_ARGUMENT = 1, /* a null handle, a token outside the vocabulary */
  RNNC_BAD_CHECKPOINT = 2,   /* unreadable, corrupt, or of another model */
  RNNC_VERSION_MISMATCH = 3, /* the header's API version is not the library's */
  RNNC_UNSUPPORTED = 4,      /* not for this model's task */
  RNNC_BUFFER_TOO_SMALL = 5, /* the count needed is in the size out-parameter */
  RNNC_INTERNAL = 6
} rnnc_code;

rnnc_code rnnc_error_code(const rnnc_error *error);
const char *rnnc_error_message(const rnnc_error *error);
void rnnc_error_free(rnnc_error *error);

/* The API version the library implements (RNNC_API_VERSION of its build). */
int rnnc_api_version(void);

/* Loads a checkpoint written by `./model train --save` for this model.
 * Pass RNNC_API_VERSION as `api_version`. */
rnnc_error *rnnc_model_load(const char *checkpoint, int api_version,
                            rnnc_model **model);
void rnnc_model_free(rnnc_model *model);
/* "language_model", "tagging", "series", "seq2seq". */
const char *rnnc_model_task(const rnnc_model *model);
/* Tokens of the vocabulary (the logits' length). */
int64_t rnnc_model_vocab_size(const rnnc_model *model);
/* Floats of a session's state (every recurrent state, flattened). */
int64_t rnnc_model_state_size(const rnnc_model *model);

/* Text to token ids, tokenised as the model was trained (characters or
 * words, d2l's preprocessing or none; unknown tokens are id 0). Writes at
 * most `capacity` ids; `*count` is the number of ids of the text
 * (RNNC_BUFFER_TOO_SMALL when it exceeds capacity). */
rnnc_error *rnnc_model_encode(const rnnc_model *model, const char *text,
                              int32_t *ids, int64_t capacity, int64_t *count);
/* Token ids to text (characters joined, words with spaces), NUL ended.
 * `*length` is the text's length without the NUL (RNNC_BUFFER_TOO_SMALL
 * when length + 1 exceeds capacity). */
rnnc_error *rnnc_model_decode(const rnnc_model *model, const int32_t *ids,
                              int64_t count, char *text, int64_t capacity,
                              int64_t *length);

/* Sessions of a language model, the state at zero. */
rnnc_error *rnnc_session_create(const rnnc_model *model,
                                rnnc_session **session);
void rnnc_session_free(rnnc_session *session);
/* The state back to zero. */
void rnnc_session_reset(rnnc_session *session);
/* Feeds one token: the state advances, and the logits of the next token
 * go to `logits` (rnnc_model_vocab_size floats) unless it is NULL. */
rnnc_error *rnnc_session_step(rnnc_session *session, int32_t token,
                              float *logits);
/* Copies the state out or in (rnnc_model_state_size floats): to save a
 * stream, or to fork it into another session. */
rnnc_error *rnnc_session_get_state(const rnnc_session *session, float *state,
                                   int64_t size);
rnnc_error *rnnc_session_set_state(rnnc_session *session, const float *state,
                                   int64_t size);

/* Several streams of a language model stepped as one batch: the products
 * read each weight once for all of them, and each stream's logits are
 * exactly what a session stepping the same tokens gives. */
typedef struct rnnc_batch rnnc_batch;
rnnc_error *rnnc_batch_create(const rnnc_model *model, int64_t streams,
                              rnnc_batch **batch);
void rnnc_batch_free(rnnc_batch *batch);
/* Every stream's state back to zero. */
void rnnc_batch_reset(rnnc_batch *batch);
/* Feeds tokens[s] to stream s (`streams` tokens); the logits go to
 * `logits`, streams x rnnc_model_vocab_size floats, stream after stream,
 * unless it is NULL. A stream with nothing to read can be fed any valid
 * token and its logits ignored. */
rnnc_error *rnnc_batch_step(rnnc_batch *batch, const int32_t *tokens,
                            float *logits);

typedef enum rnnc_strategy {
  RNNC_GREEDY = 0,
  RNNC_SAMPLE = 1,
  RNNC_BEAM = 2
} rnnc_strategy;

typedef enum rnnc_weights {
  RNNC_WEIGHTS_F32 = 0,
  RNNC_WEIGHTS_BF16 = 1 /* recurrent and output weights in bfloat16 */
} rnnc_weights;

typedef struct rnnc_generate_options {
  rnnc_strategy strategy;
  int64_t length;      /* tokens to generate */
  double temperature;  /* sampling */
  int64_t top_k;       /* sampling: the k best (0: all) */
  int64_t beam;        /* beam width */
  double alpha;        /* beam: length penalty exponent */
  uint64_t seed;       /* sampling */
  int exclude_non_words; /* never produce <unk> and the like */
} rnnc_generate_options;

/* The defaults of `./model generate` (greedy, 50 tokens, temperature 1,
 * beam 4, alpha 0.75, seed 0, non-words excluded). */
rnnc_generate_options rnnc_generate_defaults(void);

/* Generates from the session's state: feeds `prefix` (at least one token)
 * and generates up to options->length tokens into `out` (capacity at
 * least options->length); `*count` is how many. It works on a copy of the
 * state: the session is left as it was. */
rnnc_error *rnnc_session_generate(rnnc_session *session, const int32_t *prefix,
                                  int64_t prefix_count,
                                  const rnnc_generate_options *options,
                                  int32_t *out, int64_t capacity,
                                  int64_t *count);

/* Seq2seq models: the translation of `sentence` (tokenised and cleaned as
 * in training), greedy, or beam search when options->strategy is
 * RNNC_BEAM (options->beam, options->alpha; options->length caps the
 * words, below the model's steps), as `./model translate` gives it; the
 * words joined by spaces, NUL ended (RNNC_BUFFER_TOO_SMALL: `*length`
 * says how long). */
rnnc_error *rnnc_model_translate(const rnnc_model *model, const char *sentence,
                                 const rnnc_generate_options *options,
                                 char *text, int64_t capacity,
                                 int64_t *length);

/* Seq2seq models: the translations of the lines of `lines` (the last
 * may end without '\n'; every line a sentence, an empty one too),
 * decoded together in batches (`./model translate --batch 64`), one line
 * each, in order, each ended by '\n', NUL ended. The same translations
 * as rnnc_model_translate gives one at a time. */
rnnc_error *rnnc_model_translate_lines(const rnnc_model *model,
                                       const char *lines,
                                       const rnnc_generate_options *options,
                                       char *text, int64_t capacity,
                                       int64_t *length);

/* How this session's steps read the weights (f32 unless set):
 * RNNC_WEIGHTS_BF16 rounds the recurrent and output weights to bfloat16,
 * half the bytes per token (`./model generate --weights bf16`). */
rnnc_error *rnnc_session_set_weights(rnnc_session *session,
                                     rnnc_weights weights);
/* The same for every stream of a batch: each stream's logits are then a
 * session's with the same weights. */
rnnc_error *rnnc_batch_set_weights(rnnc_batch *batch, rnnc_weights weights);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* RNNC_API_H */
