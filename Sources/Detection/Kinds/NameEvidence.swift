import ProbeHoundCore

/// Host names in DNS questions and TLS server names: an IP-lookup service scores 15 and is
/// meaningful; connectivity-check names (+5) and PTR lookups of ≥ 2 traceroute hops (+5) only
/// corroborate other probes. A resolver's own queries are not the endpoint's.
struct NameEvidence: KindJudgement {
    let lookups: [NameProbe]
    let checks: [NameProbe]
    let hopLookups: [NameProbe]

    init(_ state: EndpointState, isResolver: Bool, traceroutes: TracerouteEvidence, context: inout KindContext) {
        var leftOut: [String] = []
        let allowlist = context.allowlist
        let names = isResolver ? [] : state.nameProbes.filter { name in
            guard allowlist.containsDomain(name.name) else { return true }
            leftOut.append("DNS \(name.name)")
            return false
        }
        context.leftOut += leftOut
        lookups = names.filter { $0.category == .ipLookup }
        checks = names.filter { $0.category == .connectivityCheck }
        let routers = traceroutes.hopRouters
        hopLookups = isResolver ? [] : state.reverseLookups.filter { routers.contains($0.address) }.map(\.probe)
    }

    var isMeaningful: Bool { !lookups.isEmpty }

    /// The names the finding lists.
    var shown: [NameProbe] { lookups + checks + (hopLookups.count >= 2 ? hopLookups : []) }

    func listing(meaningful: Bool) -> KindListing? {
        let shown = shown
        return shown.isEmpty ? nil : KindListing(section: .names(shown), origins: shown.map(\.origin))
    }

    func score(into card: inout ScoreCard) {
        for (index, name) in lookups.enumerated() {
            card.add(index == 0 ? ScoreRule.nameIPLookup.points : 0,
                     name.via == .tlsSNI ? "TLS SNI \(name.name) names an IP-lookup service (HTTPS lookup)"
                                         : "DNS query for IP-lookup service \(name.name)", kind: .dns)
        }
    }

    /// The corroborating names, scored only beside a meaningful probe (check names) or a traceroute (hop PTRs).
    func scoreCorroboration(into card: inout ScoreCard, meaningful: Bool) {
        if meaningful && !checks.isEmpty {
            card.add(ScoreRule.nameCheckHosts.points,
                     "DNS queries for connectivity-check hosts \(checks.map(\.name).joined(separator: ", "))", kind: .dns)
        }
        if hopLookups.count >= 2 {
            card.add(ScoreRule.hopLookups.points,
                     "reverse DNS lookups of \(hopLookups.count) traceroute hops (tracert, and traceroute without -n)", kind: .dns)
        }
    }
}

extension NameProbe {
    /// A DNS question or TLS server name as an evidence line.
    var evidenceLine: EvidenceLine {
        EvidenceLine(kind: ProbeKind.dns.rawValue, label: via == .tlsSNI ? "sni" : "dns", summary: "\(name) [\(category.rawValue)]",
                     rows: [EvidenceRow(target: server.description, port: via == .dns ? "53" : "443", method: via.rawValue, tool: "",
                                        detail: "\(name) [\(category.rawValue)]")])
    }
}

extension ScoreRule {
    public static let nameIPLookup = ScoreRule(points: 15, evidence: "DNS query or TLS SNI naming an IP-lookup service")
    public static let nameCheckHosts = ScoreRule(points: 5, evidence: "beside a meaningful probe: DNS of connectivity-check hosts")
    public static let hopLookups = ScoreRule(points: 5, evidence: "beside a traceroute: PTR lookups of ≥ 2 of its hops")
}

extension NameEvidence {
    static let scoreRules: [ScoreRule] = [.nameIPLookup, .nameCheckHosts, .hopLookups]
}
