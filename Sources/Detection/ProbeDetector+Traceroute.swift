import ProbeHoundCore

/// The traceroute kind's observe steps: probes (low TTL, classic ports, TCP SYNs), the
/// time-exceeded that routers send back (quoted, or in logs tied by time), and the target's
/// answers; a log's TTL-less TCP/UDP records kept as candidate probes. Summary and score:
/// `Kinds/TracerouteEvidence.swift`, `TimeExceededMatching.swift`, `TracerouteAnalysis.swift`.
extension ProbeDetector {
    /// A log record of a time-exceeded without the quoted packet: the router is known, the target
    /// is not until `TimeExceededMatching` ties it to a burst.
    mutating func observeUnquotedTimeExceeded(_ observation: Observation) {
        let unknown = observation.destination.isIPv6 ? IPAddress(v6High: 0, low: 0) : IPAddress(v4: 0)
        var inner = QuotedPacket(source: observation.destination, destination: unknown, ipProtocol: 0, ttl: 0)
        inner.ipID = observation.ipID
        observeICMPError(observation, inner: inner)
        takeRecentStarts(for: observation.destination, since: observation.timestamp.adding(seconds: -TimeExceededMatching.window),
                         span: observation.packetCount > 1 ? observation.duration : 0)
    }

    /// A router's time-exceeded (a hop) or the target's unreachable (the end of a UDP traceroute).
    mutating func observeICMPError(_ observation: Observation, inner: QuotedPacket) {
        let unknownTarget = inner.ipProtocol == 0
        guard unknownTarget || !config.isInternal(inner.destination) else { return }
        let method = ProbeDetector.method(ofProtocol: inner.ipProtocol) ?? .unknown
        guard !isDuplicate(observation) else { return }
        let key = ProbeDetector.probeKey(of: inner)
        let seriesKey = SeriesKey(target: inner.destination, method: method)
        let responder = observation.source
        let isTimeExceeded = observation.isICMPTimeExceeded
        update(inner.source, observation) { state in
            if state.series[seriesKey] == nil {
                guard state.series.count < EndpointState.maximumSeries else { return }
                state.series[seriesKey] = ProbeSeries(target: inner.destination, method: method, time: observation.timestamp)
            }
            state.series[seriesKey]!.lastSeen = max(state.series[seriesKey]!.lastSeen, observation.timestamp)
            if isTimeExceeded {
                guard state.series[seriesKey]!.routers.count < ProbeSeries.maximumRouterReplies else { return }
                let ttl = state.series[seriesKey]!.ttlByKey[key]
                state.series[seriesKey]!.routers.append(RouterReply(router: responder, time: observation.timestamp, origin: observation.origin, probeTTL: ttl,
                                                                    span: observation.packetCount > 1 ? observation.duration : 0))
            } else if responder == inner.destination {
                ProbeDetector.markDestination(in: &state, target: inner.destination, method: method, key: key)
            }
        }
    }

    /// A TCP or UDP record of a log without TTLs: possibly a traceroute probe, known only once a
    /// time-exceeded record follows (`RecentFlowStarts`), or while an aggregated one that arrived
    /// first still spans its time (`awaitingStarts`).
    mutating func noteUnquotedStart(_ observation: Observation, method: TracerouteMethod) {
        guard !config.isInternal(observation.destination) else { return }
        recentStarts.append(observation, method: method)
        if !awaitingStarts.isEmpty, let until = awaitingStarts[observation.source] {
            if observation.timestamp > until {
                awaitingStarts[observation.source] = nil
            } else {
                takeRecentStarts(for: observation.source, since: observation.timestamp)
            }
        }
    }

    /// The endpoint's TCP/UDP records since `since` become candidates for the probes its unquoted
    /// time-exceeded records answer. A record aggregating replies over a span (Zeek conn.log, which
    /// may be ordered by start) also takes the records that follow it within that span.
    mutating func takeRecentStarts(for endpoint: IPAddress, since: Timestamp, span: Double = 0) {
        let recent = recentStarts
        table.update(endpoint, time: since, create: false) { state in
            for start in recent.starts(from: endpoint, after: state.recentStartsTaken, since: since) {
                let key = SeriesKey(target: start.target, method: start.method)
                guard state.unquotedCandidates[key] != nil || state.unquotedCandidates.count < EndpointState.maximumSeries,
                      state.unquotedCandidates[key, default: []].count < ProbeSeries.maximumProbes else { continue }
                state.unquotedCandidates[key, default: []].append(start.probe)
            }
            state.recentStartsTaken = recent.lastSequence
        }
        guard span > 0 else { return }
        let until = since.adding(seconds: TimeExceededMatching.window + span + 1)
        // Full: windows that have ended give way first (an endpoint that never sent again would
        // otherwise hold its place, and forged records for many endpoints could fill the table).
        if awaitingStarts[endpoint] == nil && awaitingStarts.count >= ProbeDetector.maximumAwaitingStarts {
            awaitingStarts = awaitingStarts.filter { $0.value >= since }
        }
        if awaitingStarts[endpoint] != nil || awaitingStarts.count < ProbeDetector.maximumAwaitingStarts {
            awaitingStarts[endpoint] = max(awaitingStarts[endpoint] ?? until, until)
        }
    }

