/* api-test.c CHECKPOINT OTHER_MODEL_CHECKPOINT: the library API's contract
 * (docs/library.md), one line per check, "FAIL ..." and exit 1 on the
 * first that does not hold. Compiled as C99 against a library's generated
 * header by test/Integration/library.test. */
#include "model.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

/* A thread's stream: its own session over a shared model. */
struct stream {
  const rnnc_model *model;
  const int32_t *ids;
  int64_t count;
  float *logits;
  int ok;
};

static void *run_stream(void *argument) {
  struct stream *s = argument;
  rnnc_session *session = NULL;
  s->ok = rnnc_session_create(s->model, &session) == NULL;
  for (int round = 0; s->ok && round < 50; ++round) {
    rnnc_session_reset(session);
    for (int64_t i = 0; s->ok && i < s->count; ++i)
      s->ok = rnnc_session_step(session, s->ids[i], s->logits) == NULL;
  }
  rnnc_session_free(session);
  return NULL;
}

static void expect(int condition, const char *what) {
  printf("%s %s\n", condition ? "ok" : "FAIL", what);
  if (!condition)
    failures = 1;
}

/* The error's code, and its message on stdout; frees it. */
static rnnc_code code_of(rnnc_error *error) {
  rnnc_code code = rnnc_error_code(error);
  if (error)
    printf("  message: %s\n", rnnc_error_message(error));
  rnnc_error_free(error);
  return code;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  rnnc_model *model = NULL;
  expect(rnnc_api_version() == RNNC_API_VERSION, "api version");
  expect(code_of(rnnc_model_load(argv[1], RNNC_API_VERSION + 1, &model)) ==
             RNNC_VERSION_MISMATCH && !model,
         "another header version is refused");
  expect(code_of(rnnc_model_load("no/such.safetensors", RNNC_API_VERSION,
                                 &model)) == RNNC_BAD_CHECKPOINT && !model,
         "a missing checkpoint is an error");
  expect(code_of(rnnc_model_load(argv[2], RNNC_API_VERSION, &model)) ==
             RNNC_BAD_CHECKPOINT && !model,
         "another model's checkpoint is an error");
  expect(code_of(rnnc_model_load(argv[1], RNNC_API_VERSION, &model)) ==
             RNNC_OK && model,
         "load");
  expect(strcmp(rnnc_model_task(model), RNNC_MODEL_TASK) == 0, "task");
  int64_t vocab = rnnc_model_vocab_size(model);
  int64_t size = rnnc_model_state_size(model);
  expect(vocab > 2 && size > 0, "vocabulary and state sizes");

  /* Encode and decode. */
  int32_t ids[64];
  int64_t count = 0, length = 0;
  char text[256];
  expect(code_of(rnnc_model_encode(model, "the time", ids, 2, &count)) ==
             RNNC_BUFFER_TOO_SMALL && count == 8,
         "encode reports the count a small buffer lacks");
  expect(code_of(rnnc_model_encode(model, "the time", ids, 64, &count)) ==
             RNNC_OK,
         "encode");
  expect(code_of(rnnc_model_decode(model, ids, count, text, sizeof text,
                                   &length)) == RNNC_OK &&
             strcmp(text, "the time") == 0 && length == 8,
         "decode gives the text back");
  expect(code_of(rnnc_model_decode(model, ids, count, text, 8, &length)) ==
             RNNC_BUFFER_TOO_SMALL,
         "decode needs room for the NUL");
  int32_t bad = (int32_t)vocab;
  expect(code_of(rnnc_model_decode(model, &bad, 1, text, sizeof text,
                                   &length)) == RNNC_INVALID_ARGUMENT,
         "decode refuses an id outside the vocabulary");

  /* Steps, bad tokens, state save and restore. */
  rnnc_session *a = NULL, *b = NULL;
  expect(code_of(rnnc_session_create(model, &a)) == RNNC_OK &&
             code_of(rnnc_session_create(model, &b)) == RNNC_OK,
         "two sessions");
  float *logits = malloc(sizeof(float) * (size_t)vocab);
  float *again = malloc(sizeof(float) * (size_t)vocab);
  float *saved = malloc(sizeof(float) * (size_t)size);
  expect(code_of(rnnc_session_step(a, -1, logits)) == RNNC_INVALID_ARGUMENT &&
             code_of(rnnc_session_step(a, (int32_t)vocab, logits)) ==
                 RNNC_INVALID_ARGUMENT,
         "a token outside the vocabulary is refused");
  for (int64_t i = 0; i < 4; ++i)
    rnnc_error_free(rnnc_session_step(a, ids[i], logits));
  expect(code_of(rnnc_session_get_state(a, saved, size - 1)) ==
             RNNC_INVALID_ARGUMENT,
         "a state of the wrong size is refused");
  expect(code_of(rnnc_session_get_state(a, saved, size)) == RNNC_OK,
         "save the state");
  for (int64_t i = 4; i < count; ++i)
    rnnc_error_free(rnnc_session_step(a, ids[i], logits));
  /* b forks a's stream from the saved state; a restores it. */
  expect(code_of(rnnc_session_set_state(b, saved, size)) == RNNC_OK &&
             code_of(rnnc_session_set_state(a, saved, size)) == RNNC_OK,
         "restore the state, in the session and in another");
  for (int64_t i = 4; i < count; ++i) {
    rnnc_error_free(rnnc_session_step(b, ids[i], again));
    rnnc_error_free(rnnc_session_step(a, ids[i], NULL));
  }
  expect(memcmp(logits, again, sizeof(float) * (size_t)vocab) == 0,
         "a restored stream continues exactly");
  /* Reset: the same as a new session. */
  rnnc_session_reset(a);
  rnnc_error_free(rnnc_session_step(a, ids[0], logits));
  rnnc_session *fresh = NULL;
  rnnc_error_free(rnnc_session_create(model, &fresh));
  rnnc_error_free(rnnc_session_step(fresh, ids[0], again));
  expect(memcmp(logits, again, sizeof(float) * (size_t)vocab) == 0,
         "reset is a new session");

  /* Generation leaves the session as it was; seeded sampling repeats. */
  rnnc_generate_options options = rnnc_generate_defaults();
  options.strategy = RNNC_SAMPLE;
  options.length = 20;
  options.seed = 7;
  int32_t first[20], second[20];
  int64_t n1 = 0, n2 = 0;
  expect(code_of(rnnc_session_generate(fresh, ids, count, &options, first, 20,
                                       &n1)) == RNNC_OK &&
             code_of(rnnc_session_generate(fresh, ids, count, &options,
                                           second, 20, &n2)) == RNNC_OK &&
             n1 == 20 && n2 == 20 && memcmp(first, second, sizeof first) == 0,
         "seeded sampling repeats, the session unchanged");
  expect(code_of(rnnc_session_generate(fresh, ids, count, &options, first, 5,
                                       &n1)) == RNNC_INVALID_ARGUMENT,
         "generate needs room for options.length tokens");

  /* bfloat16 weights: close to f32. */
  rnnc_session_reset(a);
  rnnc_session_reset(b);
  expect(code_of(rnnc_session_set_weights(b, RNNC_WEIGHTS_BF16)) == RNNC_OK,
         "bf16 weights for one session");
  double worst = 0;
  for (int64_t i = 0; i < count; ++i) {
    rnnc_error_free(rnnc_session_step(a, ids[i], logits));
    rnnc_error_free(rnnc_session_step(b, ids[i], again));
  }
  for (int64_t v = 0; v < vocab; ++v)
    if (fabs(logits[v] - again[v]) > worst)
      worst = fabs(logits[v] - again[v]);
  expect(worst > 0 && worst < 0.05, "bf16 logits are close, not equal");

  /* Sessions of one model on two threads at once, each stepping the text
   * 50 times: each thread's logits are the single-threaded ones. */
  float *threaded[2];
  struct stream streams[2];
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) {
    threaded[i] = malloc(sizeof(float) * (size_t)vocab);
    streams[i] = (struct stream){model, ids, count, threaded[i], 0};
    pthread_create(&threads[i], NULL, run_stream, &streams[i]);
  }
  for (int i = 0; i < 2; ++i)
    pthread_join(threads[i], NULL);
  expect(streams[0].ok && streams[1].ok &&
             memcmp(threaded[0], logits, sizeof(float) * (size_t)vocab) == 0 &&
             memcmp(threaded[1], logits, sizeof(float) * (size_t)vocab) == 0,
         "two threads step sessions of one model as one thread does");
  free(threaded[0]);
  free(threaded[1]);

  /* A batch of three streams fed different tokens: each stream's logits
   * are bitwise those of a session fed the same tokens. */
  rnnc_batch *batch = NULL;
  expect(code_of(rnnc_batch_create(model, 0, &batch)) ==
             RNNC_INVALID_ARGUMENT && !batch,
         "a batch needs a stream");
  expect(code_of(rnnc_batch_create(model, 3, &batch)) == RNNC_OK, "batch");
  float *rows = malloc(sizeof(float) * (size_t)(3 * vocab));
  int32_t bad3[3] = {0, -5, 1};
  expect(code_of(rnnc_batch_step(batch, bad3, rows)) == RNNC_INVALID_ARGUMENT,
         "a batch refuses a token outside the vocabulary");
  int same = 1;
  for (int s = 0; s < 3; ++s) {
    rnnc_session_reset(a);
    rnnc_batch_reset(batch);
    for (int64_t i = 0; i < count; ++i) {
      int32_t tokens[3] = {ids[i], ids[count - 1 - i], ids[(i + 3) % count]};
      rnnc_error_free(rnnc_batch_step(batch, tokens, rows));
      rnnc_error_free(rnnc_session_step(a, tokens[s], logits));
    }
    same = same && memcmp(rows + s * vocab, logits,
                          sizeof(float) * (size_t)vocab) == 0;
  }
  expect(same, "a batch's streams are bitwise the sessions'");
  /* With bfloat16 weights too (session b reads them since above). */
  expect(code_of(rnnc_batch_set_weights(batch, (rnnc_weights)7)) ==
             RNNC_INVALID_ARGUMENT,
         "an unknown weight format is refused");
  expect(code_of(rnnc_batch_set_weights(batch, RNNC_WEIGHTS_BF16)) == RNNC_OK,
         "bf16 weights for a batch");
  rnnc_batch_reset(batch);
  rnnc_session_reset(b);
  for (int64_t i = 0; i < count; ++i) {
    int32_t tokens[3] = {ids[i], ids[count - 1 - i], ids[(i + 3) % count]};
    rnnc_error_free(rnnc_batch_step(batch, tokens, rows));
    rnnc_error_free(rnnc_session_step(b, tokens[1], again));
  }
  expect(memcmp(rows + vocab, again, sizeof(float) * (size_t)vocab) == 0,
         "a bf16 batch's streams are bitwise bf16 sessions'");
  rnnc_batch_free(batch);
  free(rows);

  expect(code_of(rnnc_session_step(NULL, 0, logits)) == RNNC_INVALID_ARGUMENT,
         "a NULL session is refused");
  char sentence[64];
  int64_t sentenceLength = 0;
  expect(code_of(rnnc_model_translate(model, "go .", &options, sentence,
                                      sizeof sentence, &sentenceLength)) ==
             RNNC_UNSUPPORTED,
         "translation needs a seq2seq model");
  expect(code_of(rnnc_model_translate_lines(model, "go .\n", &options,
                                            sentence, sizeof sentence,
                                            &sentenceLength)) ==
             RNNC_UNSUPPORTED,
         "translating lines needs a seq2seq model");
  expect(code_of(rnnc_model_translate_lines(model, NULL, &options, sentence,
                                            sizeof sentence,
                                            &sentenceLength)) ==
             RNNC_INVALID_ARGUMENT,
         "translating NULL lines is refused");
  rnnc_session_free(a);
  rnnc_session_free(b);
  rnnc_session_free(fresh);
  rnnc_model_free(model);
  free(logits);
  free(again);
  free(saved);
  return failures;
}
