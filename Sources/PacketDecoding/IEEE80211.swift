import ProbeHoundCore

/// IEEE 802.11 (DLT_IEEE802_11, 105): unprotected data frames carry LLC/SNAP and an EtherType after
/// a 24-byte header (30 with four addresses, +2 for QoS, +4 for HT control). Protected frames are
/// counted as encrypted; management, control and null-data frames carry no IP.
enum IEEE80211 {
    static func payload(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> NextLayer {
        let control = try packet.byte(at: offset), flags = try packet.byte(at: offset + 1)
        guard (control >> 2) & 0x03 == 2 else { throw .notIP }
        let subtype = control >> 4
        if subtype & 0x04 != 0 { throw .notIP }
        if flags & 0x40 != 0 { throw .encrypted }
        var header = flags & 0x03 == 0x03 ? 30 : 24
        if subtype & 0x08 != 0 {
            header += 2
            if flags & 0x80 != 0 { header += 4 }
        }
        let llc = offset + header
        guard try packet.bigEndian16(at: llc) == 0xAAAA, try packet.byte(at: llc + 2) == 0x03 else { throw .notIP }
        return .etherType(try packet.bigEndian16(at: llc + 6), at: llc + 8)
    }
}
