import ProbeHoundCore

/// ICMPv6 (RFC 4443): echo (128/129) and the errors that quote a packet (1 unreachable, 2 too big,
/// 3 time exceeded, 4 parameter problem). Neighbor discovery is decoded as type/code only.
enum ICMPv6Decoder {
    static func decode(_ packet: Span<UInt8>, at offset: Int, end: Int, into observation: inout Observation) throws(DecodeError) {
        guard offset + 4 <= end else { throw .truncated }
        let type = packet[offset]
        observation.icmpType = type
        observation.icmpCode = packet[offset + 1]
        switch type {
        case 128, 129:
            guard offset + 8 <= end else { throw .truncated }
            observation.icmpID = try packet.bigEndian16(at: offset + 4)
            observation.icmpSequence = try packet.bigEndian16(at: offset + 6)
            observation.payloadLength = end - offset - 8
            observation.icmpPayload = ICMPPayloadClassifier.classify(packet, from: offset + 8, to: end)
        case 1, 2, 3, 4:
            observation.inner = ICMPQuote.parse(packet, at: offset + 8, end: end)
        default:
            break
        }
    }
}
