// read-bandwidth probe: one thread reads a buffer of each size over and over
// with the widest loads the CPU has (512-bit with AVX-512, else 256-bit;
// PROBE_ISA=avx2: 256-bit)
// into 8 independent sums (what a one-row product does with its weights),
// and prints GB/s per size. The sizes bracket the
// weights a language model's step reads per token (docs/performance.md,
// "The generation roofline").
// build: gcc -O2 -o readbandwidth readbandwidth.c
// run: ./readbandwidth (a table of sizes), ./readbandwidth KIB (GB/s at KIB)
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}
/* Eight sums in eight registers of LANES floats, read through all of p
 * (gcc -O2 keeps an array of vectors in memory, hence the names). */
#define SUM_EIGHT(T, ZERO, ADD, LOAD, LANES)                                  \
  T s0 = ZERO(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0,        \
    s7 = s0;                                                                  \
  for (long i = 0; i < n; i += 8 * (LANES)) {                                 \
    s0 = ADD(s0, LOAD(p + i));                                                \
    s1 = ADD(s1, LOAD(p + i + (LANES)));                                      \
    s2 = ADD(s2, LOAD(p + i + 2 * (LANES)));                                  \
    s3 = ADD(s3, LOAD(p + i + 3 * (LANES)));                                  \
    s4 = ADD(s4, LOAD(p + i + 4 * (LANES)));                                  \
    s5 = ADD(s5, LOAD(p + i + 5 * (LANES)));                                  \
    s6 = ADD(s6, LOAD(p + i + 6 * (LANES)));                                  \
    s7 = ADD(s7, LOAD(p + i + 7 * (LANES)));                                  \
  }                                                                           \
  s0 = ADD(ADD(ADD(s0, s1), ADD(s2, s3)), ADD(ADD(s4, s5), ADD(s6, s7)));
__attribute__((target("avx512f"))) static float readAll512(const float *p,
                                                          long n) {
  SUM_EIGHT(__m512, _mm512_setzero_ps, _mm512_add_ps, _mm512_load_ps, 16)
  return _mm512_reduce_add_ps(s0);
}
__attribute__((target("avx2"))) static float readAll256(const float *p,
                                                       long n) {
  SUM_EIGHT(__m256, _mm256_setzero_ps, _mm256_add_ps, _mm256_load_ps, 8)
  float t[8];
  _mm256_storeu_ps(t, s0);
  return t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7];
}
static float readAll(const float *p, long n) {
  static int wide = -1;
  if (wide < 0) {
    const char *isa = getenv("PROBE_ISA"); /* avx2: 256-bit loads only */
    wide = __builtin_cpu_supports("avx512f") &&
           !(isa && strcmp(isa, "avx2") == 0);
  }
  return wide ? readAll512(p, n) : readAll256(p, n);
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
