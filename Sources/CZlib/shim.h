#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <zlib.h>

/* A stdio stream of a gzip file's decompressed bytes (glibc fopencookie), so libpcap's own reader,
 * which takes a FILE, can read `.pcap.gz` when a BPF filter needs libpcap. The stream owns `file`. */
static ssize_t probehound_gzip_read(void *cookie, char *buffer, size_t size) {
    return gzread((gzFile)cookie, buffer, size > INT_MAX ? INT_MAX : (unsigned)size);
}

static int probehound_gzip_close(void *cookie) {
    return gzclose((gzFile)cookie) == Z_OK ? 0 : -1;
}

static inline FILE *probehound_gzip_stdio(gzFile file) {
    cookie_io_functions_t functions = { probehound_gzip_read, NULL, NULL, probehound_gzip_close };
    return fopencookie(file, "r", functions);
}
