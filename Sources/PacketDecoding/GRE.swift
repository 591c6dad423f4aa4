import ProbeHoundCore

/// GRE (RFC 2784 with the RFC 2890 key and sequence fields; version 1 is PPTP's enhanced GRE,
/// RFC 2637) and what it carries: IPv4/IPv6, transparent Ethernet bridging (0x6558), ERSPAN type
/// I/II (0x88BE) and III (0x22EB), MPLS, or PPP (PPTP). Source routing (RFC 1701) is not followed.
/// Returns nil for payloads that are not IP (keepalives, unknown types): the packet carrying them
/// is then the observation.
enum GRE {
    static func payload(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> (next: NextLayer, kind: TunnelKind, identifier: UInt32?)? {
        let flags = try packet.bigEndian16(at: offset)
        let protocolType = try packet.bigEndian16(at: offset + 2)
        var position = offset + 4
        if flags & 0x0007 == 1 {
            // PPTP: payload length and call id, then sequence (S) and acknowledgment (A) numbers.
            let callID = try packet.bigEndian16(at: position + 2)
            position += 4 + (flags & 0x1000 != 0 ? 4 : 0) + (flags & 0x0080 != 0 ? 4 : 0)
            guard protocolType == 0x880B else { return nil }
            return (.ppp(at: position), .gre, UInt32(callID))
        }
        guard flags & 0x0007 == 0 else { throw .unsupportedEncapsulation }
        if flags & 0x4000 != 0 { throw .unsupportedEncapsulation }
        if flags & 0x8000 != 0 { position += 4 }
        var key: UInt32? = nil
        if flags & 0x2000 != 0 {
            key = try packet.bigEndian32(at: position)
            position += 4
        }
        let hasSequence = flags & 0x1000 != 0
        if hasSequence { position += 4 }
        switch protocolType {
        case 0x0800, 0x86DD: return (.ip(at: position), .gre, key)
        case 0x6558: return (.ethernet(at: position), .gre, key)
        case 0x8847, 0x8848: return (.mpls(at: position), .gre, key)
        case 0x88BE:
            // Type I has no header and no sequence number; type II an 8-byte header with the session id.
            guard hasSequence else { return (.ethernet(at: position), .erspanII, nil) }
            let session = try packet.bigEndian16(at: position + 2) & 0x03FF
            return (.ethernet(at: position + 8), .erspanII, UInt32(session))
        case 0x22EB:
            // Type III: a 12-byte header, then an 8-byte platform subheader when the O bit is set.
            let session = try packet.bigEndian16(at: position + 2) & 0x03FF
            let optional = try packet.byte(at: position + 11) & 0x01 != 0
            return (.ethernet(at: position + 12 + (optional ? 8 : 0)), .erspanIII, UInt32(session))
        default:
            return nil
        }
    }
}
