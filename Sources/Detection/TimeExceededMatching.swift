import ProbeHoundCore

/// Ties time-exceeded records that do not quote the probe they answer (Cisco ASA, Windows Firewall,
/// Zeek conn.log, LOGEMU lines) to the probe burst the endpoint sent just before them: the series of
/// UDP traceroute-port probes, or the echo requests, whose latest probe precedes the record by at
/// most `window` seconds (the logs' one-second clocks allow a second the other way). The traceroute
/// then has its method and target; the finding says the link was inferred by time.
enum TimeExceededMatching {
    static let window = 5.0

    static func tie(_ series: [SeriesKey: ProbeSeries], echoRequests: [EchoRequestRecord]) -> [ProbeSeries] {
        var known = series.filter { $0.key.method != .unknown }
        var untied: [ProbeSeries] = []
        for (key, unknown) in series.sorted(by: { ($0.key.target, $0.key.method.rawValue) < ($1.key.target, $1.key.method.rawValue) })
        where key.method == .unknown {
            var rest = unknown
            rest.routers = []
            for reply in unknown.routers {
                if let target = burst(before: reply.time, in: known) ?? echoBurst(before: reply.time, echoRequests) {
                    if known[target] == nil {
                        var made = ProbeSeries(target: target.target, method: target.method, time: reply.time)
                        made.probes = echoRequests.filter { $0.target == target.target }.map { ProbeRecord(time: $0.time, ttl: $0.ttl, origin: $0.origin) }
                        known[target] = made
                    }
                    known[target]!.routers.append(RouterReply(router: reply.router, time: reply.time, origin: reply.origin, probeTTL: nil))
                    known[target]!.tiedByTime = true
                } else {
                    rest.routers.append(reply)
                }
            }
            if !rest.routers.isEmpty { untied.append(rest) }
        }
        return Array(known.values) + untied
    }

    private static func isShortlyBefore(_ probe: Timestamp, _ reply: Timestamp) -> Bool {
        let gap = reply.interval(since: probe)
        return gap >= -1 && gap <= window
    }

    /// The known series with the probe closest before `time`; ties go to the lower target and method,
    /// so the answer never depends on dictionary order.
    private static func burst(before time: Timestamp, in series: [SeriesKey: ProbeSeries]) -> SeriesKey? {
        var best: (key: SeriesKey, gap: Double)? = nil
        for (key, candidate) in series {
            for probe in candidate.probes where isShortlyBefore(probe.time, time) {
                let gap = abs(time.interval(since: probe.time))
                if let current = best, (current.gap, current.key.target, current.key.method.rawValue) <= (gap, key.target, key.method.rawValue) {
                    continue
                }
                best = (key, gap)
            }
        }
        return best?.key
    }

    /// An ICMP traceroute seen only as echo requests (a log without TTLs): the echo target closest before `time`.
    private static func echoBurst(before time: Timestamp, _ requests: [EchoRequestRecord]) -> SeriesKey? {
        var best: (target: IPAddress, gap: Double)? = nil
        for request in requests where isShortlyBefore(request.time, time) {
            let gap = abs(time.interval(since: request.time))
            if let current = best, (current.gap, current.target) <= (gap, request.target) { continue }
            best = (request.target, gap)
        }
        return best.map { SeriesKey(target: $0.target, method: .icmp) }
    }
}
