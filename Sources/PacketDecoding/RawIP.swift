/// Links whose packets start with the IP header (DLT_RAW, DLT_IPV4, DLT_IPV6): the version nibble decides.
struct RawIPHeader {
    let payload: LinkPayload

    init(parsing packet: Span<UInt8>, at offset: Int) throws(DecodeError) {
        switch try packet.byte(at: offset) >> 4 {
        case 4: payload = LinkPayload(etherType: LinkPayload.ipv4, offset: offset)
        case 6: payload = LinkPayload(etherType: LinkPayload.ipv6, offset: offset)
        default: throw .malformed
        }
    }
}
