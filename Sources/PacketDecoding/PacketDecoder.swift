import ProbeHoundCore

/// The outcome of decoding one frame: an observation, or the reason there is none.
public enum DecodeResult: Sendable {
    case observation(Observation)
    case skipped(SkipReason)
}

/// Decodes captured frames of one link type into observations, reading the bytes in place.
///
/// Link header → IP (IPv4/IPv6, following IP-in-IP and 6in4 tunnels to the innermost packet) →
/// transport. A frame cut short inside the transport header still yields its IP fields
/// (`isPartial`); one cut inside the IP header is skipped as `truncated`.
public struct PacketDecoder: Sendable {
    public let linkType: LinkType
    static let maximumTunnelDepth = 3

    public init(linkType: LinkType) {
        self.linkType = linkType
    }

    public func decode(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin) -> DecodeResult {
        var observation = Observation()
        observation.timestamp = timestamp
        observation.origin = origin
        if let reason = decode(packet, into: &observation) { return .skipped(reason) }
        return .observation(observation)
    }

    /// Decodes into a fresh `observation` (timestamp and origin already set) in place, the form the
    /// packet loop uses to avoid copying the result; returns why there is no observation, or nil.
    public func decode(_ packet: Span<UInt8>, into observation: inout Observation) -> SkipReason? {
        do throws(DecodeError) {
            let link = try linkPayload(packet)
            observation.action = link.action
            switch link.etherType {
            case LinkPayload.ipv4, LinkPayload.ipv6, LinkPayload.byVersion:
                let version = try packet.byte(at: link.offset) >> 4
                // The link header and the IP header must agree on the version.
                if link.etherType == LinkPayload.ipv4 && version != 4 || link.etherType == LinkPayload.ipv6 && version != 6 {
                    return .malformedIP
                }
                try decodeIP(packet, at: link.offset, end: packet.count, into: &observation, depth: 0)
            default:
                return .notIP
            }
            return nil
        } catch {
            switch error {
            case .truncated: return .truncated
            case .malformed: return .malformedIP
            case .notIP: return .notIP
            }
        }
    }

    private func linkPayload(_ packet: Span<UInt8>) throws(DecodeError) -> LinkPayload {
        switch linkType {
        case .ethernet: return try EthernetHeader(parsing: packet, at: 0).payload
        case .linuxSLL: return try LinuxSLLHeader(parsing: packet, at: 0).payload
        case .linuxSLL2: return try LinuxSLL2Header(parsing: packet, at: 0).payload
        case .null: return try NullLoopbackHeader(parsing: packet, at: 0, networkOrder: false).payload
        case .loop: return try NullLoopbackHeader(parsing: packet, at: 0, networkOrder: true).payload
        case .raw: return try RawIPHeader(parsing: packet, at: 0).payload
        case .ipv4: return LinkPayload(etherType: LinkPayload.ipv4, offset: 0)
        case .ipv6: return LinkPayload(etherType: LinkPayload.ipv6, offset: 0)
        case .nflog: return try NFLOGHeader(parsing: packet, at: 0).payload
        case .pflog: return try PFLOGHeader(parsing: packet, at: 0).payload
        case .unsupported: throw .notIP
        }
    }

    private func decodeIP(_ packet: Span<UInt8>, at offset: Int, end: Int, into observation: inout Observation, depth: Int) throws(DecodeError) {
        let version = try packet.byte(at: offset) >> 4
        let transportOffset: Int
        let transportEnd: Int
        let transportAvailable: Bool
        if version == 4 {
            let header = try IPv4Header(parsing: packet, at: offset)
            observation.source = header.source
            observation.destination = header.destination
            observation.ttl = header.ttl
            observation.ipID = UInt32(header.identification)
            observation.ipProtocol = header.ipProtocol
            observation.length = header.totalLength
            transportOffset = header.payloadOffset
            transportEnd = min(header.payloadEnd, end)
            transportAvailable = !header.isLaterFragment
            observation.isLaterFragment = header.isLaterFragment
        } else if version == 6 {
            let header = try IPv6Header(parsing: packet, at: offset)
            observation.source = header.source
            observation.destination = header.destination
            observation.ttl = header.hopLimit
            observation.ipID = header.fragmentIdentification
            observation.ipProtocol = header.ipProtocol
            observation.length = header.payloadLength + 40
            transportOffset = header.payloadOffset
            transportEnd = min(header.payloadEnd, end)
            transportAvailable = !header.isLaterFragment && !header.transportUnavailable
            observation.isLaterFragment = header.isLaterFragment
            if header.transportUnavailable { observation.isPartial = true }
        } else {
            throw .malformed
        }
        guard transportAvailable else { return }
        do throws(DecodeError) {
            switch observation.ipProtocol {
            case IPProtocolNumber.icmp: try ICMPDecoder.decode(packet, at: transportOffset, end: transportEnd, into: &observation)
            case IPProtocolNumber.icmpv6: try ICMPv6Decoder.decode(packet, at: transportOffset, end: transportEnd, into: &observation)
            case IPProtocolNumber.udp: try UDPDecoder.decode(packet, at: transportOffset, end: transportEnd, into: &observation)
            case IPProtocolNumber.tcp: try TCPDecoder.decode(packet, at: transportOffset, end: transportEnd, into: &observation)
            case IPProtocolNumber.ipv4InIP, IPProtocolNumber.ipv6InIP:
                guard depth < PacketDecoder.maximumTunnelDepth else { return }
                var inner = observation
                inner.ttl = nil
                inner.ipID = nil
                if (try? decodeIP(packet, at: transportOffset, end: transportEnd, into: &inner, depth: depth + 1)) != nil {
                    observation = inner
                }
            default:
                break
            }
        } catch {
            // The IP header is good; a cut or broken transport header keeps what was read.
            observation.isPartial = true
        }
    }
}
