import ProbeHoundCore

/// The rules that look across kinds: which connections after a probe count (only beside a
/// meaningful probe, never the connection that carried an HTTP probe or a TLS lookup), the cap on
/// a source that pings in from afar, and the baseline's adjustment.
struct CrossKindRules {
    let config: DetectionConfig
    /// Time of the first packet or record of the run: how much history "first contact" rests on.
    let historyStart: Timestamp?

    /// Follow-ups that are not the probes' own connections.
    func followUps(_ state: EndpointState, http: HTTPGetEvidence, names: NameEvidence) -> [FollowUp] {
        state.followUps.filter { follow in
            !http.probes.contains { $0.destination == follow.destination && $0.destinationPort == follow.destinationPort }
                && !names.lookups.contains { $0.via == .tlsSNI && $0.server == follow.destination }
        }
    }

    /// One reason line per kind of follow-up, with the count; points only beside a meaningful probe.
    func scoreFollowUps(_ followUps: [FollowUp], meaningful: Bool, card: inout ScoreCard) {
        let firstContacts = followUps.filter { $0.novelty == .firstContact }
        let unusualPorts = followUps.filter { $0.novelty == .unusualPort }
        let note = meaningful ? "" : " (not scored: beside OS or app housekeeping only)"
        if let first = firstContacts.first {
            var text = firstContacts.count == 1 ? "then a connection to a host it had not contacted before: "
                : "then \(firstContacts.count) connections to hosts it had not contacted before, the first "
            text += describe(first)
            if let historyStart, first.time.interval(since: historyStart) < config.followUpWindowSeconds {
                text += "; the input holds only \(Timestamp.shortDuration(first.time.interval(since: historyStart))) of history before it"
            }
            card.add(meaningful ? ScoreRule.followUpFirstContact.points : 0, text + note)
        }
        if let first = unusualPorts.first {
            let text = (unusualPorts.count == 1 ? "then a connection on an unusual port: "
                : "then \(unusualPorts.count) connections on unusual ports, the first ") + describe(first)
            card.add(meaningful && firstContacts.isEmpty ? ScoreRule.followUpUnusualPort.points : 0, text + note)
        }
    }

    private func describe(_ follow: FollowUp) -> String {
        "\(follow.transport.uppercased()) to \(follow.destination.withPort(follow.destinationPort)), "
            + "\(Timestamp.shortDuration(follow.secondsAfterProbe)) after a probe" + (follow.attempts > 1 ? ", \(follow.attempts) attempts" : "")
    }

    /// A source on no internal network whose echo requests arrive ≥ 3 hops from their initial TTL is
    /// more likely probing in than out: capped at `ScoreRule.remoteSourceCap`, and said either way.
    func capRemoteSource(_ endpoint: IPAddress, pings: [EchoRequestRecord], card: inout ScoreCard) {
        guard let hops = remoteHops(endpoint, pings: pings) else { return }
        let why = "\(endpoint) is on no internal network and its echo requests arrived \(hops) hops from their initial "
            + "TTL: more likely a remote host probing in than a local one probing out (add its network with --internal if it is local)"
        if card.score > ScoreRule.remoteSourceCap.points { card.cap(at: ScoreRule.remoteSourceCap.points, "capped: " + why) }
        else { card.add(0, why) }
    }

    /// The nearest initial TTL above the highest seen (32, 64, 128 or 255) minus it; nil when the
    /// endpoint is internal, the TTLs are unknown (logs) or it is fewer than 3 hops away.
    private func remoteHops(_ endpoint: IPAddress, pings: [EchoRequestRecord]) -> Int? {
        guard !config.isInternal(endpoint) else { return nil }
        guard let highest = pings.compactMap(\.ttl).filter({ $0 > config.probeMaximumTTL }).max() else { return nil }
        let initial: Int = [32, 64, 128, 255].first { $0 >= Int(highest) } ?? 255
        let hops = initial - Int(highest)
        return hops >= 3 ? hops : nil
    }

    func applyBaseline(_ endpoint: IPAddress, card: inout ScoreCard) {
        guard let baseline = config.baseline else { return }
        BaselineScoring.adjust(&card, endpoint: endpoint, baseline: baseline)
        card.clamp()
    }
}

extension FollowUp {
    /// A follow-up connection as an evidence line.
    var evidenceLine: EvidenceLine {
        EvidenceLine(kind: "follow_up", label: "then",
                     summary: "\(transport) \(destination.withPort(destinationPort)) at \(time.iso8601) [\(novelty.rawValue)]",
                     rows: [EvidenceRow(target: destination.description, port: destinationPort.map(String.init) ?? "", method: transport, tool: "",
                                        detail: "\(novelty.rawValue) at \(time.iso8601), \(attempts) attempts")])
    }
}

extension ScoreRule {
    public static let followUpFirstContact = ScoreRule(points: 20, evidence: "beside a meaningful probe: then a connection to a host not contacted before (one line per kind, with the count)")
    public static let followUpUnusualPort = ScoreRule(points: 10, evidence: "beside a meaningful probe: then a connection on an unusual port only")
    public static let remoteSourceCap = ScoreRule(points: 25, evidence: "cap when the source is on no internal network and its pings arrive ≥ 3 hops from their initial TTL (a remote host probing in)", caps: true)
}

extension CrossKindRules {
    static let scoreRules: [ScoreRule] = [.followUpFirstContact, .followUpUnusualPort, .remoteSourceCap]
}
