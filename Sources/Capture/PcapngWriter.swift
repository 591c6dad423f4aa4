public import ProbeHoundCore

/// Encodes pcapng (the format Wireshark opens): a section header, an interface description per
/// link type (nanosecond timestamps), and enhanced packet blocks with an `opt_comment`, so an
/// analyst opens exactly the frames a report cites with the reason beside each. Little-endian.
public struct PcapngWriter {
    private var interfaces: [Int32: UInt32] = [:]
    /// Blocks not yet written out.
    public private(set) var pending: [UInt8] = []

    /// A writer with its section header pending (`take()` hands it over first).
    public init() {
        // Section header: byte-order magic, version 1.0, section length unknown (-1).
        block(type: 0x0A0D_0D0A, body: le32(0x1A2B_3C4D) + le16(1) + le16(0) + [UInt8](repeating: 0xFF, count: 8))
    }

    /// Appends one packet; `comment` is shown by Wireshark in the packet's details.
    public mutating func append(_ packet: Span<UInt8>, timestamp: Timestamp, dlt: Int32, comment: String) {
        let interface = interfaceID(for: dlt)
        let nanoseconds = UInt64(bitPattern: timestamp.seconds) &* 1_000_000_000 &+ UInt64(timestamp.nanoseconds)
        var body = le32(interface) + le32(UInt32(truncatingIfNeeded: nanoseconds >> 32)) + le32(UInt32(truncatingIfNeeded: nanoseconds))
            + le32(UInt32(packet.count)) + le32(UInt32(packet.count))
        body.reserveCapacity(body.count + packet.count + comment.utf8.count + 16)
        body.append(copying: packet)
        pad(&body)
        body += option(1, Array(TerminalText.escape(comment).utf8)) + option(0, [])
        block(type: 6, body: body)
    }

    /// Hands over what is encoded so far (the caller writes it out).
    public mutating func take() -> [UInt8] {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    private mutating func interfaceID(for dlt: Int32) -> UInt32 {
        if let id = interfaces[dlt] { return id }
        let id = UInt32(interfaces.count)
        interfaces[dlt] = id
        // Link type, reserved, snap length 0 (unlimited); if_tsresol 9: nanoseconds.
        block(type: 1, body: le16(UInt16(truncatingIfNeeded: dlt)) + le16(0) + le32(0) + option(9, [9]) + option(0, []))
        return id
    }

    private mutating func block(type: UInt32, body: [UInt8]) {
        let length = UInt32(12 + body.count)
        pending += le32(type) + le32(length) + body + le32(length)
    }

    private func option(_ code: UInt16, _ value: [UInt8]) -> [UInt8] {
        var out = le16(code) + le16(UInt16(clamping: value.count)) + value.prefix(Int(UInt16.max))
        pad(&out)
        return out
    }

    private func pad(_ bytes: inout [UInt8]) {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)] }
}
