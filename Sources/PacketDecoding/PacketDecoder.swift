import ProbeHoundCore

/// The outcome of decoding one frame: an observation, or the reason there is none.
public enum DecodeResult: Sendable {
    case observation(Observation)
    case skipped(SkipReason)
}

/// Decodes captured frames of one link type into observations, reading the bytes in place.
///
/// Link header → encapsulations (VLAN tags, PPPoE, PPP, MPLS and pseudowires, 802.11) → IP → the
/// tunnels IP carries (IP-in-IP, GRE and ERSPAN, VXLAN, Geneve, Teredo, GTP-U) to the innermost
/// packet, which is the observation; its `tunnel` says what carried it. A tunnel whose payload is
/// not IP (keepalives, ARP in VXLAN) leaves the packet carrying it as the observation; one we cannot
/// read (GRE with source routing or an unknown version, an unknown PPP protocol inside) skips the frame as
/// `unsupported_encapsulation`, so the summary counts it. A frame cut
/// short inside the transport header still yields its IP fields (`isPartial`); one cut inside the
/// IP header is skipped as `truncated`. At most `maximumLayers` encapsulations are followed.
public struct PacketDecoder: Sendable {
    /// The capture's link type: where decoding starts.
    public let linkType: LinkType
    /// The UDP ports whose payload is decoded as a tunnel.
    public let tunnelPorts: TunnelPorts
    static let maximumLayers = 8

    /// A decoder for one input's link type.
    public init(linkType: LinkType, tunnelPorts: TunnelPorts = TunnelPorts()) {
        self.linkType = linkType
        self.tunnelPorts = tunnelPorts
    }

