import ProbeHoundCore

/// Names the program behind a ping or a traceroute from what its packets carry. Each rule is a
/// fingerprint observed in captures made by the real tool (see `Captures/README.md`) or stated in
/// its documentation; anything else is `unknown`, never a guess.
enum ProbeToolFingerprint {
    /// mtr numbers its ICMP probes from 33000 upwards (its lowest sequence number).
    static let mtrFirstSequence: UInt16 = 33000
    /// tracepath's destination ports: 44444 upwards, one per probe.
    static let tracepathPorts: ClosedRange<UInt16> = 44444...44543

    /// The ping program whose payload most of the requests carry.
    static func pingTool(_ payloads: [ICMPPayloadPattern?]) -> String {
        dominant(payloads).flatMap(pingName) ?? "unknown"
    }

    private static func pingName(_ pattern: ICMPPayloadPattern) -> String? {
        switch pattern {
        case .iputils: "iputils-ping"
        case .windowsAlphabet: "windows-ping"
        case .bsd: "bsd-ping"
        case .ciscoABCD: "cisco-ping"
        default: nil
        }
    }

    static func tracerouteTool(method: TracerouteMethod, probes: [ProbeRecord], udpPorts: ClosedRange<UInt16>) -> String {
        guard !probes.isEmpty else { return "unknown" }
        switch method {
        case .udp: return udpTool(probes, udpPorts: udpPorts)
        case .icmp: return icmpTool(probes)
        case .tcp: return tcpTool(probes)
        case .unknown: return "unknown"
        }
    }

    /// Linux traceroute: destination port from 33434 up, one per probe. tracepath: from 44444 up.
    private static func udpTool(_ probes: [ProbeRecord], udpPorts: ClosedRange<UInt16>) -> String {
        let ports = probes.compactMap(\.destinationPort)
        guard let low = ports.min() else { return "unknown" }
        if udpPorts.contains(low) && ports.count > 1 && Set(ports).count > ports.count / 2 { return "traceroute" }
        if tracepathPorts.contains(low) { return "tracepath" }
        return "unknown"
    }

    private static func icmpTool(_ probes: [ProbeRecord]) -> String {
        let payload = dominant(probes.map(\.payload))
        switch payload {
        case .tracerouteCounting:
            return "traceroute"
        case .zeros:
            let sequences = probes.compactMap(\.icmpSequence)
            if let first = sequences.min(), first >= mtrFirstSequence { return "mtr" }
            if isRepeatedRounds(probes) { return "mtr" }
            // Windows tracert: 64 zero bytes, three probes per TTL. Other zero-payload tools
            // (BSD/macOS traceroute -I sends fewer bytes) stay unnamed.
            let tracertSize = probes.allSatisfy { $0.icmpDataLength == nil || $0.icmpDataLength == 64 }
            return atMostThreePerTTL(probes) && probes.count >= 3 && tracertSize ? "tracert" : "unknown"
        case .some(let pattern):
            // A ping program driven by hand with rising TTLs (`ping -t N` in a loop).
            return pingName(pattern) ?? "unknown"
        case .none:
            return "unknown"
        }
    }

    /// tcptraceroute (libnet): bare 20-byte SYNs with window 0, one source port and sequence for the
    /// whole run. Linux `traceroute -T`: SYNs carrying MSS, SACK, timestamp and window-scale options
    /// with window 5840 and a fresh source port per probe.
    private static func tcpTool(_ probes: [ProbeRecord]) -> String {
        let windows = Set(probes.map(\.tcpWindow))
        let headers = Set(probes.map(\.tcpHeaderLength))
        let sourcePorts = Set(probes.compactMap(\.sourcePort))
        if windows == [0], headers == [20], sourcePorts.count == 1 { return "tcptraceroute" }
        if windows == [5840], headers == [40], sourcePorts.count * 2 > probes.count { return "traceroute" }
        return "unknown"
    }

    /// The pattern more than half of the payloads carry, if any.
    private static func dominant(_ payloads: [ICMPPayloadPattern?]) -> ICMPPayloadPattern? {
        var counts: [ICMPPayloadPattern: Int] = [:]
        for payload in payloads { if let payload { counts[payload, default: 0] += 1 } }
        guard let (pattern, count) = counts.max(by: { $0.value < $1.value }), count * 2 > payloads.count else { return nil }
        return pattern
    }

    private static func atMostThreePerTTL(_ probes: [ProbeRecord]) -> Bool {
        var perTTL: [UInt8: Int] = [:]
        for probe in probes { if let ttl = probe.ttl { perTTL[ttl, default: 0] += 1 } }
        return perTTL.values.allSatisfy { $0 <= 3 }
    }

    /// mtr probes every hop again and again: the TTL sequence falls back to the bottom several times,
    /// with the rounds spread over seconds.
    private static func isRepeatedRounds(_ probes: [ProbeRecord]) -> Bool {
        let ordered = probes.sorted { $0.time < $1.time }
        var restarts = 0
        var previous: UInt8 = 0
        for probe in ordered {
            guard let ttl = probe.ttl else { continue }
            if Int(ttl) + 2 < Int(previous) { restarts += 1 }
            previous = ttl
        }
        guard let first = ordered.first, let last = ordered.last else { return false }
        return restarts >= 1 && last.time.interval(since: first.time) >= 0.9
    }
}
