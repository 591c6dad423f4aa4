#include <limits.h>
#include <stdio.h>
#include <sys/types.h>
#include <zlib.h>

/* glibc's fopencookie, declared here with a layout-identical functions struct: defining _GNU_SOURCE
 * in this module would make its view of the C library differ from Swift's Glibc module. */
typedef struct {
    ssize_t (*read)(void *cookie, char *buffer, size_t size);
    ssize_t (*write)(void *cookie, const char *buffer, size_t size);
    int (*seek)(void *cookie, long long *offset, int whence);
    int (*close)(void *cookie);
} probehound_cookie_functions;

extern FILE *fopencookie(void *cookie, const char *mode, probehound_cookie_functions functions);

/* A stdio stream of a gzip file's decompressed bytes, so libpcap's own reader, which takes a FILE,
 * can read `.pcap.gz` when a BPF filter needs libpcap. The stream owns `file`. */
static ssize_t probehound_gzip_read(void *cookie, char *buffer, size_t size) {
    return gzread((gzFile)cookie, buffer, size > INT_MAX ? INT_MAX : (unsigned)size);
}

static int probehound_gzip_close(void *cookie) {
    return gzclose((gzFile)cookie) == Z_OK ? 0 : -1;
}

static inline FILE *probehound_gzip_stdio(gzFile file) {
    probehound_cookie_functions functions = { probehound_gzip_read, NULL, NULL, probehound_gzip_close };
    return fopencookie(file, "r", functions);
}