    mutating func observeTransportProbe(_ observation: Observation, method: TracerouteMethod) {
        // Cheapest tests first: nearly all traffic has an ordinary TTL and port.
        let lowTTL = observation.ttl.map { $0 <= config.probeMaximumTTL } ?? false
        let classicPort = method == .udp && observation.destinationPort.map { config.tracerouteUDPPorts.contains($0) } ?? false
        // A probe is a datagram: its later fragments are not probes of their own.
        guard lowTTL || classicPort, !observation.isLaterFragment, !config.isInternal(observation.destination),
              !isDuplicate(observation) else { return }
        let key = ProbeDetector.probeKey(sourcePort: observation.sourcePort, destinationPort: observation.destinationPort,
                                         sequence: method == .tcp ? observation.tcpSequence : nil)
        let target = observation.destination
        update(observation.source, observation) { state in
            ProbeDetector.addProbe(to: &state, target: target, method: method, observation: observation, key: key)
        }
    }

    mutating func observeTCP(_ observation: Observation) {
        guard let flags = observation.tcpFlags else { return }
        if flags.contains(.syn) && !flags.contains(.ack) || flags == .ack && observation.payloadLength == 0 {
            observeTransportProbe(observation, method: .tcp)
        } else if flags.contains(.rst) || flags.contains(.syn) && flags.contains(.ack) {
            // The target answering a TCP probe: SYN-ACK or RST acknowledging probe sequence + 1.
            guard let ack = observation.tcpAcknowledgment else { return }
            let key = ProbeDetector.probeKey(sourcePort: observation.destinationPort, destinationPort: observation.sourcePort,
                                             sequence: ack &- 1)
            let target = observation.source
            table.update(observation.destination, time: observation.timestamp, create: false) { state in
                ProbeDetector.markDestination(in: &state, target: target, method: .tcp, key: key)
            }
        }
    }

    static func addProbe(to state: inout EndpointState, target: IPAddress, method: TracerouteMethod,
                                 observation: Observation, key: UInt64) {
        let seriesKey = SeriesKey(target: target, method: method)
        if state.series[seriesKey] == nil {
            guard state.series.count < EndpointState.maximumSeries else { return }
            state.series[seriesKey] = ProbeSeries(target: target, method: method, time: observation.timestamp)
        }
        state.series[seriesKey]!.lastSeen = max(state.series[seriesKey]!.lastSeen, observation.timestamp)
        guard state.series[seriesKey]!.probes.count < ProbeSeries.maximumProbes else {
            state.series[seriesKey]!.probesDropped += 1
            return
        }
        state.series[seriesKey]!.probes.append(ProbeRecord(observation))
        if let ttl = observation.ttl { state.series[seriesKey]!.ttlByKey[key] = ttl }
    }

    static func markDestination(in state: inout EndpointState, target: IPAddress, method: TracerouteMethod, key: UInt64) {
        let seriesKey = SeriesKey(target: target, method: method)
        guard state.series[seriesKey] != nil else { return }
        state.series[seriesKey]!.destinationAnswered = true
        if let ttl = state.series[seriesKey]!.ttlByKey[key] {
            let current = state.series[seriesKey]!.destinationTTL
            state.series[seriesKey]!.destinationTTL = min(current ?? ttl, ttl)
        }
    }

    static func method(ofProtocol number: UInt8) -> TracerouteMethod? {
        switch number {
        case IPProtocolNumber.udp: .udp
        case IPProtocolNumber.tcp: .tcp
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6: .icmp
        default: nil
        }
    }

    /// Identity of a probe that its answers (time-exceeded quotes, echo replies, unreachables, SYN-ACKs) carry back.
    static func probeKey(icmpID: UInt16?, sequence: UInt16?) -> UInt64 {
        UInt64(icmpID ?? 0) << 16 | UInt64(sequence ?? 0) | 1 << 63
    }

    static func probeKey(sourcePort: UInt16?, destinationPort: UInt16?, sequence: UInt32?) -> UInt64 {
        UInt64(sourcePort ?? 0) << 48 | UInt64(destinationPort ?? 0) << 32 | UInt64(sequence ?? 0)
    }

    static func probeKey(of inner: QuotedPacket) -> UInt64 {
        switch inner.ipProtocol {
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6: probeKey(icmpID: inner.icmpID, sequence: inner.icmpSequence)
        case IPProtocolNumber.tcp: probeKey(sourcePort: inner.sourcePort, destinationPort: inner.destinationPort, sequence: inner.tcpSequence)
        default: probeKey(sourcePort: inner.sourcePort, destinationPort: inner.destinationPort, sequence: nil)
        }
    }
}
