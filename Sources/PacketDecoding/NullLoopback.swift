/// BSD loopback encapsulation: a 4-byte address family. DLT_NULL stores it in the capturing
/// host's byte order (so both orders are accepted), DLT_LOOP in network order.
struct NullLoopbackHeader {
    let payload: LinkPayload

    init(parsing packet: Span<UInt8>, at offset: Int, networkOrder: Bool) throws(DecodeError) {
        var family = networkOrder ? try packet.bigEndian32(at: offset) : try packet.littleEndian32(at: offset)
        if !networkOrder && family > 0xFFFF { family = family.byteSwapped }
        switch family {
        case 2: payload = LinkPayload(etherType: LinkPayload.ipv4, offset: offset + 4)
        // AF_INET6 differs by OS: Linux 10, OpenBSD/NetBSD 24, FreeBSD 28, macOS 30.
        case 10, 24, 28, 30: payload = LinkPayload(etherType: LinkPayload.ipv6, offset: offset + 4)
        default: throw .notIP
        }
    }
}
