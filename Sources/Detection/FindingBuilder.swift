import ProbeHoundCore

/// Turns one endpoint's state into a finding, or nil when no kind of probe qualified.
///
/// Each kind judges and scores its own evidence (`Kinds/`), in the order their dependencies need
/// (traceroutes first: echo requests on an ICMP staircase are not pings, PTR lookups corroborate
/// traceroute hops); `CrossKindRules` then adds what looks across kinds. Scoring follows
/// `ScoreRule`; the sum is clamped to 0...100. Severity: high ≥ 60, medium ≥ 30, low below.
struct FindingBuilder {
    let config: DetectionConfig
    /// The allowlist to apply; the detector passes an empty one to show what a suppressed finding held.
    var allowlist: Allowlist
    /// Time of the first packet or record of the run: how much history "first contact" rests on.
    var historyStart: Timestamp?

    func finding(for endpoint: IPAddress, state: EndpointState, isResolver: Bool) -> Finding? {
        var context = KindContext(config: config, allowlist: allowlist)
        let traceroutes = TracerouteEvidence(state, context: &context)
        let echo = EchoEvidence(state, traceroutes: traceroutes, context: &context)
        let http = HTTPGetEvidence(state, context: &context)
        let names = NameEvidence(state, isResolver: isResolver, traceroutes: traceroutes, context: &context)
        let proxy = ProxyEvidence(state, context: &context)
        let process = ProcessEvidence(state, context: &context)

        let judged: [any KindJudgement] = [echo, traceroutes, http, names, proxy, process]

        var card = ScoreCard()
        for kind in judged { kind.score(into: &card) }
        guard !card.kinds.isEmpty else { return nil }

        let meaningful = judged.contains { $0.isMeaningful }
        for kind in judged { kind.scoreCorroboration(into: &card, meaningful: meaningful) }
        if !context.leftOut.isEmpty { card.add(0, "left out as allowlisted: " + context.leftOut.joined(separator: "; ")) }
        let rules = CrossKindRules(config: config, historyStart: historyStart)
        let followUps = rules.followUps(state, http: http, names: names)
        rules.scoreFollowUps(followUps, meaningful: meaningful, card: &card)
        card.clamp()
        rules.capRemoteSource(endpoint, pings: echo.pings, card: &card)
        rules.applyBaseline(endpoint, card: &card)

        let score = card.score
        let severity: Finding.Severity = score >= 60 ? .high : score >= 30 ? .medium : .low
        let listings = judged.compactMap { $0.listing(meaningful: meaningful) }
        let sections = listings.map(\.section)
        // First and last seen are those of the probes the finding lists, not of everything the
        // endpoint sent that looked probe-like (a lone ping, a DNS name of a resolver's).
        let listed = sections.flatMap(\.probeTimes)
        // The evidence frames are those of the probes the finding lists, in capture order.
        let origins = Set(listings.flatMap(\.origins)).sorted { ($0.input, $0.index) < ($1.input, $1.index) }
        return Finding(endpoint: endpoint, firstSeen: listed.min() ?? state.firstSeen, lastSeen: listed.max() ?? state.lastSeen, score: score,
                       severity: severity, kinds: card.kinds, sections: sections, followUps: followUps,
                       evidence: Array(origins.prefix(config.maximumEvidence)), evidenceCount: origins.count,
                       reasons: card.reasons, tunnels: state.tunnels, firstProbeTime: state.firstSeen)
    }
}
