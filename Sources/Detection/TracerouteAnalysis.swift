import ProbeHoundCore

/// Judges one probe series: a TTL staircase (≥ N distinct ascending TTLs starting low, small steps),
/// time-exceeded replies from ≥ N routers, or — for sources without TTL — consecutive classic
/// traceroute ports. Rebuilds the hop path from the replies matched to probe TTLs.
struct TracerouteAnalysis {
    let config: DetectionConfig

    /// The staircase's TTL range, or nil when the probes' TTLs do not form one.
    func staircase(_ series: ProbeSeries) -> ClosedRange<UInt8>? {
        var seen = [Bool](repeating: false, count: 256)
        for probe in series.probes { if let ttl = probe.ttl { seen[Int(ttl)] = true } }
        guard let start = (1...Int(config.tracerouteMaximumStartTTL)).first(where: { seen[$0] }) else { return nil }
        var top = start
        var distinct = 1
        var candidate = start + 1
        while candidate < 256 && candidate - top <= Int(config.tracerouteMaximumStep) {
            if seen[candidate] {
                top = candidate
                distinct += 1
            }
            candidate += 1
        }
        guard distinct >= config.tracerouteMinimumTTLs else { return nil }
        return UInt8(start)...UInt8(top)
    }

    func summary(_ series: ProbeSeries) -> TracerouteSummary? {
        let stairs = staircase(series)
        let routers = Set(series.routers.map(\.router)).subtracting([series.target])
        let byRouters = routers.count >= config.tracerouteMinimumRouters
        let ports = portSequence(series)
        guard stairs != nil || byRouters || ports != nil else { return nil }

        var basis: [String] = []
        if stairs != nil { basis.append("ttl_staircase") }
        if byRouters { basis.append("time_exceeded") }
        if ports != nil && stairs == nil { basis.append("port_sequence") }
        if series.tiedByTime { basis.append("tied_by_time") }

        let probes = series.probes.filter { probe in
            guard let stairs else { return true }
            return probe.ttl.map { stairs.contains($0) } ?? true
        }
        return TracerouteSummary(target: series.target, method: series.method, probes: probes.reduce(0) { $0 + $1.count } + series.probesDropped,
                                 minTTL: stairs.map { Int($0.lowerBound) }, maxTTL: stairs.map { Int($0.upperBound) }, hops: hops(series),
                                 destinationReached: series.destinationAnswered, tool: ProbeToolFingerprint.tracerouteTool(method: series.method, probes: probes, udpPorts: config.tracerouteUDPPorts),
                                 basis: basis, firstSeen: probes.map(\.time).min() ?? series.firstSeen,
                                 destinationPorts: portRange(probes),
                                 probeTimeline: probes.compactMap { probe in probe.ttl.map { ProbePoint(time: probe.time, ttl: $0) } })
    }

    /// Routers placed at the TTL of the probe they answered; without any match, in order of arrival.
    func hops(_ series: ProbeSeries) -> [IPAddress?] {
        var byTTL: [Int: IPAddress] = [:]
        var unplaced: [IPAddress] = []
        for reply in series.routers.sorted(by: { $0.time < $1.time }) {
            if let ttl = reply.probeTTL, ttl > 0 {
                if byTTL[Int(ttl)] == nil { byTTL[Int(ttl)] = reply.router }
            } else if !unplaced.contains(reply.router) && !byTTL.values.contains(reply.router) {
                unplaced.append(reply.router)
            }
        }
        if byTTL.isEmpty {
            return unplaced.map { Optional($0) } + (series.destinationAnswered && !unplaced.contains(series.target) ? [series.target] : [])
        }
        var length = byTTL.keys.max() ?? 0
        // TTL 0 is no hop (a crafted or broken header): only TTLs from 1 place a router.
        let destinationTTL = series.destinationTTL.flatMap { $0 > 0 ? Int($0) : nil }
        if let destinationTTL { length = max(length, destinationTTL) }
        var path = [IPAddress?](repeating: nil, count: length)
        for (ttl, router) in byTTL where ttl <= length { path[ttl - 1] = router }
        if let destinationTTL, path[destinationTTL - 1] == nil {
            path[destinationTTL - 1] = series.target
        }
        return path
    }

    /// ≥ N probes on consecutive classic traceroute ports within seconds (for TTL-less sources).
    private func portSequence(_ series: ProbeSeries) -> ClosedRange<UInt16>? {
        guard series.method == .udp else { return nil }
        let ports = Set(series.probes.compactMap { $0.destinationPort }.filter { config.tracerouteUDPPorts.contains($0) }).sorted()
        guard ports.count >= config.tracerouteMinimumPortSessions else { return nil }
        var runStart = 0
        for i in 1..<ports.count {
            if ports[i] != ports[i - 1] + 1 { runStart = i; continue }
            if i - runStart + 1 >= config.tracerouteMinimumPortSessions { return ports[runStart]...ports[i] }
        }
        return nil
    }

    private func portRange(_ probes: [ProbeRecord]) -> ClosedRange<UInt16>? {
        let ports = probes.compactMap(\.destinationPort)
        guard let low = ports.min(), let high = ports.max() else { return nil }
        return low...high
    }
}
