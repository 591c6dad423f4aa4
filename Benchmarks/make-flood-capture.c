/* Writes a classic pcap in which each of N distinct sources (spoofed, 100.64.0.0/10 and up) sends
 * one ICMP echo request to an external host, plus a real prober (10.9.9.9) pinging 8.8.8.8 once
 * before the flood and 3 times after it: for the memory benchmark and the bounded-state test.
 * Usage: make-flood-capture OUTPUT SOURCES [FIRST] (source i is 100.64.0.0 + FIRST + i) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put16(unsigned char *p, unsigned v) { p[0] = v >> 8; p[1] = v; }
static void put32(unsigned char *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }

static void echo(FILE *out, uint32_t time, uint32_t src, uint32_t dst, unsigned seq) {
    unsigned char f[14 + 20 + 16];
    memset(f, 2, 12); put16(f + 12, 0x0800);
    unsigned char *ip = f + 14;
    ip[0] = 0x45; ip[1] = 0; put16(ip + 2, 36); put16(ip + 4, seq); put16(ip + 6, 0); ip[8] = 64; ip[9] = 1;
    put16(ip + 10, 0); put32(ip + 12, src); put32(ip + 16, dst);
    unsigned char *icmp = ip + 20;
    memset(icmp, 0, 16); icmp[0] = 8; put16(icmp + 4, 7); put16(icmp + 6, seq);
    uint32_t header[4] = {time, seq % 1000000, sizeof f, sizeof f};
    fwrite(header, 4, 4, out); fwrite(f, 1, sizeof f, out);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s OUTPUT SOURCES\n", argv[0]); return 2; }
    long sources = atol(argv[2]);
    uint32_t first = argc > 3 ? (uint32_t)atol(argv[3]) : 0;
    FILE *out = fopen(argv[1], "wb");
    if (!out) { perror(argv[1]); return 1; }
    uint32_t file_header[6] = {0xa1b2c3d4u, 0x00040002u, 0, 0, 65535, 1};
    fwrite(file_header, 4, 6, out);
    echo(out, 1795410001u, 0x0A090909u, 0x08080808u, 1);
    for (long i = 0; i < sources; i++) echo(out, 1795410010u + (uint32_t)(i / 10000), 0x64400000u + first + (uint32_t)i, 0x08080404u, (unsigned)(i & 0xffff));
    uint32_t after = 1795410010u + (uint32_t)(sources / 10000) + 1;
    for (unsigned s = 2; s <= 4; s++) echo(out, after + s, 0x0A090909u, 0x08080808u, s);
    fclose(out);
    return 0;
}
