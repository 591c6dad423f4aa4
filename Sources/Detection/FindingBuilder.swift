import ProbeHoundCore

/// Turns one endpoint's state into a finding, or nil when nothing crossed a threshold.
///
/// Scoring follows `ScoreRule` (each step written into `reasons`, the README's table generated from
/// it); the strongest GET and the first two traceroutes score. Clamped to 0...100. Severity: high ≥ 60,
/// medium ≥ 30, low below.
struct FindingBuilder {
    let config: DetectionConfig
    /// The allowlist to apply; the detector passes an empty one to show what a suppressed finding held.
    var allowlist: Allowlist
    /// Time of the first packet or record of the run: how much history "first contact" rests on.
    var historyStart: Timestamp?

    func finding(for endpoint: IPAddress, state: EndpointState, isResolver: Bool) -> Finding? {
        let analysis = TracerouteAnalysis(config: config)
        var traceroutes: [TracerouteSummary] = []
        var staircaseTTLs: [IPAddress: ClosedRange<UInt8>] = [:]
        for series in TimeExceededMatching.tie(state.series, echoRequests: state.echoRequests) {
            guard let summary = analysis.summary(series) else { continue }
            // Time-exceeded from internal routers alone, for an unknown target, says nothing about the Internet.
            if series.method == .unknown && summary.hops.allSatisfy({ $0.map(config.isInternal) ?? true }) { continue }
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
            let further = min(2, echo.targets.count - 1)
            card.add(ScoreRule.echo.points + further * ScoreRule.echoFurtherTarget.points, echoReason(echo, pings: pings), kind: .icmpEcho)
            let resolvers = echo.targets.filter(ReachabilityTargets.contains)
            if !resolvers.isEmpty {
                card.add(ScoreRule.echoReachabilityTarget.points, "\(resolvers.map(\.description).joined(separator: ", ")) "
                         + (resolvers.count == 1 ? "is a well-known reachability target" : "are well-known reachability targets")
                         + " (public resolver)")
            }
            if FindingBuilder.pingPrograms.contains(echo.tool) {
                card.add(ScoreRule.echoPingProgram.points, "the requests carry \(echo.tool)'s payload: a ping run by a person or a script")
            }
        }
        for (index, trace) in traceroutes.enumerated() {
            let points = index == 0 ? ScoreRule.traceroute.points : index == 1 ? ScoreRule.secondTraceroute.points : 0
            card.add(points, tracerouteReason(trace), kind: .traceroute)
        }
        let strongestHTTP = http.indices.max { httpScore(http[$0]) < httpScore(http[$1]) }
        for (index, probe) in http.enumerated() {
            card.add(index == strongestHTTP ? httpScore(probe) : 0, httpReason(probe), kind: .httpGet)
        }
        for (index, name) in lookups.enumerated() {
            card.add(index == 0 ? ScoreRule.nameIPLookup.points : 0,
                     name.via == .tlsSNI ? "TLS SNI \(name.name) names an IP-lookup service (HTTPS lookup)"
                                         : "DNS query for IP-lookup service \(name.name)", kind: .dns)
        }
        guard !card.kinds.isEmpty else { return nil }
        // What a person or a script does to check its way out, as opposed to OS and app housekeeping:
        // only beside such probes do check-host lookups and the connections that followed say anything.
        let meaningful = echo.map { !Set($0.targets).isDisjoint(with: ReachabilityTargets.addresses)
                                    || FindingBuilder.pingPrograms.contains($0.tool) } ?? false
            || !traceroutes.isEmpty || !lookups.isEmpty || http.contains { !$0.looksLikeOperatingSystem }
        if meaningful && !checks.isEmpty {
            card.add(ScoreRule.nameCheckHosts.points,
                     "DNS queries for connectivity-check hosts \(checks.map(\.name).joined(separator: ", "))", kind: .dns)
        }
        if hopLookups.count >= 2 {
            card.add(ScoreRule.hopLookups.points,
                     "reverse DNS lookups of \(hopLookups.count) traceroute hops (tracert, and traceroute without -n)", kind: .dns)
        }
        if !leftOut.isEmpty { card.add(0, "left out as allowlisted: " + leftOut.joined(separator: "; ")) }
        let namesShown = lookups + checks + (hopLookups.count >= 2 ? hopLookups : [])
        // The connection that carried an HTTP probe or a TLS lookup is the probe itself, not what followed it.
        let followUps = state.followUps.filter { follow in
            !http.contains { $0.destination == follow.destination && $0.destinationPort == follow.destinationPort }
                && !lookups.contains { $0.via == .tlsSNI && $0.server == follow.destination }
        }
        scoreFollowUps(followUps, meaningful: meaningful, card: &card)
        card.clamp()
        if let hops = remoteHops(endpoint, pings: pings) {
            let why = "\(endpoint) is on no internal network and its echo requests arrived \(hops) hops from their initial "
                + "TTL: more likely a remote host probing in than a local one probing out (add its network with --internal if it is local)"
            if card.score > ScoreRule.remoteSourceCap.points { card.cap(at: ScoreRule.remoteSourceCap.points, "capped: " + why) }
            else { card.add(0, why) }
        }
        if let baseline = config.baseline {
            BaselineScoring.adjust(&card, endpoint: endpoint, baseline: baseline)
            card.clamp()
        }
        let score = card.score
        let severity: Finding.Severity = score >= 60 ? .high : score >= 30 ? .medium : .low
        return Finding(endpoint: endpoint, firstSeen: state.firstSeen, lastSeen: state.lastSeen, score: score,
                       severity: severity, kinds: card.kinds, echo: echo, traceroutes: traceroutes, httpGets: http,
                       names: namesShown, followUps: followUps, evidence: state.evidence, evidenceCount: state.evidenceCount, reasons: card.reasons,
                       tunnels: state.tunnels)
    }

