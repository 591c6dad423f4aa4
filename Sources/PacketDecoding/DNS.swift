import ProbeHoundCore

/// DNS message header and first question (RFC 1035 §4.1); the name is left in place as a range.
enum DNSDecoder {
    static func question(_ packet: Span<UInt8>, at offset: Int, end: Int) -> DNSQuestion? {
        guard offset + 12 <= end,
              let flags = try? packet.bigEndian16(at: offset + 2),
              let questions = try? packet.bigEndian16(at: offset + 4), questions >= 1,
              flags & 0x7800 == 0   // opcode 0: standard query
        else { return nil }
        // Walk the labels to find the name's end; a question name is never compressed in a query,
        // but responses may point back, which ends the name.
        var position = offset + 12
        var total = 0
        while true {
            guard position < end else { return nil }
            let length = Int(packet[position])
            if length == 0 { position += 1; break }
            if length & 0xC0 == 0xC0 { position += 2; break }
            guard length < 64 else { return nil }
            total += length + 1
            guard total <= 255 else { return nil }
            position += length + 1
        }
        guard let type = try? packet.bigEndian16(at: position), position + 4 <= end else { return nil }
        return DNSQuestion(nameOffset: offset + 12, messageOffset: offset, queryType: type, isResponse: flags & 0x8000 != 0)
    }
}
