/* translate-test.c CHECKPOINT [BEAM [lines]]: the translation of every line
 * of stdin through the library API, greedy (BEAM 1 or none) or beam search
 * of width BEAM; one line each, as `./model translate` prints. One call
 * per line (rnnc_model_translate), or with `lines` one call for all of
 * them (rnnc_model_translate_lines, a batch). */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(rnnc_error *error) {
  fprintf(stderr, "translate-test: %s\n", rnnc_error_message(error));
  rnnc_error_free(error);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  rnnc_model *model = NULL;
  rnnc_error *error = rnnc_model_load(argv[1], RNNC_API_VERSION, &model);
  if (error)
    return fail(error);
  rnnc_generate_options options = rnnc_generate_defaults();
  if (argc > 2 && strtol(argv[2], NULL, 10) > 1) {
    options.strategy = RNNC_BEAM;
    options.beam = strtol(argv[2], NULL, 10);
  }
  static char all[1 << 16], text[1 << 16];
  if (argc > 3 && strcmp(argv[3], "lines") == 0) {
    size_t size = fread(all, 1, sizeof all - 1, stdin);
    all[size] = '\0';
    int64_t length = 0;
    /* Too small a buffer says how long the translations are. */
    error = rnnc_model_translate_lines(model, all, &options, text, 4, &length);
    printf("small: %d %s\n", (int)rnnc_error_code(error),
           length > 4 ? "length given" : "no length");
    rnnc_error_free(error);
    if ((error = rnnc_model_translate_lines(model, all, &options, text,
                                            sizeof text, &length)))
      return fail(error);
    fputs(text, stdout);
  } else {
    while (fgets(all, sizeof all, stdin)) {
      all[strcspn(all, "\n")] = '\0';
      int64_t length = 0;
      if ((error = rnnc_model_translate(model, all, &options, text,
                                        sizeof text, &length)))
        return fail(error);
      puts(text);
    }
  }
  /* A language model's session is refused for a seq2seq model. */
  rnnc_session *session = NULL;
  error = rnnc_session_create(model, &session);
  printf("session: %d %s\n", (int)rnnc_error_code(error),
         rnnc_error_message(error));
  rnnc_error_free(error);
  rnnc_model_free(model);
  return 0;
}
