/* complete.c - streaming text completion with a language model compiled as
 * a library (docs/library.md): the prefix is fed to a session token by
 * token, then each next token is the most likely one (never <unk>, id 0)
 * and is printed as soon as it is chosen.
 *
 *   rnnc compile examples/lstm_lm.rnn --emit=lib -o libmodel.so
 *   cc -std=c99 complete.c -I. -L. -lmodel -Wl,-rpath,. -o complete
 *   ./complete model.safetensors "time traveller" 100
 *
 * Prints what `./lstm_lm generate --prefix PREFIX --steps N` prints. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(rnnc_error *error) {
  fprintf(stderr, "complete: %s\n", rnnc_error_message(error));
  rnnc_error_free(error);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: complete CHECKPOINT PREFIX TOKENS\n");
    return 2;
  }
  long tokens = strtol(argv[3], NULL, 10);
  rnnc_model *model = NULL;
  rnnc_error *error = rnnc_model_load(argv[1], RNNC_API_VERSION, &model);
  if (error)
    return fail(error);
  int64_t vocab = rnnc_model_vocab_size(model);

  /* The prefix as ids: ask for the count, then encode. */
  int64_t count = 0;
  error = rnnc_model_encode(model, argv[2], NULL, 0, &count);
  if (error && rnnc_error_code(error) != RNNC_BUFFER_TOO_SMALL)
    return fail(error);
  rnnc_error_free(error);
  int64_t capacity = count + tokens;
  int32_t *ids = malloc(sizeof(int32_t) * (size_t)(capacity > 0 ? capacity : 1));
  float *logits = malloc(sizeof(float) * (size_t)vocab);
  char *text = malloc((size_t)(64 * capacity + 129));
  if ((error = rnnc_model_encode(model, argv[2], ids, count, &count)))
    return fail(error);
  if (count == 0) {
    fprintf(stderr, "complete: the prefix is empty after preprocessing\n");
    return 1;
  }

  rnnc_session *session = NULL;
  if ((error = rnnc_session_create(model, &session)))
    return fail(error);
  for (int64_t i = 0; i < count; ++i)
    if ((error = rnnc_session_step(session, ids[i], logits)))
      return fail(error);

  /* The prefix, then what each token adds to the text: the decoding of
   * (previous, token) past the decoding of (previous), which is the token
   * with its separator (none between characters, a space between words). */
  int64_t length = 0, before = 0;
  if ((error = rnnc_model_decode(model, ids, count, text, 64 * capacity + 1,
                                 &length)))
    return fail(error);
  fputs(text, stdout);
  for (long t = 0; t < tokens; ++t) {
    int32_t best = 1;
    for (int32_t v = 2; v < vocab; ++v)
      if (logits[v] > logits[best])
        best = v;
    ids[count++] = best;
    if ((error = rnnc_model_decode(model, ids + count - 2, 1, text, 64, &before)) ||
        (error = rnnc_model_decode(model, ids + count - 2, 2, text, 128,
                                   &length)))
      return fail(error);
    fputs(text + before, stdout);
    fflush(stdout);
    if ((error = rnnc_session_step(session, best, logits)))
      return fail(error);
  }
  putchar('\n');
  rnnc_session_free(session);
  rnnc_model_free(model);
  free(ids);
  free(logits);
  free(text);
  return 0;
}
