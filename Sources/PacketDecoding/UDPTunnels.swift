import ProbeHoundCore

/// Tunnels carried in UDP. Each returns nil when the payload is not a tunnel packet carrying a
/// frame or IP (VXLAN-GPE, Geneve with another protocol, Teredo without IPv6, a GTP signalling
/// message): the UDP packet itself is then the observation.
enum UDPTunnels {
    static func payload(_ packet: Span<UInt8>, at offset: Int,
                        kind: TunnelKind) throws(DecodeError) -> (next: NextLayer, kind: TunnelKind, identifier: UInt32?)? {
        switch kind {
        case .vxlan: try vxlan(packet, at: offset)
        case .geneve: try geneve(packet, at: offset)
        case .gtpU: try gtpU(packet, at: offset)
        case .teredo: try teredo(packet, at: offset)
        case .l2tp: try l2tp(packet, at: offset)
        case .pppoe, .mpls, .gre, .erspanII, .erspanIII, .ipInIP: nil
        }
    }

    /// L2TPv2 data messages: flags (length, sequence, offset fields optional), tunnel and session
    /// ids, then PPP, with or without the HDLC address and control bytes. Control messages carry no IP.
    static func l2tp(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> (NextLayer, TunnelKind, UInt32?)? {
        let flags = try packet.bigEndian16(at: offset)
        guard flags & 0x000F == 2, flags & 0x8000 == 0 else { return nil }
        var position = offset + 2
        if flags & 0x4000 != 0 { position += 2 }
        let session = try packet.bigEndian16(at: position + 2)
        position += 4
        if flags & 0x0800 != 0 { position += 4 }
        if flags & 0x0200 != 0 { position += 2 + Int(try packet.bigEndian16(at: position)) }
        if try packet.byte(at: position) == 0xFF, try packet.byte(at: position + 1) == 0x03 { position += 2 }
        return (.ppp(at: position), .l2tp, UInt32(session))
    }

    /// VXLAN: flags with the I bit, 24-bit VNI, then an Ethernet frame.
    static func vxlan(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> (NextLayer, TunnelKind, UInt32?)? {
        guard try packet.byte(at: offset) & 0x08 != 0 else { return nil }
        let vni = try packet.bigEndian32(at: offset + 4) >> 8
        return (.ethernet(at: offset + 8), .vxlan, vni)
    }

    /// Geneve: version 0, option length in 4-byte words, protocol type, 24-bit VNI; options skipped.
    static func geneve(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> (NextLayer, TunnelKind, UInt32?)? {
        let first = try packet.byte(at: offset)
        guard first >> 6 == 0 else { return nil }
        let payload = offset + 8 + Int(first & 0x3F) * 4
        let vni = try packet.bigEndian32(at: offset + 4) >> 8
        switch try packet.bigEndian16(at: offset + 2) {
        case 0x6558: return (.ethernet(at: payload), .geneve, vni)
        case 0x0800, 0x86DD: return (.ip(at: payload), .geneve, vni)
        default: return nil
        }
    }

    /// GTPv1-U T-PDU: 8-byte header, the optional sequence/N-PDU/next-extension word, extension headers, then IP.
    static func gtpU(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> (NextLayer, TunnelKind, UInt32?)? {
        let flags = try packet.byte(at: offset)
        guard flags >> 5 == 1, flags & 0x10 != 0, try packet.byte(at: offset + 1) == 0xFF else { return nil }
        let teid = try packet.bigEndian32(at: offset + 4)
        var position = offset + 8
        if flags & 0x07 != 0 {
            var nextType = try packet.byte(at: position + 3)
            position += 4
            var extensions = 0
            while flags & 0x04 != 0 && nextType != 0 {
                let length = Int(try packet.byte(at: position)) * 4
                guard length > 0 else { throw .malformed }
                extensions += 1
                guard extensions <= 8 else { throw .tooDeep }
                nextType = try packet.byte(at: position + length - 1)
                position += length
            }
        }
        let version = try packet.byte(at: position) >> 4
        guard version == 4 || version == 6 else { return nil }
        return (.ip(at: position), .gtpU, teid)
    }

    /// Teredo: an optional authentication header (0x0001) and origin indication (0x0000), then IPv6.
    static func teredo(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> (NextLayer, TunnelKind, UInt32?)? {
        var position = offset
        if try packet.bigEndian16(at: position) == 0x0001 {
            let idLength = Int(try packet.byte(at: position + 2)), authLength = Int(try packet.byte(at: position + 3))
            position += 4 + idLength + authLength + 9
        }
        if try packet.bigEndian16(at: position) == 0x0000 { position += 8 }
        guard try packet.byte(at: position) >> 4 == 6 else { return nil }
        return (.ip(at: position), .teredo, nil)
    }
}
