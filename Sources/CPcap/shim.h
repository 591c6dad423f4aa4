#include <pcap/pcap.h>
#ifdef __linux__
// PACKET_FANOUT and its modes, for capture workers sharing one interface.
#include <sys/socket.h>
#include <linux/if_packet.h>
#endif
