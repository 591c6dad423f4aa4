/* Writes a deterministic, realistic classic pcap (Ethernet) for benchmarks:
 * mostly TCP/UDP with a realistic size mix between ~5,000 internal and ~100,000 external hosts,
 * some 802.1Q-tagged and IPv6 traffic, DNS queries, and ~0.1% probe traffic (ICMP echo and
 * replies, UDP/ICMP/TCP traceroutes with time-exceeded replies, HTTP GETs to lookup services).
 * Usage: make-bench-capture OUTPUT [PACKETS] [SEED] [INTERNAL] [EXTERNAL] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static uint32_t below(uint32_t n) { return (uint32_t)(next() % n); }

static unsigned char frame[2048];
static FILE *out;
static uint64_t clock_us = 1795410000ULL * 1000000ULL;

static void put16(unsigned char *p, unsigned v) { p[0] = v >> 8; p[1] = v; }
static void put32(unsigned char *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }

static void emit(int length) {
    uint32_t header[4];
    clock_us += 1 + below(20);
    header[0] = (uint32_t)(clock_us / 1000000); header[1] = (uint32_t)(clock_us % 1000000);
    header[2] = header[3] = (uint32_t)length;
    fwrite(header, 4, 4, out);
    fwrite(frame, 1, (size_t)length, out);
}

static uint32_t internal_host(uint32_t i) { return 0x0A000000u | (i + 2); }                 /* 10.0.x.y */
static uint32_t external_host(uint32_t i) { return 0x22000000u + i * 193u + 7u; }           /* 34.x.y.z */

/* Ethernet (+ optional VLAN) + IPv4 header; returns the offset of the transport header. */
static int ipv4(uint32_t src, uint32_t dst, int proto, int ttl, int payload, int vlan) {
    int o = 12;
    memset(frame, 0x02, 12);
    if (vlan) { put16(frame + o, 0x8100); put16(frame + o + 2, 100 + vlan); o += 4; }
    put16(frame + o, 0x0800); o += 2;
    unsigned char *ip = frame + o;
    ip[0] = 0x45; ip[1] = 0; put16(ip + 2, 20 + payload); put16(ip + 4, below(65536)); put16(ip + 6, 0x4000);
    ip[8] = ttl; ip[9] = proto; put16(ip + 10, 0); put32(ip + 12, src); put32(ip + 16, dst);
    return o + 20;
}

static int ipv6(uint32_t src, uint32_t dst, int next_header, int hops, int payload) {
    memset(frame, 0x02, 12);
    put16(frame + 12, 0x86DD);
    unsigned char *ip = frame + 14;
    put32(ip, 0x60000000u); put16(ip + 4, payload); ip[6] = next_header; ip[7] = hops;
    memset(ip + 8, 0, 32);
    put32(ip + 8, 0xfd000000u); put32(ip + 20, src);      /* fd00::src */
    put32(ip + 24, 0x26000000u); put32(ip + 36, dst);     /* 2600::dst */
    return 54;
}

static void tcp(int o, int sport, int dport, int flags, int payload) {
    unsigned char *t = frame + o;
    put16(t, sport); put16(t + 2, dport); put32(t + 4, (uint32_t)next()); put32(t + 8, (uint32_t)next());
    t[12] = 0x50; t[13] = flags; put16(t + 14, 65535); put32(t + 16, 0);
    memset(t + 20, 'x', payload);
}

static void udp(int o, int sport, int dport, int payload) {
    unsigned char *u = frame + o;
    put16(u, sport); put16(u + 2, dport); put16(u + 4, 8 + payload); put16(u + 6, 0);
    memset(u + 8, 'u', payload);
}

static int dns_query(int o, const char *name) {
    unsigned char *d = frame + o;
    put16(d, below(65536)); put16(d + 2, 0x0100); put16(d + 4, 1); memset(d + 6, 0, 6);
    int n = 12;
    const char *label = name;
    while (*label) {
        const char *dot = strchr(label, '.');
        int length = dot ? (int)(dot - label) : (int)strlen(label);
        d[n++] = length; memcpy(d + n, label, length); n += length;
        label += length + (dot ? 1 : 0);
    }
    d[n++] = 0; put16(d + n, 1); put16(d + n + 2, 1);
    return n + 4;
}

static void icmp(int o, int type, int id, int seq, int payload) {
    unsigned char *c = frame + o;
    c[0] = type; c[1] = 0; put16(c + 2, 0); put16(c + 4, id); put16(c + 6, seq);
    for (int i = 0; i < payload; i++) c[8 + i] = 0x10 + i;
}

