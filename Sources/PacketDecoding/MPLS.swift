import ProbeHoundCore

/// An MPLS label stack (RFC 3032): 4-byte entries until the bottom-of-stack bit. Below it, as
/// Wireshark and Zeek decide: a first nibble of 4 or 6 is IP; 0 is a pseudowire control word
/// (RFC 4385) before an Ethernet frame; anything else an Ethernet pseudowire without one (RFC 4448).
enum MPLS {
    static let unicast: UInt16 = 0x8847
    static let multicast: UInt16 = 0x8848
    static let maximumLabels = 8

    static func payload(_ packet: Span<UInt8>, at offset: Int) throws(DecodeError) -> (next: NextLayer, bottomLabel: UInt32) {
        var position = offset
        var labels = 0
        while true {
            let entry = try packet.bigEndian32(at: position)
            position += 4
            labels += 1
            if entry & 0x100 != 0 {
                let label = entry >> 12
                switch try packet.byte(at: position) >> 4 {
                case 4, 6: return (.ip(at: position), label)
                case 0: return (.ethernet(at: position + 4), label)
                default: return (.ethernet(at: position), label)
                }
            }
            guard labels < maximumLabels else { throw .tooDeep }
        }
    }
}
