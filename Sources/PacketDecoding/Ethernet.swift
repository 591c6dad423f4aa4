/// Ethernet II header (DLT_EN10MB), followed by any 802.1Q/802.1ad tags.
struct EthernetHeader {
    let payload: LinkPayload

    init(parsing packet: Span<UInt8>, at offset: Int) throws(DecodeError) {
        let type = try packet.bigEndian16(at: offset + 12)
        if type <= 1500 {
            // 802.3 length field: LLC/SNAP frames (STP, CDP, ...) carry no IP we follow.
            throw .notIP
        }
        payload = try VLANTags.skip(in: packet, etherType: type, at: offset + 14)
    }
}
