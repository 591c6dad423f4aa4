import ProbeHoundCore

extension ProbeDetector {
    /// Whether `observe` could use a packet's observation: what a capture worker passes on to the
    /// one detector (`--workers`), so the detector's thread sees every ICMP packet, DNS, low-TTL and
    /// traceroute-port datagram, TCP handshake packet (SYN, SYN-ACK, RST: connection starts and
    /// TCP probes' answers), HTTP request and TLS server name, and none of the bulk data.
    ///
    /// A superset of what `observe` acts on; `observe` decides. Kept beside it so a new kind that
    /// reads more traffic widens both (`DetectorRelevanceTests` checks no observation `observe`
    /// uses is filtered out).
    public static func mayUse(_ observation: Observation, config: DetectionConfig) -> Bool {
        let lowTTL = observation.ttl.map { $0 <= config.probeMaximumTTL } ?? false
        switch observation.ipProtocol {
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6:
            return true
        case IPProtocolNumber.udp:
            guard observation.dns == nil && observation.queryName == nil && !lowTTL else { return true }
            guard let port = observation.destinationPort else { return false }
            return config.tracerouteUDPPorts.contains(port) || ProbeToolFingerprint.tracepathPorts.contains(port)
        case IPProtocolNumber.tcp:
            if lowTTL || observation.http != nil || observation.tlsServerName != nil || observation.queryName != nil { return true }
            guard let flags = observation.tcpFlags else { return false }
            return flags.contains(.syn) || flags.contains(.rst)
        default:
            return false
        }
    }
}
