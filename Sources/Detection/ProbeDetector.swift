public import ProbeHoundCore

/// Feeds observations into per-endpoint state and turns that state into findings.
///
/// `observe` runs once per packet or log record and touches state only for probe-like traffic:
/// echo requests and replies, low-TTL or traceroute-port packets, ICMP errors quoting an endpoint's
/// packet, HTTP requests, DNS questions and TLS server names. The judgement (thresholds, staircases,
/// scores) happens in `findings()`, so live mode can ask at any time.
public struct ProbeDetector {
    /// The thresholds and lists in force for the run.
    public let config: DetectionConfig
    var table: EndpointTable
    var duplicates: DuplicateFilter
    var history = ConnectionHistory()
    /// Outbound TCP/UDP records without TTL, for tying time-exceeded records of such logs to them.
    var recentStarts = RecentFlowStarts()
    /// Endpoints an aggregated time-exceeded record reached, until the end of its span: their TCP/UDP
    /// records go straight to their candidates (bounded by `maximumAwaitingStarts`).
    var awaitingStarts: [IPAddress: Timestamp] = [:]
    static let maximumAwaitingStarts = 4096
    /// Set for log input: each TCP or UDP record starts a flow, where packets need a SYN to tell.
    public var recordsAreFlows = false
    /// Hosts seen answering DNS: their own queries are resolver traffic, not probes.
    var resolvers: Set<IPAddress> = []
    /// Findings of endpoints evicted after they qualified.
    var retiredFindings: [Finding] = []
    public private(set) var duplicatesDropped = 0
    public private(set) var expiredCount = 0
    /// Findings of evicted or expired endpoints dropped because `retiredFindings` was full.
    public private(set) var retiredFindingsDropped = 0
    static let maximumRetiredFindings = 10_000
    /// Endpoints touched since `changedFindings()` last ran, so live mode re-judges only those.
    /// Kept only once `changedFindings()` has been called: an offline run never asks, and the set
    /// would grow with every endpoint.
    var changed: Set<IPAddress> = []
    var tracksChanges = false
    /// How many retired findings `changedFindings()` has already handed out.
    var retiredReported = 0
    /// Time of the first observation: how much history "first contact" follow-ups rest on.
    var historyStart: Timestamp? = nil
    /// Whether any observation had an address on an internal network; without one, direction (who
    /// probes whom) rests on guesses, and the summary suggests `--internal`.
    public private(set) var sawInternalAddress = false
    /// The endpoint whose evidence the last observation added to (a probe, an answer tied to its
    /// probes, a follow-up), nil when it touched none: live `--write-evidence` keeps that packet.
    public internal(set) var lastEvidenceEndpoint: IPAddress? = nil
    /// Reused buffer for names (HTTP Host, DNS, SNI) so matching allocates nothing.
    var nameBuffer: [UInt8] = []

    /// An empty detector; state grows only for endpoints that send something probe-like.
    public init(config: DetectionConfig) {
        self.config = config
        table = EndpointTable(capacity: config.maximumEndpoints)
        duplicates = DuplicateFilter(window: config.duplicateWindowSeconds)
        nameBuffer.reserveCapacity(256)
    }

    /// Endpoints with state now.
    public var endpointCount: Int { table.count }
    /// Endpoints evicted at the state bound so far.
    public var evictedCount: Int { table.evicted }
    /// Evictions by segment of the endpoint table (see `EndpointTable`).
    public var evictedFromProbation: Int { table.evictedFromProbation }
    /// Evictions of endpoints with more than one piece of evidence.
    public var evictedFromProtected: Int { table.evictedFromProtected }
    /// New endpoints refused on their first sighting while the table was full.
    public var notAdmittedCount: Int { table.notAdmitted }

