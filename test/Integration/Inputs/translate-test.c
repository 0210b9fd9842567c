/* translate-test.c CHECKPOINT [BEAM]: the translation of every line of
 * stdin through the library API (rnnc_model_translate), greedy, or beam
 * search of width BEAM; one line each, as `./model translate` prints. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  rnnc_model *model = NULL;
  rnnc_error *error = rnnc_model_load(argv[1], RNNC_API_VERSION, &model);
  if (error) {
    fprintf(stderr, "translate-test: %s\n", rnnc_error_message(error));
    return 1;
  }
  rnnc_generate_options options = rnnc_generate_defaults();
  if (argc > 2) {
    options.strategy = RNNC_BEAM;
    options.beam = strtol(argv[2], NULL, 10);
  }
  char line[1024], text[1024];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = '\0';
    int64_t length = 0;
    if ((error = rnnc_model_translate(model, line, &options, text, sizeof text,
                                      &length))) {
      fprintf(stderr, "translate-test: %s\n", rnnc_error_message(error));
      return 1;
    }
    puts(text);
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
