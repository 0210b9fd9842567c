/* load-test.c - loads a checkpoint through a model library's C API and
 * prints "loaded", or the error's code and message (exit 1). */
#include "model.h"

#include <stdio.h>

int main(int argc, char **argv) {
  rnnc_model *model = NULL;
  if (argc != 2)
    return 2;
  rnnc_error *error = rnnc_model_load(argv[1], RNNC_API_VERSION, &model);
  if (!error) {
    puts("loaded");
    rnnc_model_free(model);
    return 0;
  }
  printf("code %d: %s\n", (int)rnnc_error_code(error),
         rnnc_error_message(error));
  rnnc_error_free(error);
  return 1;
}
