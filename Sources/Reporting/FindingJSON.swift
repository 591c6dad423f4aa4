import ProbeHoundCore
public import Detection

/// `--format ndjson`: one finding per line in DESIGN.md's schema.
public enum FindingJSON {
    /// One finding as an ndjson line of the documented schema: one section per kind (the one place
    /// that switches over `KindSection`, so a kind without its section does not compile), every text field escaped.
    public static func line(_ finding: Finding, inputNames: [String], originUnit: String = "frame") -> String {
        var json = JSONWriter()
        json.field("type", "finding")
        json.field("id", FindingIdentity.id(finding, inputNames: inputNames))
        json.field("technique", "T1016.001")
        json.field("endpoint", finding.endpoint.description)
        json.field("first_seen", finding.firstSeen.iso8601)
        json.field("last_seen", finding.lastSeen.iso8601)
        json.field("score", finding.score)
        json.field("severity", finding.severity.rawValue)
        json.field("kinds", strings: finding.kindNames)
        for section in finding.sections {
            switch section {
            case .echo(let echo):
                var e = JSONWriter()
                e.field("requests", echo.requests)
                e.field("replies", echo.replies)
                e.field("targets", strings: echo.targets.map(\.description))
                e.field("tool", echo.tool)
                json.field("icmp_echo", raw: e.object)
            case .traceroutes(let traces):
                json.field("traceroute", raw: JSONWriter.array(traces.map(traceroute)))
            case .httpGets(let gets):
                json.field("http_get", raw: JSONWriter.array(gets.map(http)))
            case .names(let names):
                json.field("dns", raw: JSONWriter.array(names.map { name in
                    var d = JSONWriter()
                    d.field("query", name.name)
                    d.field("category", name.category.rawValue)
                    d.field("via", name.via.rawValue)
                    d.field("server", name.server.description)
                    return d.object
                }))
            case .proxies(let steps):
                json.field("proxy", raw: JSONWriter.array(steps.map { step in
                    var p = JSONWriter()
                    p.field("action", step.action.rawValue)
                    p.field("server", step.server.description)
                    p.field("port", step.port.map(Int.init))
                    p.field("detail", step.detail)
                    p.field("tool", step.tool)
                    p.field("count", step.count)
                    return p.object
                }))
            case .processes(let probes):
                json.field("process", raw: JSONWriter.array(probes.map { probe in
                    var p = JSONWriter()
                    p.field("time", probe.time.iso8601)
                    p.field("purpose", probe.purpose.rawValue)
                    p.field("target", probe.target)
                    p.field("host", probe.host)
                    p.field("image", probe.image)
                    p.field("command_line", probe.commandLine)
                    p.field("user", probe.user)
                    p.field("parent_image", probe.parentImage)
                    p.field("pid", probe.processID)
                    return p.object
                }))
            }
        }
        if !finding.followUps.isEmpty {
            json.field("follow_up", raw: JSONWriter.array(finding.followUps.map(followUp)))
        }
        json.field("evidence", raw: JSONWriter.array(finding.evidence.map { origin in
            var o = JSONWriter()
            o.field("file", inputName(origin, inputNames))
            o.field(originUnit, Int(origin.index))
            return o.object
        }))
        json.field("evidence_total", finding.evidenceCount)
        json.field("reasons", strings: finding.reasons)
        if !finding.tunnels.isEmpty {
            json.field("tunnels", raw: JSONWriter.array(finding.tunnels.map(ObservationJSON.tunnelObject)))
        }
        if let why = finding.suppressedBy { json.field("suppressed_by", why) }
        return json.object
    }

    static func inputName(_ origin: Origin, _ names: [String]) -> String {
        let index = Int(origin.input)
        return index >= 0 && index < names.count ? names[index] : "?"
    }

    static func traceroute(_ trace: TracerouteSummary) -> String {
        var t = JSONWriter()
        t.field("target", trace.method == .unknown ? nil : trace.target.description)
        t.field("method", trace.method.rawValue)
        t.field("probes", trace.probes)
        t.field("min_ttl", trace.minTTL)
        t.field("max_ttl", trace.maxTTL)
        t.field("hops", strings: trace.hops.map { $0?.description })
        t.field("destination_reached", trace.destinationReached)
        t.field("tool", trace.tool)
        t.field("basis", strings: trace.basis)
        return t.object
    }

    static func followUp(_ follow: FollowUp) -> String {
        var f = JSONWriter()
        f.field("time", follow.time.iso8601)
        f.field("dst", follow.destination.description)
        f.field("dport", follow.destinationPort.map(Int.init))
        f.field("transport", follow.transport)
        f.field("novelty", follow.novelty.rawValue)
        f.field("seconds_after_probe", follow.secondsAfterProbe)
        f.field("attempts", follow.attempts)
        return f.object
    }

    static func http(_ probe: HTTPProbe) -> String {
        var h = JSONWriter()
        h.field("dst", probe.destination.description)
        h.field("dport", probe.destinationPort.map(Int.init))
        h.field("method", probe.method)
        h.field("host", probe.host)
        h.field("path", probe.path)
        h.field("user_agent", probe.userAgent)
        h.field("via_proxy", probe.viaProxy)
        h.field("tool", probe.tool)
        h.field("category", probe.category.rawValue)
        return h.object
    }
}
