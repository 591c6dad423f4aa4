public import ProbeHoundCore

/// How a traceroute sends its probes.
public enum TracerouteMethod: String, Sendable, Hashable {
    case udp, icmp, tcp
    /// Time-exceeded records that do not say what they answer (flow and firewall logs).
    case unknown
}

/// One ICMP echo request an endpoint sent to an external host.
struct EchoRequestRecord {
    var time: Timestamp
    /// Where it was seen (file and frame, or line): the finding's evidence lists what it reports.
    var origin: Origin
    /// Requests this record stands for (a flow record summarises several).
    var count: Int
    var target: IPAddress
    var ttl: UInt8?
    var payload: ICMPPayloadPattern?
    /// Seconds the record spans when it aggregates several requests (Zeek conn.log); 0 otherwise.
    var span: Double = 0
    /// A flow record of ICMP without a type (AWS VPC, Azure NSG): taken for echo only where a
    /// record of ICMP from the target back to the endpoint shows an answer.
    var inferred = false
    /// A flow record whose every request the target itself answered (Zeek's `resp_pkts`): none of
    /// them expired on the way, so they were pings, not a traceroute's probes.
    var answeredByTarget = false
}

/// One packet that may be a traceroute probe (low TTL, or a classic traceroute port), with the
/// fields that tell the probing programs apart.
struct ProbeRecord {
    var time: Timestamp
    var origin: Origin
    var ttl: UInt8?
    var sourcePort: UInt16?
    var destinationPort: UInt16?
    var icmpSequence: UInt16?
    var payload: ICMPPayloadPattern?
    var tcpWindow: UInt16?
    var tcpHeaderLength: UInt8?
    /// Bytes after the ICMP header, taking a plain IP header (what tells tracert's 64 zero bytes
    /// from other zero-payload traceroutes).
    var icmpDataLength: Int?
    /// Packets this record stands for (a flow record summarises several), and the seconds they span.
    var count = 1
    var span: Double = 0

    /// A probe known only by its time, TTL and origin (an echo request a log recorded).
    init(time: Timestamp, ttl: UInt8?, origin: Origin, count: Int = 1, span: Double = 0) {
        self.time = time
        self.ttl = ttl
        self.origin = origin
        self.count = count
        self.span = span
    }

    init(_ observation: Observation) {
        time = observation.timestamp
        origin = observation.origin
        ttl = observation.ttl
        sourcePort = observation.sourcePort
        destinationPort = observation.destinationPort
        icmpSequence = observation.icmpSequence
        payload = observation.icmpPayload
        tcpWindow = observation.tcpWindow
        tcpHeaderLength = observation.tcpHeaderLength
        count = observation.packetCount
        span = observation.duration
        if observation.icmpType != nil, observation.length > 0 { icmpDataLength = observation.length - (observation.source.isIPv6 ? 40 : 20) - 8 }
    }
}

/// An ICMP time-exceeded from a router about one of the endpoint's probes.
struct RouterReply {
    var router: IPAddress
    var time: Timestamp
    var origin: Origin
    /// TTL of the matching probe when it was seen: the router's hop number.
    var probeTTL: UInt8?
    /// Seconds an aggregated log record of several replies spans (Zeek conn.log); 0 for one reply.
    var span: Double = 0
}

/// Probes from one endpoint to one target by one method, and what answered them.
struct ProbeSeries {
    static let maximumProbes = 1024
    /// Router replies kept per series: a traceroute has a few per hop; a flood of forged
    /// time-exceeded records must not grow the state without bound.
    static let maximumRouterReplies = 1024

    var target: IPAddress
    var method: TracerouteMethod
    var probes: [ProbeRecord] = []
    var probesDropped = 0
    /// Probe identity (see `ProbeDetector.probeKey`) → TTL, for matching replies to probes.
    var ttlByKey: [UInt64: UInt8] = [:]
    var routers: [RouterReply] = []
    /// Lowest probe TTL the target itself answered (echo reply, port unreachable, SYN-ACK/RST).
    var destinationTTL: UInt8? = nil
    var destinationAnswered = false
    /// Routers were tied to these probes by time, not by a quoted packet (`TimeExceededMatching`).
    var tiedByTime = false
    var firstSeen: Timestamp
    var lastSeen: Timestamp

    init(target: IPAddress, method: TracerouteMethod, time: Timestamp) {
        self.target = target
        self.method = method
        firstSeen = time
        lastSeen = time
    }
}

/// An HTTP request judged to be a reachability or IP-lookup probe.
public struct HTTPProbe: Sendable, Equatable {
    /// When the request was sent.
    public var time: Timestamp
    /// Where the request was seen.
    public var origin: Origin = Origin(input: 0, index: 0)
    /// The server (or proxy) it went to.
    public var destination: IPAddress
    /// Its port: a check on 80 is plain, on a proxy port it says the host goes out through a proxy.
    public var destinationPort: UInt16?
    /// The request method as sent (attacker text: encoded by every output).
    public var method: String
    /// The Host it asked for (the name matched against the known hosts, or a bare IP).
    public var host: String
    /// The path and query, which tell a check (`/generate_204`) from ordinary use.
    public var path: String
    /// The User-Agent, nil when absent (scripted clients often send none) or not logged.
    public var userAgent: String?
    /// False when the source logs no request headers (Squid's native log): a nil `userAgent` then
    /// means "not logged", not "none sent".
    public var headersRecorded = true
    /// Sent to a proxy in absolute form: the prober learned the way out goes through a proxy.
    public var viaProxy: Bool
    /// The client the agent names (`curl`, `wget`, `powershell`, a browser...).
    public var tool: String
    /// IP lookup, connectivity check or terse check: what the request asks.
    public var category: ProbeCategory
    /// Looks like an OS captive-portal check from a normal client: scored low.
    public var looksLikeOperatingSystem: Bool
}

/// A DNS question or TLS server name for a known host, or a reverse lookup of a traceroute hop.
public struct NameProbe: Sendable, Equatable {
    /// When the question or ClientHello was sent.
    public var time: Timestamp
    /// Where the question or server name was seen.
    public var origin: Origin = Origin(input: 0, index: 0)
    /// The name asked for (attacker text: encoded by every output).
    public var name: String
    /// What the name is: an IP-lookup or check host, or a traceroute hop's PTR.
    public var category: ProbeCategory
    /// Where it was seen: a DNS question or a TLS server name.
    public var via: NameSource
    /// The resolver or server it was sent to.
    public var server: IPAddress
}

/// A connection an endpoint opened soon after probing: to a host it had never contacted, or on a
/// port ordinary clients do not use. The step the probes prepare for (command and control, exfiltration).
public struct FollowUp: Sendable, Equatable {
    /// Why the connection stands out.
    public enum Novelty: String, Sendable {
        case firstContact = "first_contact"
        case unusualPort = "unusual_port"
    }

    /// When the connection began.
    public var time: Timestamp
    /// The host it went to.
    public var destination: IPAddress
    /// Its port (nil for a log that does not give one).
    public var destinationPort: UInt16?
    /// "tcp" or "udp".
    public var transport: String
    /// First contact with that host, or an unusual port.
    public var novelty: Novelty
    /// Seconds since the endpoint's last probe before it.
    public var secondsAfterProbe: Double
    /// Further attempts to the same destination and port (retransmitted SYNs, repeated connections).
    public var attempts: Int
}
