import ProbeHoundCore

/// Cisco HDLC (DLT_C_HDLC, 104): address 0x0f (unicast) or 0x8f (broadcast), control 0, then an
/// EtherType. SLARP (0x8035) keepalives and CDP (0x2000) are link control.
enum CiscoHDLC {
    static func link(_ packet: Span<UInt8>) throws(DecodeError) -> NextLayer {
        let address = try packet.byte(at: 0)
        guard address == 0x0F || address == 0x8F else { throw .malformed }
        let type = try packet.bigEndian16(at: 2)
        if type == 0x8035 || type == 0x2000 { throw .linkControl }
        return .etherType(type, at: 4)
    }
}