    /// Takes one observation; `bytes` are the packet or log line its ranges point into.
    public mutating func observe(_ observation: Observation, bytes: Span<UInt8>) {
        lastEvidenceEndpoint = nil
        noteTraffic(at: observation.timestamp,
                    internalAddress: !sawInternalAddress && (config.isInternal(observation.source) || config.isInternal(observation.destination)))
        switch observation.ipProtocol {
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6:
            observeICMP(observation)
        case IPProtocolNumber.udp:
            if let dns = observation.dns {
                observeDNS(observation, question: dns, bytes: bytes)
            } else if let name = observation.queryName {
                observeQueryName(observation, name: name, bytes: bytes)
            }
            observeTransportProbe(observation, method: .udp)
            if observation.ttl == nil && recordsAreFlows && observation.destinationPort != 53 { noteUnquotedStart(observation, method: .udp) }
            if recordsAreFlows, let port = observation.destinationPort, port != 53, !config.tracerouteUDPPorts.contains(port),
               !ProbeToolFingerprint.tracepathPorts.contains(port) {
                observeConnectionStart(observation, transport: "udp")
            }
        case IPProtocolNumber.tcp:
            let opensConnection = observation.tcpFlags.map { $0.contains(.syn) && !$0.contains(.ack) } ?? recordsAreFlows
            if opensConnection && (observation.ttl ?? 255) > config.probeMaximumTTL {
                observeConnectionStart(observation, transport: "tcp")
            }
            if opensConnection && observation.ttl == nil && recordsAreFlows { noteUnquotedStart(observation, method: .tcp) }
            if let http = observation.http {
                observeHTTP(observation, request: http, bytes: bytes)
            } else if let name = observation.tlsServerName {
                observeServerName(observation, name: name, bytes: bytes)
            } else if let name = observation.queryName {
                observeQueryName(observation, name: name, bytes: bytes)
            }
            observeTCP(observation)
        default:
            break
        }
    }

    /// What every observation tells, used or not: when the input's history starts, and whether it
    /// holds internal addresses. Capture workers report it for the frames they do not pass on.
    public mutating func noteTraffic(at time: Timestamp, internalAddress: Bool) {
        if historyStart.map({ time < $0 }) ?? true { historyStart = time }
        if internalAddress { sawInternalAddress = true }
    }

    // MARK: ICMP

    private mutating func observeICMP(_ observation: Observation) {
        if observation.isICMPEchoRequest {
            guard !config.isInternal(observation.destination), !isDuplicate(observation) else { return }
            let target = observation.destination
            let ttl = observation.ttl
            let maximumTTL = config.probeMaximumTTL
            let key = ProbeDetector.probeKey(icmpID: observation.icmpID, sequence: observation.icmpSequence)
            update(observation.source, observation) { state in
                if state.echoRequests.count < EndpointState.maximumEchoRequests {
                    state.echoRequests.append(EchoRequestRecord(time: observation.timestamp, origin: observation.origin, count: observation.packetCount, target: target, ttl: ttl,
                                                                payload: observation.icmpPayload, span: observation.duration))
                } else {
                    state.echoRequestsDropped += 1
                }
                if let ttl, ttl <= maximumTTL {
                    ProbeDetector.addProbe(to: &state, target: target, method: .icmp, observation: observation, key: key)
                }
            }
        } else if observation.isICMPEchoReply {
            // Reply from the target back to the endpoint: source is the target.
            let key = ProbeDetector.probeKey(icmpID: observation.icmpID, sequence: observation.icmpSequence)
            let target = observation.source
            guard !isDuplicate(observation) else { return }
            table.update(observation.destination, time: observation.timestamp, create: false) { state in
                state.echoReplies[target, default: 0] += observation.packetCount
                ProbeDetector.markDestination(in: &state, target: target, method: .icmp, key: key)
            }
        } else if let inner = observation.inner, observation.isICMPTimeExceeded || observation.isICMPUnreachable {
            observeICMPError(observation, inner: inner)
        } else if observation.icmpType == nil && recordsAreFlows {
            observeUntypedICMPFlow(observation)
        } else if observation.isICMPTimeExceeded {
            // A log record of a time-exceeded without the quoted packet: the router is known, the target is not.
            let unknown = observation.destination.isIPv6 ? IPAddress(v6High: 0, low: 0) : IPAddress(v4: 0)
            var inner = QuotedPacket(source: observation.destination, destination: unknown, ipProtocol: 0, ttl: 0)
            inner.ipID = observation.ipID
            observeICMPError(observation, inner: inner)
            takeRecentStarts(for: observation.destination, since: observation.timestamp.adding(seconds: -TimeExceededMatching.window),
                             span: observation.packetCount > 1 ? observation.duration : 0)
        }
    }

