public import Detection
import ProbeHoundCore

/// `--format ecs`: one Elastic Common Schema 8.x document per finding, so Elasticsearch, Kibana's
/// detection views and any ECS-aware SIEM take ProbeHound's alerts without a mapping. The finding
/// itself, in DESIGN.md's schema, rides along under the `probehound` namespace.
public enum ECSDocument {
    /// The Elastic Common Schema version the documents follow.
    public static let ecsVersion = "8.12.0"
    /// `observer.version` and `rule.version`.
    public static let productVersion = ProductVersion.current

    /// `observer` names the sensor (host name, interface) that saw the traffic.
    public static func line(_ finding: Finding, inputNames: [String], originUnit: String, observer: ObserverIdentity) -> String {
        var doc = JSONWriter()
        doc.field("@timestamp", finding.firstSeen.iso8601)
        doc.field("message", message(finding))
        doc.field("tags", strings: ["T1016.001"] + finding.kindNames)
        doc.field("ecs", raw: object { $0.field("version", ecsVersion) })
        doc.field("event", raw: object { event in
            event.field("id", FindingIdentity.id(finding, inputNames: inputNames))
            event.field("kind", "alert")
            event.field("category", strings: ["network"])
            event.field("type", strings: ["info", "connection"])
            event.field("module", "probehound")
            event.field("dataset", "probehound.finding")
            event.field("provider", "probehound")
            event.field("severity", severityNumber(finding.severity))
            event.field("risk_score", Double(finding.score))
            event.field("risk_score_norm", Double(finding.score))
            event.field("start", finding.firstSeen.iso8601)
            event.field("end", finding.lastSeen.iso8601)
            event.field("reason", finding.reasons.first)
        })
        doc.field("source", raw: object { $0.field("ip", finding.endpoint.description) })
        let targets = probeTargets(finding)
        if let first = targets.first {
            doc.field("destination", raw: object { destination in
                destination.field("ip", first.address.description)
                if let port = first.port { destination.field("port", Int(port)) }
            })
            doc.field("network", raw: object { network in
                network.field("transport", first.transport)
                network.field("type", finding.endpoint.isIPv6 ? "ipv6" : "ipv4")
                network.field("direction", "egress")
            })
        }
        if let get = finding.httpGets.first {
            doc.field("url", raw: object { url in
                url.field("domain", get.host)
                url.field("path", get.path)
                url.field("original", "http://\(get.host)\(get.path)")
            })
            doc.field("http", raw: object { $0.field("request", raw: object { $0.field("method", get.method) }) })
            if let agent = get.userAgent { doc.field("user_agent", raw: object { $0.field("original", agent) }) }
        }
        if let name = finding.names.first(where: { $0.via == .dns }) {
            doc.field("dns", raw: object { $0.field("question", raw: object { $0.field("name", name.name) }) })
        }
        // The first program host telemetry names (ECS process, user and host fields).
        if let probe = finding.sections.lazy.compactMap({ section -> ProcessProbe? in
            guard case .processes(let probes) = section else { return nil }
            return probes.first
        }).first {
            doc.field("process", raw: object { process in
                process.field("executable", probe.image)
                process.field("command_line", probe.commandLine)
                process.field("pid", probe.processID)
                if let parent = probe.parentImage { process.field("parent", raw: object { $0.field("executable", parent) }) }
            })
            if let user = probe.user { doc.field("user", raw: object { $0.field("name", user) }) }
            if !probe.host.isEmpty { doc.field("host", raw: object { $0.field("name", probe.host) }) }
        }
        doc.field("related", raw: object { related in
            var addresses = [finding.endpoint.description]
            for target in targets where !addresses.contains(target.address.description) { addresses.append(target.address.description) }
            related.field("ip", strings: addresses)
            let hosts = Array(Set(finding.httpGets.map(\.host) + finding.names.map(\.name))).sorted()
            if !hosts.isEmpty { related.field("hosts", strings: hosts) }
        })
        doc.field("threat", raw: object { threat in
            threat.field("framework", "MITRE ATT&CK")
            threat.field("tactic", raw: object { tactic in
                tactic.field("id", strings: ["TA0007"])
                tactic.field("name", strings: ["Discovery"])
                tactic.field("reference", strings: ["https://attack.mitre.org/tactics/TA0007/"])
            })
            threat.field("technique", raw: object { technique in
                technique.field("id", strings: ["T1016"])
                technique.field("name", strings: ["System Network Configuration Discovery"])
                technique.field("reference", strings: ["https://attack.mitre.org/techniques/T1016/"])
                technique.field("subtechnique", raw: object { sub in
                    sub.field("id", strings: ["T1016.001"])
                    sub.field("name", strings: ["Internet Connection Discovery"])
                    sub.field("reference", strings: ["https://attack.mitre.org/techniques/T1016/001/"])
                })
            })
        })
        doc.field("rule", raw: object { rule in
            rule.field("id", "probehound-t1016.001")
            rule.field("name", "Internet Connection Discovery")
            rule.field("ruleset", "probehound")
            rule.field("category", "Discovery")
            rule.field("description", "An internal host probed whether, and by which path, it can reach the Internet (ping, traceroute, HTTP connectivity or IP-lookup checks).")
            rule.field("reference", "https://attack.mitre.org/techniques/T1016/001/")
            rule.field("version", productVersion)
        })
        doc.field("observer", raw: object { o in
            o.field("type", "sensor")
            o.field("vendor", "ProbeHound")
            o.field("product", "ProbeHound")
            o.field("version", productVersion)
            if let hostname = observer.hostname { o.field("hostname", hostname) }
            if let interface = observer.interface {
                o.field("ingress", raw: object { $0.field("interface", raw: object { $0.field("name", interface) }) })
            }
        })
        doc.field("probehound", raw: FindingJSON.line(finding, inputNames: inputNames, originUnit: originUnit))
        return doc.object
    }

