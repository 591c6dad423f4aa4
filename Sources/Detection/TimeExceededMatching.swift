import ProbeHoundCore

/// Ties time-exceeded records that do not quote the probe they answer (Cisco ASA, Windows Firewall,
/// Zeek conn.log, FortiGate, LOGEMU lines) to the probe burst the endpoint sent just before them.
///
/// Candidate bursts, per target and method: the series already known (UDP on consecutive
/// traceroute ports), the echo requests (an ICMP traceroute without TTLs looks like pings; not those
/// a flow record shows the target answered every one of), and the
/// TCP and UDP records the endpoint sent in the seconds before a time-exceeded record
/// (`RecentFlowStarts`). A record is tied to the probe that precedes it most closely — by time,
/// and within one second by the order of the lines, since a log is written as packets pass and
/// many clocks have one-second resolution — among bursts of at least `minimumBurst` probes (packets: a flow record counts what it
/// summarises) within
/// `window` seconds (a traceroute sends several probes per hop; a lone connection is not one).
/// The traceroute then has its method and target, and the finding says the link was inferred by time.
enum TimeExceededMatching {
    static let window = 5.0
    static let minimumBurst = 3

    /// The series with every unquoted time-exceeded record tied where a burst explains it; records
    /// no burst explains stay in a series of unknown method. `tiedEchoRequests` are the echo
    /// requests that became an ICMP traceroute's probes (they are not pings).
    static func tie(_ series: [SeriesKey: ProbeSeries], echoRequests: [EchoRequestRecord],
                    candidates: [SeriesKey: [ProbeRecord]]) -> (series: [ProbeSeries], tiedEchoRequests: Set<Origin>) {
        var known = series.filter { $0.key.method != .unknown }
        var bursts: [SeriesKey: [ProbeRecord]] = known.mapValues(\.probes)
        // Echo requests with a TTL are already in the ICMP series their staircase made; requests
        // the target answered every one of reached it and were no traceroute's.
        for request in echoRequests where !request.inferred && request.ttl == nil && !request.answeredByTarget {
            bursts[SeriesKey(target: request.target, method: .icmp), default: []].append(ProbeRecord(time: request.time, ttl: request.ttl, origin: request.origin,
                                                                                                         count: request.count, span: request.span))
        }
        for (key, probes) in candidates { bursts[key, default: []] += probes }
        let ordered = bursts.sorted { ($0.key.target, $0.key.method.rawValue) < ($1.key.target, $1.key.method.rawValue) }
            .map { Burst(key: $0.key, probes: $0.value) }
        let knownKeys = Set(known.keys)

        var untied: [ProbeSeries] = []
        var tiedEchoRequests: Set<Origin> = []
        var tiedProbes: [SeriesKey: [ProbeRecord]] = [:]
        for (key, unknown) in series.sorted(by: { ($0.key.target, $0.key.method.rawValue) < ($1.key.target, $1.key.method.rawValue) })
        where key.method == .unknown {
            var rest = unknown
            rest.routers = []
            for reply in unknown.routers {
                let answered = burstsAnswered(by: reply, in: ordered, known: knownKeys)
                if answered.isEmpty { rest.routers.append(reply) }
                for (target, probes) in answered {
                    if known[target] == nil {
                        known[target] = ProbeSeries(target: target.target, method: target.method, time: reply.time)
                        known[target]!.firstSeen = probes.map(\.time).min() ?? reply.time
                    }
                    tiedProbes[target, default: []] += probes
                    if target.method == .icmp { tiedEchoRequests.formUnion(probes.map(\.origin)) }
                    known[target]!.routers.append(RouterReply(router: reply.router, time: reply.time, origin: reply.origin, probeTTL: nil))
                    known[target]!.lastSeen = max(known[target]!.lastSeen, reply.time)
                    known[target]!.tiedByTime = true
                }
            }
            if !rest.routers.isEmpty { untied.append(rest) }
        }
        // The probes each tied reply pointed at join their series once, in the order they were written.
        for (target, probes) in tiedProbes {
            var present = Set(known[target]!.probes.map(\.origin))
            for probe in probes where present.insert(probe.origin).inserted { known[target]!.probes.append(probe) }
            known[target]!.probes.sort { precedes($0.time, $0.origin, $1.time, $1.origin) }
        }
        return (Array(known.values) + untied, tiedEchoRequests)
    }

