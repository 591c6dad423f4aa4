import ProbeHoundCore

/// Radiotap (DLT_IEEE802_11_RADIO, 127): a little-endian header of its own length before an 802.11
/// frame. When its Flags field says the frame ends with an FCS, those 4 bytes are not payload.
enum Radiotap {
    static func link(_ packet: Span<UInt8>) throws(DecodeError) -> (next: NextLayer, end: Int) {
        guard try packet.byte(at: 0) == 0 else { throw .malformed }
        let length = Int(try packet.littleEndian16(at: 2))
        guard length >= 8, length <= packet.count else { throw .malformed }
        let present = try packet.littleEndian32(at: 4)
        var fields = 8
        var word = present
        var words = 1
        while word & 0x8000_0000 != 0 {
            word = try packet.littleEndian32(at: fields)
            fields += 4
            words += 1
            guard words <= 8 else { throw .malformed }
        }
        var end = packet.count
        if present & 0x02 != 0 {
            // Flags (bit 1) follows TSFT (bit 0, 8 bytes aligned to 8) when that is present.
            var flagsAt = fields
            if present & 0x01 != 0 { flagsAt = (flagsAt + 7) & ~7 + 8 }
            if try packet.byte(at: flagsAt) & 0x10 != 0 { end -= 4 }
        }
        return (try IEEE80211.payload(packet, at: length), end)
    }
}
