import ProbeHoundCore

/// Traceroutes: the endpoint's probe series (with time-exceeded records a log did not quote tied to
/// them by time) judged by `TracerouteAnalysis`; the first scores 40, a second 10.
struct TracerouteEvidence: KindJudgement {
    private(set) var summaries: [TracerouteSummary] = []
    /// ICMP staircases by target: echo requests inside them belong to the traceroute, not to ping.
    private(set) var staircaseTTLs: [IPAddress: ClosedRange<UInt8>] = [:]
    /// Echo requests of a log without TTLs that time-exceeded records showed to be an ICMP
    /// traceroute's probes: not pings either.
    private(set) var tiedEchoRequests: Set<Origin> = []
    /// Where the listed traceroutes' probes and router replies were seen.
    private(set) var origins: [Origin] = []

    init(_ state: EndpointState, context: inout KindContext) {
        let config = context.config
        let analysis = TracerouteAnalysis(config: config)
        let tied = TimeExceededMatching.tie(state.series, echoRequests: state.echoRequests, candidates: state.unquotedCandidates)
        tiedEchoRequests = tied.tiedEchoRequests
        for series in tied.series {
            guard let summary = analysis.summary(series) else { continue }
            // Time-exceeded from internal routers alone, for an unknown target, says nothing about the Internet.
            if series.method == .unknown && summary.hops.allSatisfy({ $0.map(config.isInternal) ?? true }) { continue }
            if series.method == .icmp, let stairs = analysis.staircase(series) { staircaseTTLs[series.target] = stairs }
            if context.allowlist.containsTarget(summary.target) || context.allowlist.containsTool(summary.tool) {
                context.leftOut.append("\(summary.method.rawValue) traceroute to \(summary.target) (\(summary.tool))")
                continue
            }
            summaries.append(summary)
            let stairs = analysis.staircase(series)
            origins += series.probes.filter { probe in stairs.map { range in probe.ttl.map(range.contains) ?? true } ?? true }.map(\.origin)
            origins += series.routers.map(\.origin)
        }
        summaries.sort { ($0.firstSeen, $0.target, $0.method.rawValue) < ($1.firstSeen, $1.target, $1.method.rawValue) }
    }

    /// Routers the traceroutes reached (the target excluded): whose PTR lookups corroborate them.
    var hopRouters: Set<IPAddress> {
        Set(summaries.flatMap { trace in trace.hops.compactMap { $0 }.filter { $0 != trace.target } })
    }

    var isMeaningful: Bool { !summaries.isEmpty }

    func listing(meaningful: Bool) -> KindListing? {
        summaries.isEmpty ? nil : KindListing(section: .traceroutes(summaries), origins: origins)
    }

    func score(into card: inout ScoreCard) {
        for (index, trace) in summaries.enumerated() {
            let points = index == 0 ? ScoreRule.traceroute.points : index == 1 ? ScoreRule.secondTraceroute.points : 0
            card.add(points, TracerouteEvidence.reason(trace), kind: .traceroute)
        }
    }

    static func reason(_ trace: TracerouteSummary) -> String {
        var parts: [String] = []
        let target = trace.method == .unknown ? "an unknown target (the log does not quote the probe)" : "\(trace.target)"
        if let range = trace.ttlRange { parts.append("\(range) \(trace.method.rawValue) traceroute to \(trace.target) (\(trace.probes) probes)") }
        let routers = trace.hops.compactMap { $0 }.filter { $0 != trace.target }
        if trace.basis.contains("time_exceeded") {
            parts.append("time-exceeded from \(Set(routers).count) routers for probes to \(target)"
                         + (trace.basis.contains("tied_by_time") ? " (tied to the probes by time: the log does not quote them)" : ""))
        }
        if trace.basis.contains("port_sequence"), let ports = trace.destinationPorts {
            parts.append("\(trace.probes) UDP probes to \(trace.target) on consecutive traceroute ports \(ports.lowerBound)-\(ports.upperBound) (no TTL in source)")
        }
        if trace.destinationReached { parts.append("destination answered") }
        return parts.joined(separator: "; ")
    }
}

extension TracerouteSummary {
    /// A traceroute as an evidence line: method, target, TTL range, tool and path.
    var evidenceLine: EvidenceLine {
        let ttl = ttlRange.map { "\($0), " } ?? ""
        let path = hops.map { $0?.description ?? "*" }.joined(separator: " ")
        let shown = method == .unknown ? "unknown target" : "\(target)"
        return EvidenceLine(kind: ProbeKind.traceroute.rawValue, label: "trace",
                            summary: "\(method.rawValue) to \(shown): \(ttl)\(probes) probes [\(tool)]" + (path.isEmpty ? "" : "; path: \(path)"),
                            rows: [EvidenceRow(target: method == .unknown ? "" : target.description,
                                               port: destinationPorts.map { String($0.lowerBound) } ?? "", method: method.rawValue, tool: tool,
                                               detail: "\(ttl)\(probes) probes; path \(path)")])
    }
}

extension ScoreRule {
    public static let traceroute = ScoreRule(points: 40, evidence: "a traceroute (TTL staircase, time-exceeded replies or consecutive traceroute ports)")
    public static let secondTraceroute = ScoreRule(points: 10, evidence: "a second traceroute (further ones are listed without points)")
}

extension TracerouteEvidence {
    static let scoreRules: [ScoreRule] = [.traceroute, .secondTraceroute]
}