    /// Decodes a frame into a new observation, or says why it was skipped (the form tests and fuzzers use).
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
            let (first, end) = try linkLayer(packet, into: &observation)
            var layers = 0
            let ip: Int
            if case .etherType(let type, let offset) = first, type == LinkPayload.ipv4 || type == LinkPayload.ipv6 {
                // Nearly every frame: IP right behind the link header.
                ip = try PacketDecoder.ipHeader(packet, etherType: type, at: offset)
            } else {
                ip = try resolve(first, packet, layers: &layers, into: &observation)
            }
            try decodeIP(packet, at: ip, end: end, into: &observation, layers: layers)
            return nil
        } catch {
            switch error {
            case .truncated: return .truncated
            case .malformed: return .malformedIP
            case .notIP: return .notIP
            case .linkControl: return .linkControl
            case .encrypted: return .encrypted
            case .unsupportedEncapsulation: return .unsupportedEncapsulation
            case .tooDeep: return .encapsulationTooDeep
            }
        }
    }

    /// The first layer after the link header, and where the frame's payload ends.
    private func linkLayer(_ packet: Span<UInt8>, into observation: inout Observation) throws(DecodeError) -> (NextLayer, Int) {
        let link: LinkPayload
        switch linkType {
        case .ethernet: link = try EthernetHeader(parsing: packet, at: 0).payload
        case .linuxSLL: link = try LinuxSLLHeader(parsing: packet, at: 0).payload
        case .linuxSLL2: link = try LinuxSLL2Header(parsing: packet, at: 0).payload
        case .null: link = try NullLoopbackHeader(parsing: packet, at: 0, networkOrder: false).payload
        case .loop: link = try NullLoopbackHeader(parsing: packet, at: 0, networkOrder: true).payload
        case .raw: link = try RawIPHeader(parsing: packet, at: 0).payload
        case .ipv4: link = LinkPayload(etherType: LinkPayload.ipv4, offset: 0)
        case .ipv6: link = LinkPayload(etherType: LinkPayload.ipv6, offset: 0)
        case .nflog: link = try NFLOGHeader(parsing: packet, at: 0).payload
        case .pflog: link = try PFLOGHeader(parsing: packet, at: 0).payload
        case .ppp: return (try PPP.link(packet), packet.count)
        case .ciscoHDLC: return (try CiscoHDLC.link(packet), packet.count)
        case .ieee80211: return (try IEEE80211.payload(packet, at: 0), packet.count)
        case .radiotap: return try Radiotap.link(packet)
        case .unsupported: throw .notIP
        }
        observation.action = link.action
        let next: NextLayer = link.etherType == LinkPayload.byVersion ? .ip(at: link.offset) : .etherType(link.etherType, at: link.offset)
        return (next, packet.count)
    }

    /// Where the IP header behind an IPv4 or IPv6 EtherType starts: the link header and the IP header
    /// must agree on the version, or the frame is malformed.
    @inline(__always)
    private static func ipHeader(_ packet: Span<UInt8>, etherType type: UInt16, at offset: Int) throws(DecodeError) -> Int {
        guard try packet.byte(at: offset) >> 4 == (type == LinkPayload.ipv4 ? 4 : 6) else { throw .malformed }
        return offset
    }

    /// Follows link-level encapsulations until an IP header; returns where it starts.
    private func resolve(_ start: NextLayer, _ packet: Span<UInt8>, layers: inout Int,
                         into observation: inout Observation) throws(DecodeError) -> Int {
        var layer = start
        var steps = 0
        while true {
            steps += 1
            guard steps <= 4 * PacketDecoder.maximumLayers, layers <= PacketDecoder.maximumLayers else { throw .tooDeep }
            switch layer {
            case .ip(let offset):
                return offset
            case .etherType(let type, let offset):
                switch type {
                case LinkPayload.ipv4, LinkPayload.ipv6:
                    return try PacketDecoder.ipHeader(packet, etherType: type, at: offset)
                case _ where VLANTags.isTag(type):
                    let inner = try VLANTags.skip(in: packet, etherType: type, at: offset)
                    layer = .etherType(inner.etherType, at: inner.offset)
                case PPPoE.session:
                    let (next, session) = try PPPoE.session(packet, at: offset)
                    observation.tunnel = Tunnel(kind: .pppoe, identifier: UInt32(session))
                    layers += 1
                    layer = next
                case PPPoE.discovery:
                    throw .linkControl
                case MPLS.unicast, MPLS.multicast:
                    layer = .mpls(at: offset)
                default:
                    throw .notIP
                }
            case .ethernet(let offset):
                let link = try EthernetHeader(parsing: packet, at: offset).payload
                layer = .etherType(link.etherType, at: link.offset)
            case .ppp(let offset):
                layer = try PPP.payload(packet, at: offset)
            case .mpls(let offset):
                let (next, label) = try MPLS.payload(packet, at: offset)
                observation.tunnel = Tunnel(kind: .mpls, identifier: label)
                layers += 1
                layer = next
            }
        }
    }

    private func decodeIP(_ packet: Span<UInt8>, at offset: Int, end: Int, into observation: inout Observation,
                          layers: Int) throws(DecodeError) {
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
            default: break
            }
        } catch {
            // The IP header is good; a cut or broken transport header keeps what was read.
            observation.isPartial = true
            return
        }
        // A tunnel: its inner packet, when it has one, replaces the one carrying it.
        let carried: (next: NextLayer, kind: TunnelKind, identifier: UInt32?)?
        do throws(DecodeError) {
            switch observation.ipProtocol {
            case IPProtocolNumber.ipv4InIP, IPProtocolNumber.ipv6InIP:
                carried = (.ip(at: transportOffset), .ipInIP, nil)
            case IPProtocolNumber.gre:
                carried = try GRE.payload(packet, at: transportOffset)
            case IPProtocolNumber.udp:
                guard let sourcePort = observation.sourcePort, let destinationPort = observation.destinationPort,
                      let kind = tunnelPorts.udpTunnel(sourcePort: sourcePort, destinationPort: destinationPort) else { return }
                carried = try UDPTunnels.payload(packet, at: transportOffset + 8, kind: kind)
            default:
                carried = nil
            }
        } catch where !error.endsFrame {
            return
        }
        guard let carried else { return }
        guard layers < PacketDecoder.maximumLayers else { throw .tooDeep }
        var inner = Observation()
        inner.timestamp = observation.timestamp
        inner.origin = observation.origin
        inner.action = observation.action
        inner.tunnel = Tunnel(kind: carried.kind, outerSource: observation.source, outerDestination: observation.destination,
                              identifier: carried.identifier)
        do throws(DecodeError) {
            var innerLayers = layers + 1
            let ip = try resolve(carried.next, packet, layers: &innerLayers, into: &inner)
            try decodeIP(packet, at: ip, end: transportEnd, into: &inner, layers: innerLayers)
            observation = inner
        } catch where error.endsFrame {
            throw error
        } catch {
            // A cut or broken inner packet leaves the outer packet as it was.
        }
    }
}