static void probe_burst(uint32_t prober, uint32_t target, long *written, long limit) {
    int kind = below(4);
    if (kind == 0) {                                   /* ping -c 4 with replies */
        for (int s = 1; s <= 4 && *written < limit; s++) {
            int o = ipv4(prober, target, 1, 64, 64, 0); icmp(o, 8, 4242, s, 56); emit(o + 64); (*written)++;
            if (*written < limit) { o = ipv4(target, prober, 1, 55, 64, 0); icmp(o, 0, 4242, s, 56); emit(o + 64); (*written)++; }
        }
    } else if (kind == 3) {                            /* HTTP GET to a lookup service */
        static const char get[] = "GET /ip HTTP/1.1\r\nHost: ifconfig.me\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n";
        int o = ipv4(prober, target, 6, 64, 20 + (int)sizeof get - 1, 0);
        tcp(o, 40000 + below(20000), 80, 0x18, 0);
        memcpy(frame + o + 20, get, sizeof get - 1);
        emit(o + 20 + (int)sizeof get - 1); (*written)++;
    } else {                                           /* traceroute, TTL 1..8, 3 probes each, TE replies */
        for (int ttl = 1; ttl <= 8 && *written < limit; ttl++) {
            for (int q = 0; q < 3 && *written < limit; q++) {
                int o;
                if (kind == 1) { o = ipv4(prober, target, 17, ttl, 40, 0); udp(o, 50000, 33434 + ttl * 3 + q, 32); emit(o + 40); }
                else { o = ipv4(prober, target, 6, ttl, 20, 0); tcp(o, 40000 + q, 443, 0x02, 0); emit(o + 20); }
                (*written)++;
                if (*written < limit) {
                    uint32_t router = ttl == 1 ? 0x0A0000FEu : 0xC6336400u + ttl;
                    unsigned char quote[28];
                    memcpy(quote, frame + 14, 28);
                    o = ipv4(router, prober, 1, 64, 36, 0);
                    frame[o] = 11; frame[o + 1] = 0; memset(frame + o + 2, 0, 6); memcpy(frame + o + 8, quote, 28);
                    emit(o + 36); (*written)++;
                }
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s OUTPUT [PACKETS] [SEED] [INTERNAL] [EXTERNAL]\n", argv[0]); return 2; }
    long packets = argc > 2 ? atol(argv[2]) : 10000000L;
    state = argc > 3 ? strtoull(argv[3], 0, 10) : 4242; if (!state) state = 1;
    uint32_t internal = argc > 4 ? (uint32_t)atol(argv[4]) : 5000, external = argc > 5 ? (uint32_t)atol(argv[5]) : 100000;
    out = fopen(argv[1], "wb");
    if (!out) { perror(argv[1]); return 1; }
    static char buffer[1 << 22];
    setvbuf(out, buffer, _IOFBF, sizeof buffer);
    uint32_t file_header[6] = {0xa1b2c3d4u, 0x00040002u, 0, 0, 262144, 1};
    fwrite(file_header, 4, 6, out);
    static const char *names[] = {"www.example.com", "cdn.example.net", "mail.example.org", "api.example.io", "static.example.com"};
    long written = 0;
    while (written < packets) {
        uint32_t inside = internal_host(below(internal)), outside = external_host(below(external));
        uint32_t roll = below(100000);
        if (roll < 100) { probe_burst(inside, outside, &written, packets); continue; }      /* ~0.1% of events */
        int outbound = below(2), o, size;
        uint32_t src = outbound ? inside : outside, dst = outbound ? outside : inside;
        if (roll < 10000) {                                                               /* IPv6 TCP */
            size = below(3) ? 20 : 20 + below(1200);
            o = ipv6(inside, outside, 6, 64, size); tcp(o, 443, 30000 + below(30000), 0x10, size - 20); emit(o + size);
        } else if (roll < 16000) {                                                        /* DNS */
            int n; o = ipv4(inside, 0x0A000001u, 17, 64, 0, 0);
            n = dns_query(o + 8, names[below(5)]); udp(o, 30000 + below(30000), 53, 0); n = dns_query(o + 8, names[below(5)]);
            put16(frame + o - 18, 28 + n); put16(frame + o + 4, 8 + n); emit(o + 8 + n);
        } else if (roll < 22000) {                                                        /* other UDP */
            size = 8 + 60 + below(1100);
            o = ipv4(src, dst, 17, 64 - below(8), size, roll < 17000 ? 1 + below(4) : 0); udp(o, 1024 + below(60000), 443, size - 8); emit(o + size);
        } else {                                                                          /* TCP */
            uint32_t s = below(100);
            size = s < 45 ? 20 : s < 80 ? 1460 + 20 : 20 + 80 + below(520);
            o = ipv4(src, dst, 6, 64 - below(8), size, s < 5 ? 1 + below(4) : 0);
            tcp(o, outbound ? 30000 + below(30000) : 443, outbound ? 443 : 30000 + below(30000), size > 20 ? 0x18 : 0x10, size - 20);
            emit(o + size);
        }
        written++;
    }
    fclose(out);
    return 0;
}
