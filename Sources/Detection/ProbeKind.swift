public import ProbeHoundCore

/// The kinds of Internet Connection Discovery probe a finding can hold. Every place that handles a
/// kind (scoring, reporters, metrics) switches over this enum exhaustively, so adding a kind makes
/// the compiler point at each of them. The raw values are the schema's names.
///
/// Adding a kind: a case here and in `KindSection` (the switches below then name every row it
/// needs), its judgement in `Kinds/`, its observe step, one line in `FindingBuilder`, its ndjson
/// section in `FindingJSON` and its name in `HTMLReport.kindSection` (docs/ARCHITECTURE.md lists them).
public enum ProbeKind: String, CaseIterable, Sendable, Hashable {
    case icmpEcho = "icmp_echo"
    case traceroute
    case httpGet = "http_get"
    case dns
    case proxy
    case process

    /// The kind's score rules, in the README's order.
    var scoreRules: [ScoreRule] {
        switch self {
        case .icmpEcho: EchoEvidence.scoreRules
        case .traceroute: TracerouteEvidence.scoreRules
        case .httpGet: HTTPGetEvidence.scoreRules
        case .dns: NameEvidence.scoreRules
        case .proxy: ProxyEvidence.scoreRules
        case .process: ProcessEvidence.scoreRules
        }
    }
}

/// One kind's part of a finding. The ndjson schema writes each as its own section (one exhaustive
/// switch in `FindingJSON`); the table, CSV, timeline plot and tool lists render a section through
/// the generic views here — its evidence lines, probe times, timeline rows and tools — and the HTML
/// report draws any kind without plots of its own from its evidence lines, so a new kind reaches
/// every output without code of its own there.
public enum KindSection: Sendable {
    case echo(EchoSummary)
    case traceroutes([TracerouteSummary])
    case httpGets([HTTPProbe])
    case names([NameProbe])
    case proxies([ProxyProbe])
    case processes([ProcessProbe])

    /// The kind the section holds: its schema name keys the syslog headline's counts.
    public var kind: ProbeKind {
        switch self {
        case .echo: .icmpEcho
        case .traceroutes: .traceroute
        case .httpGets: .httpGet
        case .names: .dns
        case .proxies: .proxy
        case .processes: .process
        }
    }

    /// How many probes the section lists (echo requests sent, for a ping burst).
    public var count: Int {
        switch self {
        case .echo(let echo): echo.requests
        case .traceroutes(let traces): traces.count
        case .httpGets(let gets): gets.count
        case .names(let names): names.count
        case .proxies(let steps): steps.count
        case .processes(let probes): probes.count
        }
    }

    /// The section as the table and CSV list it.
    public var evidenceLines: [EvidenceLine] {
        switch self {
        case .echo(let echo): [echo.evidenceLine]
        case .traceroutes(let traces): traces.map(\.evidenceLine)
        case .httpGets(let gets): gets.map(\.evidenceLine)
        case .names(let names): names.map(\.evidenceLine)
        case .proxies(let steps): steps.map(\.evidenceLine)
        case .processes(let probes): probes.map(\.evidenceLine)
        }
    }

    /// When its probes were sent: a finding's first and last seen span them.
    public var probeTimes: [Timestamp] {
        switch self {
        case .echo(let echo): echo.times
        case .traceroutes(let traces): traces.flatMap { [$0.firstSeen] + $0.probeTimeline.map(\.time) }
        case .httpGets(let gets): gets.map(\.time)
        case .names(let names): names.map(\.time)
        case .proxies(let steps): steps.map(\.time)
        case .processes(let probes): probes.map(\.time)
        }
    }

    /// The HTML timeline's rows: a label and the times it marks.
    public var timelineRows: [(label: String, times: [Timestamp])] {
        switch self {
        case .echo(let echo): [("ping", echo.times)]
        case .traceroutes(let traces): traces.map { trace in
            ("\(trace.method.rawValue) trace \(trace.method == .unknown ? "" : trace.target.description)",
             trace.probeTimeline.isEmpty ? [trace.firstSeen] : trace.probeTimeline.map(\.time))
        }
        case .httpGets(let gets): [("http", gets.map(\.time))]
        case .names(let names): [("dns", names.map(\.time))]
        case .proxies(let steps): [("proxy", steps.map(\.time))]
        case .processes(let probes): [("process", probes.map(\.time))]
        }
    }

    /// The programs the section's evidence names (`unknown` where it names none).
    public var tools: [String] {
        switch self {
        case .echo(let echo): [echo.tool]
        case .traceroutes(let traces): traces.map(\.tool)
        case .httpGets(let gets): gets.map(\.tool)
        case .names: []
        case .proxies(let steps): steps.map(\.tool).filter { $0 != "dns" }
        case .processes(let probes): probes.map { ProcessCommandClassifier.programName($0.image) }
        }
    }
}

/// What a host name or GET was judged to be. Raw values are the schema's `category` strings.
public enum ProbeCategory: String, Sendable, Hashable {
    /// OS and browser captive-portal / connectivity checks.
    case connectivityCheck = "connectivity-check"
    /// External-IP lookup services.
    case ipLookup = "ip-lookup"
    /// Large sites that malware fetches with a terse `GET /` to test reachability (ET 2018430-3).
    case terseCheck = "terse-check"
    /// A GET addressed to a bare external IP.
    case bareIP = "bare-ip"
    /// A PTR question for a router the endpoint's traceroute reached.
    case tracerouteHopPTR = "traceroute-hop-ptr"
}

/// Where a host name was seen: a DNS question, or the server name of a TLS ClientHello.
public enum NameSource: String, Sendable, Hashable {
    case dns
    case tlsSNI = "tls_sni"
}
