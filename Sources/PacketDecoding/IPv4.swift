import ProbeHoundCore

/// IPv4 header (RFC 791): options skipped by IHL; a non-first fragment has no transport header.
struct IPv4Header {
    let source: IPAddress
    let destination: IPAddress
    let ttl: UInt8
    let identification: UInt16
    let ipProtocol: UInt8
    let totalLength: Int
    let headerLength: Int
    /// Offset of the transport header.
    let payloadOffset: Int
    /// End of this datagram's bytes within the capture (trailing link padding excluded).
    let payloadEnd: Int
    let isLaterFragment: Bool

    init(parsing packet: Span<UInt8>, at offset: Int) throws(DecodeError) {
        let versionAndLength = try packet.byte(at: offset)
        guard versionAndLength >> 4 == 4 else { throw .malformed }
        headerLength = Int(versionAndLength & 0x0F) * 4
        guard headerLength >= 20 else { throw .malformed }
        guard offset + 20 <= packet.count else { throw .truncated }
        var length = Int(try packet.bigEndian16(at: offset + 2))
        // A zero total length appears in captures of TSO-offloaded segments; trust the capture then.
        if length == 0 { length = packet.count - offset }
        guard length >= headerLength else { throw .malformed }
        totalLength = length
        identification = try packet.bigEndian16(at: offset + 4)
        let fragment = try packet.bigEndian16(at: offset + 6)
        isLaterFragment = fragment & 0x1FFF != 0
        ttl = try packet.byte(at: offset + 8)
        ipProtocol = try packet.byte(at: offset + 9)
        source = IPAddress(v4: try packet.bigEndian32(at: offset + 12))
        destination = IPAddress(v4: try packet.bigEndian32(at: offset + 16))
        payloadOffset = offset + headerLength
        payloadEnd = min(packet.count, offset + length)
    }
}
