import ProbeHoundCore

/// PPP (RFC 1661): a 1- or 2-byte protocol field (an odd first byte is a compressed 1-byte field,
/// RFC 1661 §6.5), then IPv4 (0x21), IPv6 (0x57) or MPLS (0x281/0x283). Network and link control
/// protocols (0x8000 and up: IPCP, LCP, PAP, CHAP, ...) are link control; other payloads
/// (Van Jacobson-compressed TCP, IPX, ...) are an encapsulation this decoder does not follow.
enum PPP {
    static func payload(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> NextLayer {
        let first = try packet.byte(at: offset)
        let protocolNumber: UInt16
        let next: Int
        if first & 1 == 1 {
            protocolNumber = UInt16(first)
            next = offset + 1
        } else {
            protocolNumber = try packet.bigEndian16(at: offset)
            next = offset + 2
        }
        switch protocolNumber {
        case 0x0021, 0x0057: return .ip(at: next)
        case 0x0281, 0x0283: return .mpls(at: next)
        case 0x8000...: throw .linkControl
        default: throw .unsupportedEncapsulation
        }
    }

    /// DLT_PPP (9) and DLT_PPP_SERIAL (50): HDLC address and control bytes (ff 03) may precede the protocol field.
    static func link(_ packet: Span<UInt8>) throws(DecodeError) -> NextLayer {
        if try packet.byte(at: 0) == 0xFF, try packet.byte(at: 1) == 0x03 { return try payload(packet, at: 2) }
        return try payload(packet, at: 0)
    }
}
