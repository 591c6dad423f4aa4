import ProbeHoundCore

/// Turns one endpoint's state into a finding, or nil when nothing crossed a threshold.
///
/// Scoring (documented in the README, each step written into `reasons`): ICMP echo 25 (+5 per further
/// target, up to 40); traceroute 40 (+10 for more than one); HTTP IP lookup 35, scripted connectivity
/// check 30, bare-IP GET 25, OS-like captive-portal check 10 (the strongest GET counts); DNS/SNI of an
/// IP-lookup host 15; beside other probes, DNS of connectivity-check hosts 5 and PTR lookups of the
/// traceroute's hops 5; a follow-up connection 20 (first contact) or 10 (unusual port only); the
/// baseline adjusts (see `BaselineScoring`). Clamped to 0...100. Severity: high ≥ 60, medium ≥ 30, low below.
struct FindingBuilder {
    let config: DetectionConfig
    /// The allowlist to apply; the detector passes an empty one to show what a suppressed finding held.
    var allowlist: Allowlist

    func finding(for endpoint: IPAddress, state: EndpointState, isResolver: Bool) -> Finding? {
        let analysis = TracerouteAnalysis(config: config)
        var traceroutes: [TracerouteSummary] = []
        var staircaseTTLs: [IPAddress: ClosedRange<UInt8>] = [:]
        for series in state.series.values {
            guard let summary = analysis.summary(series) else { continue }
            traceroutes.append(summary)
            if series.method == .icmp, let stairs = analysis.staircase(series) { staircaseTTLs[series.target] = stairs }
        }
        traceroutes.sort { ($0.firstSeen, $0.target, $0.method.rawValue) < ($1.firstSeen, $1.target, $1.method.rawValue) }

        // Echo requests that climbed a staircase belong to the traceroute, not to ping.
        let pings = state.echoRequests.filter { request in
            guard let stairs = staircaseTTLs[request.target], let ttl = request.ttl else { return true }
            return !stairs.contains(ttl)
        }
        var leftOut: [String] = []
        let allowedPings = pings.filter { ping in !allowlist.containsTarget(ping.target) }
        var echo = echoSummary(allowedPings, state: state)
        let pingTargets = Set(pings.map(\.target)).subtracting(allowedPings.map(\.target))
        if !pingTargets.isEmpty { leftOut.append("pings to \(pingTargets.sorted().map(\.description).joined(separator: ", "))") }
        if let summary = echo, allowlist.containsTool(summary.tool) {
            leftOut.append("pings by \(summary.tool)")
            echo = nil
        }
        traceroutes = traceroutes.filter { trace in
            guard allowlist.containsTarget(trace.target) || allowlist.containsTool(trace.tool) else { return true }
            leftOut.append("\(trace.method.rawValue) traceroute to \(trace.target) (\(trace.tool))")
            return false
        }
        let names = isResolver ? [] : state.nameProbes.filter { name in
            guard allowlist.containsDomain(name.name) else { return true }
            leftOut.append("DNS \(name.name)")
            return false
        }
        let lookups = names.filter { $0.category == .ipLookup }
        let checks = names.filter { $0.category == .connectivityCheck }
        let hopRouters = Set(traceroutes.flatMap { trace in trace.hops.compactMap { $0 }.filter { $0 != trace.target } })
        let hopLookups = isResolver ? [] : state.reverseLookups.filter { hopRouters.contains($0.address) }.map(\.probe)
        let http = state.httpProbes.filter { probe in
            guard allowlist.containsTarget(probe.destination) || allowlist.containsDomain(probe.host)
                    || allowlist.containsTool(probe.tool) else { return true }
            leftOut.append("GET \(probe.host)\(probe.path) (\(probe.tool))")
            return false
        }

        var card = ScoreCard()
        if let echo {
            card.add(min(40, 25 + 5 * (echo.targets.count - 1)), echoReason(echo, pings: pings), kind: .icmpEcho)
        }
        for (index, trace) in traceroutes.enumerated() {
            card.add(index == 0 ? 40 : index == 1 ? 10 : 0, tracerouteReason(trace), kind: .traceroute)
        }
        let strongestHTTP = http.indices.max { httpScore(http[$0]) < httpScore(http[$1]) }
        for (index, probe) in http.enumerated() {
            card.add(index == strongestHTTP ? httpScore(probe) : 0, httpReason(probe), kind: .httpGet)
        }
        for (index, name) in lookups.enumerated() {
            card.add(index == 0 ? 15 : 0, name.via == .tlsSNI ? "TLS SNI \(name.name) names an IP-lookup service (HTTPS lookup)"
                                                                : "DNS query for IP-lookup service \(name.name)", kind: .dns)
        }
        // Every OS resolves its captive-portal host and traceroutes resolve their hops: alone they
        // prove nothing, beside other probes they say how the endpoint went about it.
        let corroborated = !card.kinds.isEmpty
        if corroborated && !checks.isEmpty {
            card.add(5, "DNS queries for connectivity-check hosts \(checks.map(\.name).joined(separator: ", "))", kind: .dns)
        }
        if hopLookups.count >= 2 {
            card.add(5, "reverse DNS lookups of \(hopLookups.count) traceroute hops (tracert, and traceroute without -n)", kind: .dns)
        }
        guard corroborated else { return nil }
        if !leftOut.isEmpty { card.add(0, "left out as allowlisted: " + leftOut.joined(separator: "; ")) }
        let namesShown = lookups + checks + (hopLookups.count >= 2 ? hopLookups : [])
        // The connection that carried an HTTP probe is the probe itself, not what followed it.
        let followUps = state.followUps.filter { follow in
            !http.contains { $0.destination == follow.destination && $0.destinationPort == follow.destinationPort }
        }
        for (index, follow) in followUps.enumerated() {
            let points = index > 0 ? 0 : followUps.contains { $0.novelty == .firstContact } ? 20 : 10
            card.add(points, followUpReason(follow))
        }
        card.clamp()
        if let baseline = config.baseline {
            BaselineScoring.adjust(&card, endpoint: endpoint, baseline: baseline)
            card.clamp()
        }
        let score = card.score
        let severity: Finding.Severity = score >= 60 ? .high : score >= 30 ? .medium : .low
        return Finding(endpoint: endpoint, firstSeen: state.firstSeen, lastSeen: state.lastSeen, score: score,
                       severity: severity, kinds: card.kinds, echo: echo, traceroutes: traceroutes, httpGets: http,
                       names: namesShown, followUps: followUps, evidence: state.evidence, evidenceCount: state.evidenceCount, reasons: card.reasons)
    }

