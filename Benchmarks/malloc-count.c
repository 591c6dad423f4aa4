/* LD_PRELOAD shim for Scripts/bench: counts malloc/calloc/realloc calls of one process and prints
 * the total at exit, to show how many heap allocations a run makes per million packets. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static unsigned long allocations;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static char bootstrap[4096];
static size_t bootstrap_used;

void *malloc(size_t n) {
    if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc");
    __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED);
    return real_malloc(n);
}

void *calloc(size_t count, size_t size) {
    if (!real_calloc) {
        /* dlsym itself calls calloc: serve it from a static block. */
        size_t n = (count * size + 15) & ~(size_t)15;
        if (bootstrap_used + n <= sizeof bootstrap) { void *p = bootstrap + bootstrap_used; bootstrap_used += n; return p; }
        real_calloc = dlsym(RTLD_NEXT, "calloc");
    }
    __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED);
    return real_calloc(count, size);
}

void *realloc(void *p, size_t n) {
    if (!real_realloc) real_realloc = dlsym(RTLD_NEXT, "realloc");
    __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED);
    return real_realloc(p, n);
}

void free(void *p) {
    static void (*real_free)(void *);
    if ((char *)p >= bootstrap && (char *)p < bootstrap + sizeof bootstrap) return;
    if (!real_free) real_free = dlsym(RTLD_NEXT, "free");
    real_free(p);
}

__attribute__((destructor)) static void report(void) {
    char line[64];
    int n = snprintf(line, sizeof line, "allocations %lu\n", allocations);
    if (write(2, line, (size_t)n) < 0) {}
}