    /// Payload fingerprints of ping programs a person or script runs (not an app's own latency pings).
    static let pingPrograms: Set<String> = ["iputils-ping", "windows-ping", "bsd-ping", "cisco-ping"]

    /// One reason line per kind of follow-up, with the count; points only beside a meaningful probe.
    private func scoreFollowUps(_ followUps: [FollowUp], meaningful: Bool, card: inout ScoreCard) {
        let firstContacts = followUps.filter { $0.novelty == .firstContact }
        let unusualPorts = followUps.filter { $0.novelty == .unusualPort }
        let note = meaningful ? "" : " (not scored: beside OS or app housekeeping only)"
        if let first = firstContacts.first {
            var text = firstContacts.count == 1 ? "then a connection to a host it had not contacted before: "
                : "then \(firstContacts.count) connections to hosts it had not contacted before, the first "
            text += "\(first.transport.uppercased()) to \(first.destination.withPort(first.destinationPort)), "
                + "\(Timestamp.shortDuration(first.secondsAfterProbe)) after a probe"
            if first.attempts > 1 { text += ", \(first.attempts) attempts" }
            if let historyStart, first.time.interval(since: historyStart) < config.followUpWindowSeconds {
                text += "; the input holds only \(Timestamp.shortDuration(first.time.interval(since: historyStart))) of history before it"
            }
            card.add(meaningful ? ScoreRule.followUpFirstContact.points : 0, text + note)
        }
        if let first = unusualPorts.first {
            var text = unusualPorts.count == 1 ? "then a connection on an unusual port: "
                : "then \(unusualPorts.count) connections on unusual ports, the first "
            text += "\(first.transport.uppercased()) to \(first.destination.withPort(first.destinationPort)), "
                + "\(Timestamp.shortDuration(first.secondsAfterProbe)) after a probe"
            if first.attempts > 1 { text += ", \(first.attempts) attempts" }
            card.add(meaningful && firstContacts.isEmpty ? ScoreRule.followUpUnusualPort.points : 0, text + note)
        }
    }

    /// Hops between a non-internal source and the sensor, judged from the TTL its echo requests
    /// arrive with (the nearest initial TTL above it: 32, 64, 128 or 255); nil when it is internal,
    /// the TTLs are unknown (logs) or it is fewer than 3 hops away.
    private func remoteHops(_ endpoint: IPAddress, pings: [EchoRequestRecord]) -> Int? {
        guard !config.isInternal(endpoint) else { return nil }
        let ttls = pings.compactMap(\.ttl).filter { $0 > config.probeMaximumTTL }
        guard let highest = ttls.max() else { return nil }
        let initial: Int = [32, 64, 128, 255].first { $0 >= Int(highest) } ?? 255
        let hops = initial - Int(highest)
        return hops >= 3 ? hops : nil
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

    private func httpScore(_ probe: HTTPProbe) -> Int {
        if probe.looksLikeOperatingSystem { return ScoreRule.httpOperatingSystemCheck.points }
        switch probe.category {
        case .ipLookup: return ScoreRule.httpIPLookup.points
        case .bareIP: return ScoreRule.httpBareIP.points
        case .connectivityCheck, .terseCheck, .tracerouteHopPTR: return ScoreRule.httpScriptedCheck.points
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
