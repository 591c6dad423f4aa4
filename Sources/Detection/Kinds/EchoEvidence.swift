import ProbeHoundCore

/// ICMP echo: a qualifying burst (≥ N requests or ≥ M targets in the window) scores 15, +5 per
/// further target (two at most), +15 when a target is a well-known reachability target, +15 when
/// the payload is an interactive ping program's. Those last two make it meaningful.
struct EchoEvidence: KindJudgement {
    /// Payload fingerprints of ping programs a person or script runs (not an app's own latency pings).
    static let pingPrograms: Set<String> = ["iputils-ping", "windows-ping", "bsd-ping", "cisco-ping"]

    /// The echo requests that are pings (those climbing an ICMP traceroute's staircase, or tied to
    /// one by time, are not).
    let pings: [EchoRequestRecord]
    private(set) var summary: EchoSummary?
    /// Where the requests the summary counts were seen.
    private(set) var origins: [Origin] = []
    /// The summary's targets that are well-known reachability targets (public resolvers).
    private(set) var reachabilityTargets: [IPAddress] = []

    /// Some requests were flow records of ICMP without a type, taken for echo because answers came back.
    let hasInferred: Bool

    init(_ state: EndpointState, traceroutes: TracerouteEvidence, context: inout KindContext) {
        let replies = state.echoReplies
        pings = state.echoRequests.filter { request in
            if request.inferred { return (replies[request.target] ?? 0) > 0 }
            if traceroutes.tiedEchoRequests.contains(request.origin) { return false }
            guard let stairs = traceroutes.staircaseTTLs[request.target], let ttl = request.ttl else { return true }
            return !stairs.contains(ttl)
        }
        hasInferred = pings.contains { $0.inferred }
        let allowlist = context.allowlist
        let allowed = pings.filter { !allowlist.containsTarget($0.target) }
        let leftTargets = Set(pings.map(\.target)).subtracting(allowed.map(\.target))
        if !leftTargets.isEmpty { context.leftOut.append("pings to \(leftTargets.sorted().map(\.description).joined(separator: ", "))") }
        summary = EchoEvidence.qualifying(allowed, state: state, config: context.config)
        if let tool = summary?.tool, allowlist.containsTool(tool) {
            context.leftOut.append("pings by \(tool)")
            summary = nil
        }
        if let summary {
            origins = allowed.map(\.origin)
            reachabilityTargets = summary.targets.filter(ReachabilityTargets.contains)
        }
    }

    func listing(meaningful: Bool) -> KindListing? {
        summary.map { KindListing(section: .echo($0), origins: origins) }
    }

    var isMeaningful: Bool {
        guard let summary else { return false }
        return !reachabilityTargets.isEmpty || EchoEvidence.pingPrograms.contains(summary.tool)
    }

    func score(into card: inout ScoreCard) {
        guard let echo = summary else { return }
        let further = min(2, echo.targets.count - 1)
        card.add(ScoreRule.echo.points + further * ScoreRule.echoFurtherTarget.points, reason(echo), kind: .icmpEcho)
        if !reachabilityTargets.isEmpty {
            card.add(ScoreRule.echoReachabilityTarget.points, "\(reachabilityTargets.map(\.description).joined(separator: ", ")) "
                     + (reachabilityTargets.count == 1 ? "is a well-known reachability target" : "are well-known reachability targets")
                     + " (public resolver)")
        }
        if EchoEvidence.pingPrograms.contains(echo.tool) {
            card.add(ScoreRule.echoPingProgram.points, "the requests carry \(echo.tool)'s payload: a ping run by a person or a script")
        }
    }

    private func reason(_ echo: EchoSummary) -> String {
        let span = (pings.map(\.time).max().map { last in last.interval(since: pings.map(\.time).min()!) }) ?? 0
        let targets = echo.targets.count == 1 ? "1 external host" : "\(echo.targets.count) external hosts"
        return "\(echo.requests) ICMP echo requests to \(targets) in \(Timestamp.shortDuration(span)), \(echo.replies) answered"
            + (hasInferred ? " (inferred: the flow log records ICMP without its type; counted only where an answer came back)" : "")
    }

    /// ≥ N requests, or ≥ M distinct targets, inside one sliding window.
    private static func qualifying(_ pings: [EchoRequestRecord], state: EndpointState, config: DetectionConfig) -> EchoSummary? {
        let ordered = pings.sorted { $0.time < $1.time }
        var qualifies = false
        var start = 0
        var inWindow = 0
        var targetCounts: [IPAddress: Int] = [:]
        for request in ordered {
            targetCounts[request.target, default: 0] += request.count
            inWindow += request.count
            while request.time.interval(since: ordered[start].time) > config.echoWindowSeconds {
                let old = ordered[start]
                targetCounts[old.target]! -= old.count
                if targetCounts[old.target] == 0 { targetCounts[old.target] = nil }
                inWindow -= old.count
                start += 1
            }
            if inWindow >= config.echoMinimumRequests || targetCounts.count >= config.echoMinimumTargets {
                qualifies = true
                break
            }
        }
        guard qualifies else { return nil }
        var targets: [IPAddress] = []
        for request in ordered where !targets.contains(request.target) { targets.append(request.target) }
        let replies = targets.reduce(0) { $0 + (state.echoReplies[$1] ?? 0) }
        let requests = ordered.reduce(0) { $0 + $1.count }
        return EchoSummary(requests: requests + state.echoRequestsDropped, replies: min(replies, requests),
                           targets: targets, tool: ProbeToolFingerprint.pingTool(ordered.map(\.payload)), times: ordered.map(\.time))
    }
}

extension EchoSummary {
    /// The ping burst as an evidence line: the table's sentence, a CSV row per target.
    var evidenceLine: EvidenceLine {
        let list = targets.map(\.description).joined(separator: ", ")
        return EvidenceLine(kind: ProbeKind.icmpEcho.rawValue, label: "ping",
                            summary: "\(requests) echo requests, \(replies) answered, to \(list) [\(tool)]",
                            rows: targets.map { EvidenceRow(target: $0.description, port: "", method: "icmp", tool: tool,
                                                            detail: "\(requests) requests, \(replies) replies in all") })
    }
}

extension ScoreRule {
    public static let echo = ScoreRule(points: 15, evidence: "ICMP echo requests to external hosts (a qualifying burst)")
    public static let echoFurtherTarget = ScoreRule(points: 5, evidence: "each further echo target (at most two)")
    public static let echoReachabilityTarget = ScoreRule(points: 15, evidence: "a pinged target is a well-known reachability target (public resolvers 8.8.8.8, 1.1.1.1, 9.9.9.9, 208.67.222.222, 4.2.2.x, …)")
    public static let echoPingProgram = ScoreRule(points: 15, evidence: "the requests carry the payload of an interactive ping program (iputils, Windows, BSD/macOS, Cisco)")
}

extension EchoEvidence {
    static let scoreRules: [ScoreRule] = [.echo, .echoFurtherTarget, .echoReachabilityTarget, .echoPingProgram]
}