    /// One line a person reads in a SIEM's list view.
    static func message(_ finding: Finding) -> String {
        "\(finding.endpoint) probed Internet reachability (\(finding.kindNames.joined(separator: ", "))): score \(finding.score), \(finding.severity.rawValue)"
    }

    /// ECS suggests event.severity as a number where higher is worse.
    static func severityNumber(_ severity: Finding.Severity) -> Int {
        switch severity {
        case .low: 3
        case .medium: 5
        case .high: 7
        }
    }

    struct ProbeTarget {
        var address: IPAddress
        var port: UInt16?
        var transport: String
    }

    /// Every host the finding probed, in the order the finding lists them.
    static func probeTargets(_ finding: Finding) -> [ProbeTarget] {
        var out: [ProbeTarget] = []
        for target in finding.echo?.targets ?? [] {
            out.append(ProbeTarget(address: target, port: nil, transport: target.isIPv6 ? "ipv6-icmp" : "icmp"))
        }
        for trace in finding.traceroutes where trace.method != .unknown {
            let transport = trace.method == .icmp ? (trace.target.isIPv6 ? "ipv6-icmp" : "icmp") : trace.method.rawValue
            out.append(ProbeTarget(address: trace.target, port: trace.destinationPorts?.lowerBound, transport: transport))
        }
        for get in finding.httpGets {
            out.append(ProbeTarget(address: get.destination, port: get.destinationPort, transport: "tcp"))
        }
        return out
    }

    private static func object(_ build: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        build(&writer)
        return writer.object
    }
}

/// The sensor as ECS `observer` describes it.
public struct ObserverIdentity: Sendable {
    /// The sensor's host name (`observer.hostname`), which tells sensors with the same interface name apart.
    public var hostname: String?
    /// The interface a live sensor listens on (`observer.ingress.interface.name`).
    public var interface: String?

    /// The sensor as the outputs name it.
    public init(hostname: String?, interface: String?) {
        self.hostname = hostname
        self.interface = interface
    }
}
