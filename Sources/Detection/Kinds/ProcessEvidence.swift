import ProbeHoundCore

/// Process evidence: the host's own telemetry names the program that probed. A probe command (a
/// ping or traceroute program aimed outside, `Test-NetConnection`, a download tool fetching an
/// IP-lookup or check service, a DNS tool asking an IP-discovery name) scores 25, a process other
/// than a browser resolving an IP-lookup service (Sysmon 22, as Sigma's rule reads it) 15; both are
/// meaningful. Beside the network's view of the same probes it answers which program, which user
/// and which parent sent them.
struct ProcessEvidence: KindJudgement {
    let commands: [ProcessProbe]
    let lookups: [ProcessProbe]

    init(_ state: EndpointState, context: inout KindContext) {
        var leftOut: [String] = []
        let allowlist = context.allowlist
        let kept = state.processProbes.filter { probe in
            let program = ProcessCommandClassifier.programName(probe.image)
            let host = probe.targetHost
            guard allowlist.containsTool(program) || allowlist.containsDomain(host)
                    || IPAddress(host).map(allowlist.containsTarget) == true else { return true }
            leftOut.append("\(program) \(probe.purpose.rawValue) \(probe.target)")
            return false
        }
        context.leftOut += leftOut
        commands = kept.filter { $0.purpose != .resolvedLookup }
        lookups = kept.filter { $0.purpose == .resolvedLookup }
    }

    var isMeaningful: Bool { !commands.isEmpty || !lookups.isEmpty }

    func score(into card: inout ScoreCard) {
        var purposes: [ProcessProbe.Purpose] = []
        for command in commands {
            let points = purposes.isEmpty ? ScoreRule.processProbeCommand.points
                : !purposes.contains(command.purpose) && purposes.count <= 3 ? ScoreRule.processFurtherPurpose.points : 0
            if !purposes.contains(command.purpose) { purposes.append(command.purpose) }
            card.add(points, "host telemetry: " + command.sentence, kind: .process)
        }
        for (index, lookup) in lookups.enumerated() {
            card.add(index == 0 && commands.isEmpty ? ScoreRule.processLookup.points : 0, "host telemetry: " + lookup.sentence, kind: .process)
        }
    }

    func listing(meaningful: Bool) -> KindListing? {
        let listed = (commands + lookups).sorted { $0.time < $1.time }
        return listed.isEmpty ? nil : KindListing(section: .processes(listed), origins: listed.map(\.origin))
    }
}

/// A probe as the host's telemetry records it: which program, run how, by whom, aimed at what.
public struct ProcessProbe: Sendable, Equatable {
    /// What the program did.
    public enum Purpose: String, Sendable {
        case ping
        case traceroute
        /// PowerShell's `Test-NetConnection` (ICMP or a TCP port).
        case connectionTest = "connection_test"
        /// A download tool fetching an IP-lookup or check service, or a bare external address.
        case webRequest = "web_request"
        /// A DNS tool asking an IP-discovery name (`nslookup myip.opendns.com`).
        case nameLookup = "name_lookup"
        /// A process other than a browser resolved an IP-lookup service (Sysmon 22).
        case resolvedLookup = "resolved_lookup"
    }

    /// When the process started (or asked DNS).
    public var time: Timestamp
    /// The log line.
    public var origin: Origin
    /// The host the record names (attacker text, as are all the strings here).
    public var host: String
    /// The program's path.
    public var image: String
    /// Its command line, nil where auditing leaves it out.
    public var commandLine: String?
    /// The account it ran as.
    public var user: String?
    /// The program that started it.
    public var parentImage: String?
    /// Its process id.
    public var processID: Int?
    /// What it did.
    public var purpose: Purpose
    /// The address, name or URL it aimed at.
    public var target: String

    /// The target's host: a URL's host without scheme, port or path; a name or address as it is.
    var targetHost: String { ProcessCommandClassifier.host(of: target) }

    /// The probe in words.
    var sentence: String {
        let program = image.isEmpty ? "a process" : ProcessCommandClassifier.fileName(image)
        let verb = switch purpose {
        case .ping: "pinged"
        case .traceroute: "traced the route to"
        case .connectionTest: "tested a connection to"
        case .webRequest: "fetched"
        case .nameLookup: "looked up"
        case .resolvedLookup: "resolved IP-lookup service"
        }
        var parts: [String] = []
        if let commandLine { parts.append("command line: \(commandLine)") }
        if let user { parts.append("user \(user)") }
        if let parentImage { parts.append("parent \(ProcessCommandClassifier.fileName(parentImage))") }
        if !host.isEmpty { parts.append("host \(host)") }
        return "\(program) \(verb) \(target)" + (parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")")
    }

    /// The probe as an evidence line.
    var evidenceLine: EvidenceLine {
        EvidenceLine(kind: ProbeKind.process.rawValue, label: "proc", summary: sentence,
                     rows: [EvidenceRow(target: target, port: "", method: purpose.rawValue, tool: ProcessCommandClassifier.programName(image),
                                        detail: ([image] + [commandLine, user.map { "user \($0)" }, processID.map { "pid \($0)" }].compactMap { $0 })
                                            .joined(separator: "; "))])
    }
}

extension ScoreRule {
    public static let processProbeCommand = ScoreRule(points: 25, evidence: "host telemetry (Sysmon, Security 4688): a process ran a probe — ping or traceroute aimed outside, Test-NetConnection, a download tool fetching an IP-lookup or check service, an IP-discovery DNS query")
    public static let processFurtherPurpose = ScoreRule(points: 10, evidence: "host telemetry: each further kind of probe command (ping, traceroute, connection test, web request, DNS; at most three)")
    public static let processLookup = ScoreRule(points: 15, evidence: "host telemetry (Sysmon 22): a process other than a browser resolved an IP-lookup service")
}

extension ProcessEvidence {
    static let scoreRules: [ScoreRule] = [.processProbeCommand, .processFurtherPurpose, .processLookup]
}
