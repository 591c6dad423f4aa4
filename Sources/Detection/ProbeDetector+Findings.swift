import ProbeHoundCore

extension ProbeDetector {
    /// Findings of the endpoints touched since the last call (and of endpoints retired since then):
    /// what live mode streams, without re-judging every endpoint each second. Suppressed ones are left out.
    public mutating func changedFindings() -> [Finding] {
        if !tracksChanges {
            // The first call: everything so far counts as changed, and from now on changes are kept.
            tracksChanges = true
            changed = Set(table.states.keys)
        }
        var out = Array(retiredFindings[min(retiredReported, retiredFindings.count)...])
        retiredReported = retiredFindings.count
        for endpoint in changed {
            guard let state = table.state(for: endpoint), let finding = judge(endpoint, state) else { continue }
            out.append(finding)
        }
        changed.removeAll(keepingCapacity: true)
        return out.filter { $0.suppressedBy == nil }
    }

    /// Findings for every endpoint that crossed a threshold (including those already evicted),
    /// highest score first, and apart from them the suppressed ones.
    public func findings() -> (findings: [Finding], suppressed: [Finding]) {
        var all = retiredFindings
        for (endpoint, state) in table.states {
            if let finding = judge(endpoint, state) { all.append(finding) }
        }
        let order: (Finding, Finding) -> Bool = { ($0.score, $1.endpoint) > ($1.score, $0.endpoint) }
        return (all.filter { $0.suppressedBy == nil }.sorted(by: order), all.filter { $0.suppressedBy != nil }.sorted(by: order))
    }

    /// The endpoint's finding with the allowlist applied; where the allowlist removed everything,
    /// the finding as it would have been, marked suppressed.
    func judge(_ endpoint: IPAddress, _ state: EndpointState) -> Finding? {
        let isResolver = resolvers.contains(endpoint)
        let allowlist = config.allowlist
        if allowlist.containsSource(endpoint) {
            var finding = FindingBuilder(config: config, allowlist: Allowlist(), historyStart: historyStart).finding(for: endpoint, state: state, isResolver: isResolver)
            finding?.suppressedBy = "source in allowlist_sources"
            return finding
        }
        if let finding = FindingBuilder(config: config, allowlist: allowlist, historyStart: historyStart).finding(for: endpoint, state: state, isResolver: isResolver) {
            return finding
        }
        guard !allowlist.isEmpty,
              var finding = FindingBuilder(config: config, allowlist: Allowlist(), historyStart: historyStart).finding(for: endpoint, state: state, isResolver: isResolver)
        else { return nil }
        finding.suppressedBy = "every probe allowlisted (allowlist_targets, allowlist_domains, allowlist_tools)"
        return finding
    }
}
