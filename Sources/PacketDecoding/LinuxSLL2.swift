/// Linux "cooked" capture header v2 (DLT_LINUX_SLL2, 20 bytes): protocol first, then interface index.
struct LinuxSLL2Header {
    let payload: LinkPayload

    init(parsing packet: Span<UInt8>, at offset: Int) throws(DecodeError) {
        let protocolType = try packet.bigEndian16(at: offset)
        guard packet.count >= offset + 20 else { throw .truncated }
        payload = try VLANTags.skip(in: packet, etherType: protocolType, at: offset + 20)
    }
}
