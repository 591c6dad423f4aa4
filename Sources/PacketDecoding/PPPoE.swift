import ProbeHoundCore

/// PPPoE (RFC 2516): the session stage (EtherType 0x8864) carries PPP after a 6-byte header
/// (version/type 0x11, code 0, session id, length); the discovery stage (0x8863) is link control.
enum PPPoE {
    static let discovery: UInt16 = 0x8863
    static let session: UInt16 = 0x8864

    static func session(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> (next: NextLayer, sessionID: UInt16) {
        guard try packet.byte(at: offset) == 0x11 else { throw .malformed }
        // A session packet with a non-zero code is a PADT or vendor control message.
        guard try packet.byte(at: offset + 1) == 0 else { throw .linkControl }
        return (.ppp(at: offset + 6), try packet.bigEndian16(at: offset + 2))
    }
}
