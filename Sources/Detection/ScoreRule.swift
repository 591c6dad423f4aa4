/// Every rule that moves a finding's score, with its points and the words the README's score table
/// uses for it: the table is generated from this list (`ScoreRule.markdownTable`, checked by a test),
/// so the documentation cannot drift from the code.
///
/// The model ranks by how much the evidence says about intent: a person or a script checking its way
/// out (a ping program aimed at a public resolver, a traceroute, an IP lookup, a scripted fetch of a
/// check URL) above what operating systems and apps do on their own (captive-portal checks, latency
/// pings to their own servers), and connections after a probe count only beside such probes.
public enum ScoreRule: CaseIterable, Sendable {
    case echo, echoFurtherTarget, echoReachabilityTarget, echoPingProgram
    case traceroute, secondTraceroute
    case httpIPLookup, httpScriptedCheck, httpBareIP, httpOperatingSystemCheck
    case nameIPLookup, nameCheckHosts, hopLookups
    case followUpFirstContact, followUpUnusualPort
    case remoteSourceCap
    case baselineSilent, baselineUnknown, baselineRoutine

    /// What the rule adds to a score; the README's table is generated from these.
    public var points: Int {
        switch self {
        case .echo: 15
        case .echoFurtherTarget: 5
        case .echoReachabilityTarget: 15
        case .echoPingProgram: 15
        case .traceroute: 40
        case .secondTraceroute: 10
        case .httpIPLookup: 35
        case .httpScriptedCheck: 30
        case .httpBareIP: 25
        case .httpOperatingSystemCheck: 10
        case .nameIPLookup: 15
        case .nameCheckHosts, .hopLookups: 5
        case .followUpFirstContact: 20
        case .followUpUnusualPort: 10
        case .remoteSourceCap: 25
        case .baselineSilent: 35
        case .baselineUnknown: 20
        case .baselineRoutine: -20
        }
    }

    /// The README's words for the rule.
    public var evidence: String {
        switch self {
        case .echo: "ICMP echo requests to external hosts (a qualifying burst)"
        case .echoFurtherTarget: "each further echo target (at most two)"
        case .echoReachabilityTarget: "a pinged target is a well-known reachability target (public resolvers 8.8.8.8, 1.1.1.1, 9.9.9.9, 208.67.222.222, 4.2.2.x, …)"
        case .echoPingProgram: "the requests carry the payload of an interactive ping program (iputils, Windows, BSD/macOS, Cisco)"
        case .traceroute: "a traceroute (TTL staircase, time-exceeded replies or consecutive traceroute ports)"
        case .secondTraceroute: "a second traceroute (further ones are listed without points)"
        case .httpIPLookup: "HTTP GET to an IP-lookup service"
        case .httpScriptedCheck: "HTTP connectivity check or terse check by a scripted or header-less client"
        case .httpBareIP: "HTTP GET to a bare external IP: scripted or no User-Agent, short path, no query"
        case .httpOperatingSystemCheck: "OS-style captive-portal check (the OS's own or a browser User-Agent, on the check path)"
        case .nameIPLookup: "DNS query or TLS SNI naming an IP-lookup service"
        case .nameCheckHosts: "beside a meaningful probe: DNS of connectivity-check hosts"
        case .hopLookups: "beside a traceroute: PTR lookups of ≥ 2 of its hops"
        case .followUpFirstContact: "beside a meaningful probe: then a connection to a host not contacted before (one line per kind, with the count)"
        case .followUpUnusualPort: "beside a meaningful probe: then a connection on an unusual port only"
        case .remoteSourceCap: "cap when the source is on no internal network and its pings arrive ≥ 3 hops from their initial TTL (a remote host probing in)"
        case .baselineSilent: "with `--baseline`: seen while learning but never outbound"
        case .baselineUnknown: "with `--baseline`: not seen while learning at all"
        case .baselineRoutine: "with `--baseline`: the same probe kinds seen from it while learning"
        }
    }

    /// The score table in Markdown, as the README shows it.
    public static var markdownTable: String {
        var lines = ["| evidence | points |", "| --- | --- |"]
        for rule in allCases {
            let points = rule == .remoteSourceCap ? "at most \(rule.points)" : rule.points > 0 ? "+\(rule.points)" : "−\(-rule.points)"
            lines.append("| \(rule.evidence) | \(points) |")
        }
        return lines.joined(separator: "\n")
    }
}
