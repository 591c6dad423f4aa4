import ProbeHoundCore

/// UDP (RFC 768): ports, then DNS when either port is 53.
enum UDPDecoder {
    static func decode(_ packet: Span<UInt8>, at offset: Int, end: Int, into observation: inout Observation) throws(DecodeError) {
        guard offset + 8 <= end else { throw .truncated }
        let sourcePort = try packet.bigEndian16(at: offset)
        let destinationPort = try packet.bigEndian16(at: offset + 2)
        observation.sourcePort = sourcePort
        observation.destinationPort = destinationPort
        observation.payloadLength = end - offset - 8
        if sourcePort == 53 || destinationPort == 53 {
            observation.dns = DNSDecoder.question(packet, at: offset + 8, end: end)
        }
    }
}
