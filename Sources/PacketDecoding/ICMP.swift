import ProbeHoundCore

/// ICMPv4 (RFC 792): echo id/seq and payload pattern; for errors, the quoted packet.
enum ICMPDecoder {
    static func decode(_ packet: Span<UInt8>, at offset: Int, end: Int, into observation: inout Observation) throws(DecodeError) {
        guard offset + 4 <= end else { throw .truncated }
        let type = packet[offset]
        observation.icmpType = type
        observation.icmpCode = packet[offset + 1]
        switch type {
        case 0, 8, 13, 14:   // echo reply/request, timestamp
            guard offset + 8 <= end else { throw .truncated }
            observation.icmpID = try packet.bigEndian16(at: offset + 4)
            observation.icmpSequence = try packet.bigEndian16(at: offset + 6)
            observation.payloadLength = end - offset - 8
            if type == 0 || type == 8 {
                observation.icmpPayload = ICMPPayloadClassifier.classify(packet, from: offset + 8, to: end)
            }
        case 3, 4, 5, 11, 12:   // unreachable, source quench, redirect, time exceeded, parameter problem
            observation.inner = ICMPQuote.parse(packet, at: offset + 8, end: end)
        default:
            break
        }
    }
}