    /// A TCP or UDP record of a log without TTLs: possibly a traceroute probe, known only once a
    /// time-exceeded record follows (`RecentFlowStarts`), or while an aggregated one that arrived
    /// first still spans its time (`awaitingStarts`).
    private mutating func noteUnquotedStart(_ observation: Observation, method: TracerouteMethod) {
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
    private mutating func takeRecentStarts(for endpoint: IPAddress, since: Timestamp, span: Double = 0) {
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
        if awaitingStarts[endpoint] != nil || awaitingStarts.count < ProbeDetector.maximumAwaitingStarts {
            awaitingStarts[endpoint] = max(awaitingStarts[endpoint] ?? until, until)
        }
    }

    /// Flow logs that record ICMP without its type (AWS VPC, Azure NSG): outbound, a possible echo
    /// request; inbound from a host the endpoint sent ICMP to, its answer. `EchoEvidence` counts the
    /// requests only where an answer came back, and says the type was inferred.
    private mutating func observeUntypedICMPFlow(_ observation: Observation) {
        if !config.isInternal(observation.destination) && config.isInternal(observation.source) {
            guard !isDuplicate(observation) else { return }
            let target = observation.destination
            update(observation.source, observation) { state in
                guard state.echoRequests.count < EndpointState.maximumEchoRequests else { return }
                state.echoRequests.append(EchoRequestRecord(time: observation.timestamp, origin: observation.origin, count: observation.packetCount, target: target,
                                                            ttl: nil, payload: nil, inferred: true))
            }
        } else if config.isInternal(observation.destination) {
            let target = observation.source
            table.update(observation.destination, time: observation.timestamp, create: false) { state in
                guard state.echoRequests.contains(where: { $0.inferred && $0.target == target }) else { return }
                state.echoReplies[target, default: 0] += observation.packetCount
            }
        }
    }

    /// A router's time-exceeded (a hop) or the target's unreachable (the end of a UDP traceroute).
    private mutating func observeICMPError(_ observation: Observation, inner: QuotedPacket) {
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
                let ttl = state.series[seriesKey]!.ttlByKey[key]
                state.series[seriesKey]!.routers.append(RouterReply(router: responder, time: observation.timestamp, origin: observation.origin, probeTTL: ttl,
                                                                    span: observation.packetCount > 1 ? observation.duration : 0))
            } else if responder == inner.destination {
                ProbeDetector.markDestination(in: &state, target: inner.destination, method: method, key: key)
            }
        }
    }

    // MARK: UDP and TCP probes

    private mutating func observeTransportProbe(_ observation: Observation, method: TracerouteMethod) {
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

    private mutating func observeTCP(_ observation: Observation) {
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

    // MARK: Shared helpers

    mutating func isDuplicate(_ observation: Observation) -> Bool {
        if duplicates.isDuplicate(observation) {
            duplicatesDropped += 1
            return true
        }
        return false
    }

    /// Creates or updates the endpoint that sent (or was answered for) `observation`.
    mutating func update(_ endpoint: IPAddress, _ observation: Observation, _ body: (inout EndpointState) -> Void) {
        table.update(endpoint, time: observation.timestamp, create: true) { state in
            state.touch(observation.timestamp)
            if let tunnel = observation.tunnel, state.tunnels.count < EndpointState.maximumTunnels, !state.tunnels.contains(tunnel) {
                state.tunnels.append(tunnel)
            }
            body(&state)
        }
        lastEvidenceEndpoint = endpoint
        if tracksChanges { changed.insert(endpoint) }
        if !table.evictedStates.isEmpty { retireEvicted() }
    }

    private static func addProbe(to state: inout EndpointState, target: IPAddress, method: TracerouteMethod,
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

    private static func markDestination(in state: inout EndpointState, target: IPAddress, method: TracerouteMethod, key: UInt64) {
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

    private mutating func retireEvicted() {
        for (endpoint, state) in table.evictedStates {
            if let finding = judge(endpoint, state) {
                if retiredFindings.count >= ProbeDetector.maximumRetiredFindings {
                    retiredFindings.removeFirst()
                    retiredFindingsDropped += 1
                    retiredReported = max(0, retiredReported - 1)
                }
                retiredFindings.append(finding)
            }
        }
        table.evictedStates.removeAll()
    }

    /// Forgets endpoints idle for longer than the configured timeout, keeping the findings of those
    /// that qualified. Live mode calls it periodically so memory stays flat over long runs.
    public mutating func expireIdle(now: Timestamp) {
        let cutoff = Timestamp(seconds: now.seconds &- Int64(clamping: config.endpointIdleTimeoutSeconds), nanoseconds: now.nanoseconds)
        expiredCount += table.removeIdle(before: cutoff)
        if !table.evictedStates.isEmpty { retireEvicted() }
    }
}