    /// ≥ N requests, or ≥ M distinct targets, inside one sliding window.
    private func echoSummary(_ pings: [EchoRequestRecord], state: EndpointState) -> EchoSummary? {
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

    private func echoReason(_ echo: EchoSummary, pings: [EchoRequestRecord]) -> String {
        let span = (pings.map(\.time).max().map { last in last.interval(since: pings.map(\.time).min()!) }) ?? 0
        let targets = echo.targets.count == 1 ? "1 external host" : "\(echo.targets.count) external hosts"
        return "\(echo.requests) ICMP echo requests to \(targets) in \(Timestamp.shortDuration(span)), \(echo.replies) answered"
    }

    private func tracerouteReason(_ trace: TracerouteSummary) -> String {
        var parts: [String] = []
        let target = trace.method == .unknown ? "an unknown target (the log does not quote the probe)" : "\(trace.target)"
        if let top = trace.maxTTL { parts.append("TTL 1..\(top) \(trace.method.rawValue) traceroute to \(trace.target) (\(trace.probes) probes)") }
        let routers = trace.hops.compactMap { $0 }.filter { $0 != trace.target }
        if trace.basis.contains("time_exceeded") {
            parts.append("time-exceeded from \(Set(routers).count) routers for probes to \(target)")
        }
        if trace.basis.contains("port_sequence"), let ports = trace.destinationPorts {
            parts.append("\(trace.probes) UDP probes to \(trace.target) on consecutive traceroute ports \(ports.lowerBound)-\(ports.upperBound) (no TTL in source)")
        }
        if trace.destinationReached { parts.append("destination answered") }
        return parts.joined(separator: "; ")
    }

    private func followUpReason(_ follow: FollowUp) -> String {
        let why = follow.novelty == .firstContact ? "a host it had not contacted before" : "an unusual port"
        let attempts = follow.attempts > 1 ? ", \(follow.attempts) attempts" : ""
        return "then \(follow.transport.uppercased()) connection to \(follow.destination.withPort(follow.destinationPort)), \(why), "
            + "\(Timestamp.shortDuration(follow.secondsAfterProbe)) after a probe\(attempts)"
    }

    private func httpScore(_ probe: HTTPProbe) -> Int {
        if probe.looksLikeOperatingSystem { return 10 }
        switch probe.category {
        case .ipLookup: return 35
        case .bareIP: return 25
        case .connectivityCheck, .terseCheck, .tracerouteHopPTR: return 30
        }
    }

    private func httpReason(_ probe: HTTPProbe) -> String {
        let agent = probe.userAgent.map { "User-Agent \($0)" } ?? "no User-Agent"
        let what: String = switch probe.category {
        case .ipLookup: "IP-lookup service"
        case .bareIP: "bare external IP"
        case .terseCheck: "terse reachability check of"
        case .connectivityCheck, .tracerouteHopPTR: probe.looksLikeOperatingSystem ? "OS-style connectivity check to" : "connectivity-check URL on"
        }
        let proxy = probe.viaProxy ? " through a proxy" : ""
        return "\(probe.method) \(what) \(probe.host)\(probe.path)\(proxy) (\(agent))"
    }
}