    /// One candidate burst: its probes by time, so a reply's window is found by binary search.
    private struct Burst {
        let key: SeriesKey
        let probes: [ProbeRecord]
        /// The longest span one of its records covers (aggregated flow records), for span overlaps.
        let longestSpan: Double

        init(key: SeriesKey, probes: [ProbeRecord]) {
            self.key = key
            self.probes = probes.sorted { $0.time < $1.time }
            longestSpan = probes.map(\.span).max() ?? 0
        }

        /// The probes sent from `start` seconds to `end` seconds after `time`.
        func probes(around time: Timestamp, from start: Double, to end: Double) -> ArraySlice<ProbeRecord> {
            let low = time.adding(seconds: start), high = time.adding(seconds: end)
            var first = 0, last = probes.count
            while first < last {
                let middle = (first + last) / 2
                if probes[middle].time < low { first = middle + 1 } else { last = middle }
            }
            var stop = first
            while stop < probes.count && probes[stop].time <= high { stop += 1 }
            return probes[first..<stop]
        }
    }

    /// `a` was written before `b`: earlier in time, or in the same second earlier in the same input.
    private static func precedes(_ a: Timestamp, _ aOrigin: Origin, _ b: Timestamp, _ bOrigin: Origin) -> Bool {
        if a != b { return a < b }
        return aOrigin.input == bOrigin.input && aOrigin.index < bOrigin.index
    }

    /// The burst whose probe most closely precedes `reply` (or, failing any, follows it within a
    /// second, for clocks coarser than the order of events), with its probes around the reply; for
    /// a record aggregating several replies over a span (Zeek conn.log), also every other burst
    /// sent during that span. Ties go to the lower target and method, so the answer never depends
    /// on dictionary order.
    private static func burstsAnswered(by reply: RouterReply, in bursts: [Burst], known: Set<SeriesKey>) -> [(SeriesKey, [ProbeRecord])] {
        var best: (key: SeriesKey, probes: [ProbeRecord], probe: ProbeRecord, before: Bool)? = nil
        var during: [(SeriesKey, [ProbeRecord])] = []
        for burst in bursts {
            let key = burst.key
            if reply.span > 0 {
                // Records that overlap the reply's span, give or take a second (either may aggregate).
                let sent = burst.probes(around: reply.time, from: -1 - burst.longestSpan, to: reply.span + 1).filter { probe in
                    probe.time.interval(since: reply.time) + probe.span >= -1
                }
                if sent.reduce(0, { $0 + $1.count }) >= minimumBurst { during.append((key, sent)) }
            }
            let near = Array(burst.probes(around: reply.time, from: -window, to: 1))
            // A series already recognised as a traceroute (consecutive traceroute ports) needs no minimum.
            let packets = near.reduce(0) { $0 + $1.count }
            guard packets >= minimumBurst || !near.isEmpty && known.contains(key) else { continue }
            for probe in near {
                let before = precedes(probe.time, probe.origin, reply.time, reply.origin)
                guard let current = best else { best = (key, near, probe, before); continue }
                if before != current.before {
                    if before { best = (key, near, probe, before) }
                } else if before ? precedes(current.probe.time, current.probe.origin, probe.time, probe.origin)
                                 : precedes(probe.time, probe.origin, current.probe.time, current.probe.origin) {
                    best = (key, near, probe, before)
                }
            }
        }
        guard let best else { return during }
        return [(best.key, best.probes)] + during.filter { $0.0 != best.key }
    }
}
