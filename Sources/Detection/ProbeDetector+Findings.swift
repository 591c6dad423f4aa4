import ProbeHoundCore

extension ProbeDetector {
    /// Findings of the endpoints touched since the last call (and of endpoints retired since then):
    /// what live mode streams, without re-judging every endpoint each second.
    public mutating func changedFindings() -> [Finding] {
        let builder = FindingBuilder(config: config)
        var out = Array(retiredFindings[min(retiredReported, retiredFindings.count)...])
        retiredReported = retiredFindings.count
        for endpoint in changed {
            guard let state = table.state(for: endpoint),
                  let finding = builder.finding(for: endpoint, state: state, isResolver: resolvers.contains(endpoint)) else { continue }
            out.append(finding)
        }
        changed.removeAll(keepingCapacity: true)
        return out.filter { !config.isAllowlisted($0.endpoint) }
    }
}

extension ProbeDetector {
    /// Findings for every endpoint that crossed a threshold (including those already evicted),
    /// highest score first. Allowlisted sources are left out and counted in `suppressed`.
    public func findings() -> (findings: [Finding], suppressed: Int) {
        let builder = FindingBuilder(config: config)
        var all = retiredFindings
        for (endpoint, state) in table.states {
            if let finding = builder.finding(for: endpoint, state: state, isResolver: resolvers.contains(endpoint)) {
                all.append(finding)
            }
        }
        let kept = all.filter { !config.isAllowlisted($0.endpoint) }
        let sorted = kept.sorted { ($0.score, $1.endpoint) > ($1.score, $0.endpoint) }
        return (sorted, all.count - kept.count)
    }
}
