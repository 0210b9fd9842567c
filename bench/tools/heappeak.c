/* heappeak.c - LD_PRELOAD shim: the peak of the live bytes a process holds
 * on the C heap (malloc, calloc, realloc, aligned_alloc, posix_memalign,
 * memalign; by malloc_usable_size), printed to stderr at exit as
 * "heap peak: N bytes". bench/gpu_memory.sh measures the CPU build with it.
 *   cc -O2 -shared -fPIC -o heappeak.so heappeak.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static _Atomic long long live, peak;

static void *counted(void *p) {
  if (p) {
    long long now = atomic_fetch_add(&live, (long long)malloc_usable_size(p)) +
                    (long long)malloc_usable_size(p);
    long long old = atomic_load(&peak);
    while (now > old && !atomic_compare_exchange_weak(&peak, &old, now)) {
    }
  }
  return p;
}

#define REAL(name)                                                      \
  static __typeof__(&name) real = 0;                                   \
  if (!real)                                                            \
    real = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

void *malloc(size_t n) { REAL(malloc); return counted(real(n)); }
void *calloc(size_t a, size_t b) {
  static void *(*real)(size_t, size_t) = 0;
  static char early[4096]; static size_t used;
  if (!real) { /* dlsym itself may calloc: serve it from a static block */
    void *(*found)(size_t, size_t) = dlsym(RTLD_NEXT, "calloc");
    if (!found) { void *p = early + used; used += (a * b + 15) & ~(size_t)15; return p; }
    real = found;
  }
  return counted(real(a, b));
}
void free(void *p) {
  REAL(free);
  if (p) atomic_fetch_sub(&live, (long long)malloc_usable_size(p));
  real(p);
}
void *realloc(void *p, size_t n) {
  REAL(realloc);
  if (p) atomic_fetch_sub(&live, (long long)malloc_usable_size(p));
  return counted(real(p, n));
}
void *aligned_alloc(size_t a, size_t n) { REAL(aligned_alloc); return counted(real(a, n)); }
void *memalign(size_t a, size_t n) { REAL(memalign); return counted(real(a, n)); }
int posix_memalign(void **out, size_t a, size_t n) {
  REAL(posix_memalign);
  int status = real(out, a, n);
  if (!status) counted(*out);
  return status;
}

__attribute__((destructor)) static void report(void) {
  fprintf(stderr, "heap peak: %lld bytes\n", (long long)atomic_load(&peak));
}
