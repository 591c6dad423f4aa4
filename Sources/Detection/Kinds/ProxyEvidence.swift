import ProbeHoundCore

/// Proxy discovery: how a host finds out whether its way out goes through a proxy (T1016.001's "by
/// which path"). Requests in proxy form to ≥ 2 proxies score 25 (a host trying ways out: a site's
/// clients use the one proxy their configuration names), a proxy auto-config file fetched by a
/// scripted client 20; both are meaningful. WPAD look-ups and the OS's own auto-config fetches are
/// what Windows does on every network, so they count only beside another kind's meaningful probe (+5),
/// and alone make no finding.
struct ProxyEvidence: KindJudgement {
    /// One request in proxy form per proxy (address and port) it went to.
    let proxies: [ProxyProbe]
    /// Auto-config files fetched by a scripted client or one without a User-Agent.
    let scriptedFetches: [ProxyProbe]
    /// WPAD look-ups and auto-config fetches by the OS or a browser.
    let lookups: [ProxyProbe]

    init(_ state: EndpointState, context: inout KindContext) {
        var leftOut: [String] = []
        let allowlist = context.allowlist
        let kept = state.proxyProbes.filter { probe in
            guard allowlist.containsTarget(probe.server) || allowlist.containsTool(probe.tool) else { return true }
            leftOut.append("proxy \(probe.action.rawValue) \(probe.detail) to \(probe.server)")
            return false
        }
        context.leftOut += leftOut
        proxies = kept.filter { $0.action == .proxyRequest }
        let fetches = kept.filter { $0.action == .autoConfigFetch }
        scriptedFetches = fetches.filter { !ProxyEvidence.ordinaryClients.contains($0.tool) }
        lookups = kept.filter { $0.action == .wpadLookup } + fetches.filter { ProxyEvidence.ordinaryClients.contains($0.tool) }
    }

    /// Clients whose auto-config fetch is the OS or a browser doing its job (or a log that cannot tell).
    private static let ordinaryClients: Set<String> = ["os", "system-agent", "browser", "unknown", "not logged"]

    var isMeaningful: Bool { proxies.count >= 2 || !scriptedFetches.isEmpty }

    func score(into card: inout ScoreCard) {
        if proxies.count >= 2 {
            let list = proxies.map { $0.server.withPort($0.port) }.joined(separator: ", ")
            card.add(ScoreRule.proxyCandidates.points, "requests in proxy form to \(proxies.count) proxies (\(list)): trying ways out through proxies",
                     kind: .proxy)
        }
        for (index, fetch) in scriptedFetches.enumerated() {
            card.add(index == 0 ? ScoreRule.proxyAutoConfigScripted.points : 0,
                     "\(fetch.detail) from \(fetch.server) by \(fetch.tool): a proxy auto-config fetched by a script", kind: .proxy)
        }
    }

    func scoreCorroboration(into card: inout ScoreCard, meaningful: Bool) {
        guard meaningful && !isMeaningful, let first = (lookups + proxies).first else { return }
        let count = lookups.count + proxies.count
        card.add(ScoreRule.proxyLookupBeside.points, "it also looked for or used a proxy: \(first.sentence)"
                 + (count > 1 ? " and \(count - 1) more" : ""), kind: .proxy)
    }

    func listing(meaningful: Bool) -> KindListing? {
        let listed = isMeaningful || meaningful ? proxies + scriptedFetches + lookups : []
        guard !listed.isEmpty else { return nil }
        return KindListing(section: .proxies(listed.sorted { $0.time < $1.time }), origins: listed.map(\.origin))
    }
}

/// A step of proxy discovery: a WPAD look-up, an auto-config fetch, or a request in proxy form.
public struct ProxyProbe: Sendable, Equatable {
    /// What the host did.
    public enum Action: String, Sendable {
        /// Asked DNS for `wpad` (Web Proxy Auto-Discovery).
        case wpadLookup = "wpad_lookup"
        /// Fetched a proxy auto-config file (`wpad.dat`, `*.pac`).
        case autoConfigFetch = "auto_config_fetch"
        /// Sent a request in proxy form (CONNECT, or an absolute-form target) to a proxy.
        case proxyRequest = "proxy_request"
    }

    /// The first time it was seen.
    public var time: Timestamp
    /// Where that first one was seen.
    public var origin: Origin
    /// What the host did.
    public var action: Action
    /// The DNS server asked, the server of the auto-config file, or the proxy.
    public var server: IPAddress
    /// Its port, nil where the source gives none.
    public var port: UInt16?
    /// The name asked, or the request line (attacker text: encoded by every output).
    public var detail: String
    /// The client the User-Agent names (`curl`, `os`, `browser`, `none`...), `dns` for a look-up.
    public var tool: String
    /// How many times it was seen (the same name, URL, or proxy).
    public var count = 1

    /// The same look-up or fetch (name or URL and server), or a request to the same proxy.
    func sameAs(_ other: ProxyProbe) -> Bool {
        guard action == other.action, server == other.server else { return false }
        return action == .proxyRequest ? port == other.port : detail == other.detail
    }

    /// The request target's path (before any query) ends in `.pac` or `wpad.dat`, in any case.
    static func namesAutoConfig(_ bytes: Span<UInt8>, _ target: Range<Int>) -> Bool {
        var end = target.lowerBound
        while end < target.upperBound && bytes[end] != UInt8(ascii: "?") && bytes[end] != UInt8(ascii: "#") { end += 1 }
        return end - target.lowerBound >= 4 && bytes.equalsIgnoringCase(".pac", end - 4..<end)
            || end - target.lowerBound >= 8 && bytes.equalsIgnoringCase("wpad.dat", end - 8..<end)
    }

    /// The step in words, for reasons and the table.
    var sentence: String {
        switch action {
        case .wpadLookup: "WPAD look-up \(detail) to \(server)"
        case .autoConfigFetch: "\(detail) from \(server.withPort(port)) (\(tool))"
        case .proxyRequest: count > 1 ? "\(count) requests to proxy \(server.withPort(port)) (\(tool)), the first \(detail)"
                                      : "\(detail) to proxy \(server.withPort(port)) (\(tool))"
        }
    }

    /// The step as an evidence line.
    var evidenceLine: EvidenceLine {
        EvidenceLine(kind: ProbeKind.proxy.rawValue, label: "proxy", summary: sentence + (count > 1 && action != .proxyRequest ? ", \(count) times" : ""),
                     rows: [EvidenceRow(target: server.description, port: port.map(String.init) ?? "",
                                        method: action == .wpadLookup ? "dns" : String(detail.prefix { $0 != " " }), tool: tool,
                                        detail: "\(action.rawValue): \(detail)" + (count > 1 ? " (\(count) times)" : ""))])
    }
}

extension ScoreRule {
    public static let proxyCandidates = ScoreRule(points: 25, evidence: "requests in proxy form (CONNECT or absolute URL) to ≥ 2 different proxies")
    public static let proxyAutoConfigScripted = ScoreRule(points: 20, evidence: "a proxy auto-config file (`wpad.dat`, `*.pac`) fetched by a scripted or header-less client")
    public static let proxyLookupBeside = ScoreRule(points: 5, evidence: "beside a meaningful probe: a WPAD look-up, auto-config fetch or request through a proxy")
}

extension ProxyEvidence {
    static let scoreRules: [ScoreRule] = [.proxyCandidates, .proxyAutoConfigScripted, .proxyLookupBeside]
}
