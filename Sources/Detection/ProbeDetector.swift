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
    /// Counts `observe` calls, so `isDuplicate` can tell a second question about the same observation.
    var observationSerial: UInt64 = 0
    /// The observation `isDuplicate` last judged (by serial) and its verdict.
    var lastDuplicateVerdict: (serial: UInt64, duplicate: Bool)? = nil
    var history = ConnectionHistory()
    /// Outbound TCP/UDP records without TTL, for tying time-exceeded records of such logs to them.
    var recentStarts = RecentFlowStarts()
    /// Endpoints an aggregated time-exceeded record reached, until the end of its span: their TCP/UDP
    /// records go straight to their candidates (bounded by `maximumAwaitingStarts`).
    var awaitingStarts: [IPAddress: Timestamp] = [:]
    static let maximumAwaitingStarts = 4096
    /// Set for log input: each TCP or UDP record starts a flow, where packets need a SYN to tell.
    public var recordsAreFlows = false
    /// Host names of host telemetry and their addresses, with the process probes waiting for one.
    var hostAddresses: HostAddressBook
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
        hostAddresses = HostAddressBook(config.hostAddresses)
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
        observationSerial &+= 1
        noteTraffic(at: observation.timestamp,
                    internalAddress: !sawInternalAddress && (config.isInternal(observation.source) || config.isInternal(observation.destination)))
        if let process = observation.process {
            observeProcess(observation, process: process, bytes: bytes)
            // A connection a process opened is a flow record too; starts and DNS questions have no addresses.
            guard process.action == .connected else { return }
        }
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
                observeProxyRequest(observation, request: http, bytes: bytes)
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

    /// ICMP by what it is: echo (`ProbeDetector+Echo`), errors and unquoted time-exceeded
    /// (`ProbeDetector+Traceroute`), typeless flow records (`ProbeDetector+Echo`).
    private mutating func observeICMP(_ observation: Observation) {
        if observation.isICMPEchoRequest {
            observeEchoRequest(observation)
        } else if observation.isICMPEchoReply {
            observeEchoReply(observation)
        } else if let inner = observation.inner, observation.isICMPTimeExceeded || observation.isICMPUnreachable {
            observeICMPError(observation, inner: inner)
        } else if observation.icmpType == nil && recordsAreFlows {
            observeUntypedICMPFlow(observation)
        } else if observation.isICMPTimeExceeded {
            observeUnquotedTimeExceeded(observation)
        }
    }

    // MARK: Shared helpers

    /// True for a second copy of a packet; asked again about the same frame (two kinds reading one
    /// request) it gives the same answer.
    mutating func isDuplicate(_ observation: Observation) -> Bool {
        if let verdict = lastDuplicateVerdict, verdict.serial == observationSerial { return verdict.duplicate }
        let duplicate = duplicates.isDuplicate(observation)
        lastDuplicateVerdict = (observationSerial, duplicate)
        if duplicate { duplicatesDropped += 1 }
        return duplicate
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
