/* The floor any libpcap reader pays: pcap_next_ex over every record with a no-op body. */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv) {
    char error[PCAP_ERRBUF_SIZE];
    pcap_t *handle = argc > 1 ? pcap_open_offline(argv[1], error) : NULL;
    if (!handle) { fprintf(stderr, "%s\n", argc > 1 ? error : "usage: pcap-noop FILE"); return 2; }
    struct pcap_pkthdr *header;
    const u_char *data;
    unsigned long packets = 0, bytes = 0;
    while (pcap_next_ex(handle, &header, &data) == 1) { packets++; bytes += header->caplen; }
    printf("%lu packets %lu bytes\n", packets, bytes);
    pcap_close(handle);
    return 0;
}
