// read-bandwidth probe: one thread reads a buffer of each size over and over
// with 512-bit loads into 8 independent sums (what a one-row product does
// with its weights), and prints GB/s per size. The sizes bracket the
// weights a language model's step reads per token (docs/performance.md,
// "The generation roofline").
// build: gcc -O2 -march=native -o readbandwidth readbandwidth.c
// run: ./readbandwidth (a table of sizes), ./readbandwidth KIB (GB/s at KIB)
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}
static float readAll(const float *p, long n) {
  // Eight sums in eight registers, written out: gcc -O2 keeps an array of
  // vectors in memory.
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, s4 = s0,
         s5 = s0, s6 = s0, s7 = s0;
  for (long i = 0; i < n; i += 128) {
    s0 = _mm512_add_ps(s0, _mm512_load_ps(p + i));
    s1 = _mm512_add_ps(s1, _mm512_load_ps(p + i + 16));
    s2 = _mm512_add_ps(s2, _mm512_load_ps(p + i + 32));
    s3 = _mm512_add_ps(s3, _mm512_load_ps(p + i + 48));
    s4 = _mm512_add_ps(s4, _mm512_load_ps(p + i + 64));
    s5 = _mm512_add_ps(s5, _mm512_load_ps(p + i + 80));
    s6 = _mm512_add_ps(s6, _mm512_load_ps(p + i + 96));
    s7 = _mm512_add_ps(s7, _mm512_load_ps(p + i + 112));
  }
  s0 = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)),
                     _mm512_add_ps(_mm512_add_ps(s4, s5), _mm512_add_ps(s6, s7)));
  return _mm512_reduce_add_ps(s0);
}
int main(int argc, char **argv) {
  long kib[] = {64, 256, 512, 768, 1024, 1152, 1536, 2048, 4096, 16384};
  unsigned sizes = sizeof kib / sizeof kib[0];
  if (argc > 1) {
    kib[0] = atol(argv[1]) < 4 ? 4 : atol(argv[1]);
    sizes = 1;
  }
  float sink = 0;
  if (argc == 1)
    printf("%10s %10s %10s\n", "KiB", "GB/s", "us/pass");
  for (unsigned s = 0; s < sizes; ++s) {
    long n = (kib[s] * 256 + 127) / 128 * 128; // floats, whole iterations
    float *p = aligned_alloc(64, n * sizeof(float));
    for (long i = 0; i < n; ++i)
      p[i] = (float)(i & 7);
    long passes = 4000000000L / (n * 4) + 1;
    double best = 1e30;
    for (int trial = 0; trial < 5; ++trial) {
      double t = now();
      for (long r = 0; r < passes / 5 + 1; ++r)
        sink += readAll(p, n);
      double per = (now() - t) / (passes / 5 + 1);
      if (per < best)
        best = per;
    }
    if (argc == 1)
      printf("%10ld %10.1f %10.2f\n", kib[s], n * 4 / best / 1e9, best * 1e6);
    else
      printf("%.1f\n", n * 4 / best / 1e9);
    free(p);
  }
  return sink == 12345.0f;
}
