import ProbeHoundCore

/// Linux netfilter NFLOG (DLT_NFLOG): a 4-byte header then TLVs in host byte order; the packet is in
/// the NFULA_PAYLOAD TLV. This is what `tcpdump -i nflog:N` writes for `-j NFLOG` / nftables `log group N`.
struct NFLOGHeader {
    static let payloadType: UInt16 = 9

    let payload: LinkPayload
    /// The NFULA_PREFIX text (the rule's log prefix), if present.
    let prefix: ByteRange?

    init(parsing packet: Span<UInt8>, at offset: Int) throws(DecodeError) {
        let family = try packet.byte(at: offset)
        guard try packet.byte(at: offset + 1) == 0 else { throw .malformed }   // nflog version 0
        var position = offset + 4
        var found: LinkPayload? = nil
        var prefix: ByteRange? = nil
        while position + 4 <= packet.count {
            let length = Int(try packet.littleEndian16(at: position))
            let type = try packet.littleEndian16(at: position + 2) & 0x7FFF
            guard length >= 4 else { throw .malformed }
            let valueStart = position + 4
            if type == NFLOGHeader.payloadType {
                let etherType: UInt16 = switch family {
                case 2: LinkPayload.ipv4
                case 10: LinkPayload.ipv6
                default: LinkPayload.byVersion
                }
                found = LinkPayload(etherType: etherType, offset: valueStart)
                break
            }
            if type == 10 && length > 4 {
                // NUL-terminated prefix.
                prefix = ByteRange(start: valueStart, count: max(0, min(length - 5, packet.count - valueStart)))
            }
            position += (length + 3) & ~3
        }
        guard let found else {
            throw position > packet.count ? .truncated : .malformed
        }
        payload = found
        self.prefix = prefix
    }
}
