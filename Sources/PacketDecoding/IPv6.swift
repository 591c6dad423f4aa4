import ProbeHoundCore

/// IPv6 header (RFC 8200) with its extension-header chain walked to the transport header.
struct IPv6Header {
    static let maximumExtensionHeaders = 16

    let source: IPAddress
    let destination: IPAddress
    let hopLimit: UInt8
    /// The transport protocol after the extension headers (or the last next-header value seen).
    let ipProtocol: UInt8
    let payloadLength: Int
    let payloadOffset: Int
    let payloadEnd: Int
    let fragmentIdentification: UInt32?
    let isLaterFragment: Bool
    /// The chain ended early (truncated capture or too many headers): no transport header to read.
    let transportUnavailable: Bool

    init(parsing packet: Span<UInt8>, at offset: Int) throws(DecodeError) {
        guard try packet.byte(at: offset) >> 4 == 6 else { throw .malformed }
        guard offset + 40 <= packet.count else { throw .truncated }
        var length = Int(try packet.bigEndian16(at: offset + 4))
        if length == 0 { length = packet.count - offset - 40 }   // jumbogram or offloaded segment
        payloadLength = length
        hopLimit = try packet.byte(at: offset + 7)
        source = IPAddress(v6High: try packet.bigEndian64(at: offset + 8), low: try packet.bigEndian64(at: offset + 16))
        destination = IPAddress(v6High: try packet.bigEndian64(at: offset + 24), low: try packet.bigEndian64(at: offset + 32))
        payloadEnd = min(packet.count, offset + 40 + length)

        var next = try packet.byte(at: offset + 6)
        var position = offset + 40
        var fragmentID: UInt32? = nil
        var laterFragment = false
        var unavailable = false
        var walked = 0
        walk: while true {
            switch next {
            case 0, 43, 60, 135, 139, 140:   // hop-by-hop, routing, destination options, mobility, HIP, shim6
                guard position + 2 <= payloadEnd else { unavailable = true; break walk }
                let headerLength = (Int(packet[position + 1]) + 1) * 8
                next = packet[position]
                position += headerLength
            case 44:   // fragment
                guard position + 8 <= payloadEnd else { unavailable = true; break walk }
                next = packet[position]
                let offsetAndFlags = try packet.bigEndian16(at: position + 2)
                fragmentID = try packet.bigEndian32(at: position + 4)
                position += 8
                if offsetAndFlags & 0xFFF8 != 0 { laterFragment = true; break walk }
            case 51:   // authentication header, length in 4-byte units minus 2
                guard position + 2 <= payloadEnd else { unavailable = true; break walk }
                let headerLength = (Int(packet[position + 1]) + 2) * 4
                next = packet[position]
                position += headerLength
            default:
                break walk
            }
            walked += 1
            if walked > IPv6Header.maximumExtensionHeaders || position > payloadEnd {
                unavailable = true
                break walk
            }
        }
        ipProtocol = next
        payloadOffset = position
        fragmentIdentification = fragmentID
        isLaterFragment = laterFragment
        transportUnavailable = unavailable
    }
}
