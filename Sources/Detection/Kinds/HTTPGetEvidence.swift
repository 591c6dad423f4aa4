import ProbeHoundCore

/// HTTP GETs judged probes by `HTTPProbeClassifier`: the strongest scores (IP lookup 35, scripted
/// check 30, bare IP 25, OS-style check 10); all but OS-style checks are meaningful.
struct HTTPGetEvidence: KindJudgement {
    let probes: [HTTPProbe]

    init(_ state: EndpointState, context: inout KindContext) {
        var leftOut: [String] = []
        let allowlist = context.allowlist
        probes = state.httpProbes.filter { probe in
            guard allowlist.containsTarget(probe.destination) || allowlist.containsDomain(probe.host)
                    || allowlist.containsTool(probe.tool) else { return true }
            leftOut.append("GET \(probe.host)\(probe.path) (\(probe.tool))")
            return false
        }
        context.leftOut += leftOut
    }

    var isMeaningful: Bool { probes.contains { !$0.looksLikeOperatingSystem } }

    func listing(meaningful: Bool) -> KindListing? {
        probes.isEmpty ? nil : KindListing(section: .httpGets(probes), origins: probes.map(\.origin))
    }

    func score(into card: inout ScoreCard) {
        let strongest = probes.indices.max { HTTPGetEvidence.points(probes[$0]) < HTTPGetEvidence.points(probes[$1]) }
        for (index, probe) in probes.enumerated() {
            card.add(index == strongest ? HTTPGetEvidence.points(probe) : 0, HTTPGetEvidence.reason(probe), kind: .httpGet)
        }
    }

    static func points(_ probe: HTTPProbe) -> Int {
        if probe.looksLikeOperatingSystem { return ScoreRule.httpOperatingSystemCheck.points }
        switch probe.category {
        case .ipLookup: return ScoreRule.httpIPLookup.points
        case .bareIP: return ScoreRule.httpBareIP.points
        case .connectivityCheck, .terseCheck, .tracerouteHopPTR: return ScoreRule.httpScriptedCheck.points
        }
    }

    static func reason(_ probe: HTTPProbe) -> String {
        let agent = probe.userAgent.map { "User-Agent \($0)" } ?? probe.missingAgent
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

extension HTTPProbe {
    /// A GET as an evidence line: URL, server, proxy, agent and category.
    var evidenceLine: EvidenceLine {
        EvidenceLine(kind: ProbeKind.httpGet.rawValue, label: "http",
                     summary: "\(method) http://\(host)\(path) -> \(destination)\(viaProxy ? " via proxy" : "") (\(userAgent ?? missingAgent)) [\(category.rawValue)]",
                     rows: [EvidenceRow(target: destination.description, port: destinationPort.map(String.init) ?? "", method: method, tool: tool,
                                        detail: "http://\(host)\(path) [\(category.rawValue)] User-Agent: \(userAgent ?? (headersRecorded ? "none" : "not logged"))")])
    }

    /// How a request without a User-Agent is described: none sent, or none the source logs.
    var missingAgent: String { headersRecorded ? "no User-Agent" : "User-Agent not logged" }
}

extension ScoreRule {
    public static let httpIPLookup = ScoreRule(points: 35, evidence: "HTTP GET to an IP-lookup service")
    public static let httpScriptedCheck = ScoreRule(points: 30, evidence: "HTTP connectivity check or terse check by a scripted or header-less client")
    public static let httpBareIP = ScoreRule(points: 25, evidence: "HTTP GET to a bare external IP: scripted or no User-Agent, short path, no query")
    public static let httpOperatingSystemCheck = ScoreRule(points: 10, evidence: "OS-style captive-portal check (the OS's own or a browser User-Agent, on the check path)")
}

extension HTTPGetEvidence {
    static let scoreRules: [ScoreRule] = [.httpIPLookup, .httpScriptedCheck, .httpBareIP, .httpOperatingSystemCheck]
}
