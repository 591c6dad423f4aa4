import ProbeHoundCore

/// The packet an ICMP error quotes: its IP header and (at least) the first 8 bytes of its transport header.
/// Routers quote as little as they must, so everything past the IP header is optional.
enum ICMPQuote {
    static func parse(_ packet: Span<UInt8>, at offset: Int, end: Int) -> QuotedPacket? {
        guard offset < end, let version = try? packet.byte(at: offset) else { return nil }
        var quoted: QuotedPacket
        var transport: Int
        var transportEnd = end
        if version >> 4 == 4 {
            guard let header = try? IPv4Header(parsing: packet, at: offset), header.payloadOffset <= end else { return nil }
            quoted = QuotedPacket(source: header.source, destination: header.destination, ipProtocol: header.ipProtocol, ttl: header.ttl)
            quoted.ipID = UInt32(header.identification)
            if header.isLaterFragment { return quoted }
            transport = header.payloadOffset
        } else if version >> 4 == 6 {
            guard let header = try? IPv6Header(parsing: packet, at: offset) else { return nil }
            quoted = QuotedPacket(source: header.source, destination: header.destination, ipProtocol: header.ipProtocol, ttl: header.hopLimit)
            quoted.ipID = header.fragmentIdentification
            if header.isLaterFragment || header.transportUnavailable { return quoted }
            transport = header.payloadOffset
            transportEnd = min(end, packet.count)
        } else {
            return nil
        }
        guard transport + 8 <= transportEnd else { return quoted }
        switch quoted.ipProtocol {
        case IPProtocolNumber.udp, IPProtocolNumber.tcp:
            quoted.sourcePort = try? packet.bigEndian16(at: transport)
            quoted.destinationPort = try? packet.bigEndian16(at: transport + 2)
            if quoted.ipProtocol == IPProtocolNumber.tcp { quoted.tcpSequence = try? packet.bigEndian32(at: transport + 4) }
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6:
            quoted.icmpType = try? packet.byte(at: transport)
            quoted.icmpID = try? packet.bigEndian16(at: transport + 4)
            quoted.icmpSequence = try? packet.bigEndian16(at: transport + 6)
        default:
            break
        }
        return quoted
    }
}
