import ProbeHoundCore

/// TCP (RFC 9293): ports, sequence numbers, flags; the payload is offered to the HTTP and TLS sniffers.
enum TCPDecoder {
    static func decode(_ packet: Span<UInt8>, at offset: Int, end: Int, into observation: inout Observation) throws(DecodeError) {
        guard offset + 4 <= end else { throw .truncated }
        observation.sourcePort = try packet.bigEndian16(at: offset)
        observation.destinationPort = try packet.bigEndian16(at: offset + 2)
        guard offset + 14 <= end else { throw .truncated }
        observation.tcpSequence = try packet.bigEndian32(at: offset + 4)
        observation.tcpAcknowledgment = try packet.bigEndian32(at: offset + 8)
        observation.tcpFlags = TCPFlags(rawValue: packet[offset + 13] & 0x3F)
        let headerLength = Int(packet[offset + 12] >> 4) * 4
        guard headerLength >= 20 else { throw .malformed }
        observation.tcpHeaderLength = UInt8(headerLength)
        if offset + 16 <= end { observation.tcpWindow = try packet.bigEndian16(at: offset + 14) }
        let payload = offset + headerLength
        guard payload <= end else { throw .truncated }
        observation.payloadLength = end - payload
        guard payload < end else { return }
        if let request = HTTPRequestParser.parse(packet, at: payload, end: end) {
            observation.http = request
        } else if packet[payload] == 0x16 {
            observation.tlsServerName = TLSClientHello.serverName(packet, at: payload, end: end)
        }
    }
}
