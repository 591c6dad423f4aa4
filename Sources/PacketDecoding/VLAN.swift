/// 802.1Q, 802.1ad (QinQ) and legacy 0x9100 tags: each is 4 bytes, TCI then the inner EtherType.
enum VLANTags {
    static let maximumDepth = 8

    static func isTag(_ etherType: UInt16) -> Bool {
        etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100
    }

    /// Skips stacked tags starting at `offset` (just after the outer EtherType) and returns the inner payload.
    static func skip(in packet: Span<UInt8>, etherType: UInt16, at offset: Int) throws(DecodeError) -> LinkPayload {
        var type = etherType
        var position = offset
        var depth = 0
        while isTag(type) {
            depth += 1
            guard depth <= maximumDepth else { throw .malformed }
            type = try packet.bigEndian16(at: position + 2)
            position += 4
        }
        return LinkPayload(etherType: type, offset: position)
    }
}
