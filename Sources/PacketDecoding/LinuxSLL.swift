/// Linux "cooked" capture header v1 (DLT_LINUX_SLL, 16 bytes), as `tcpdump -i any` writes it.
struct LinuxSLLHeader {
    let payload: LinkPayload

    init(parsing packet: Span<UInt8>, at offset: Int) throws(DecodeError) {
        let protocolType = try packet.bigEndian16(at: offset + 14)
        payload = try VLANTags.skip(in: packet, etherType: protocolType, at: offset + 16)
    }
}
