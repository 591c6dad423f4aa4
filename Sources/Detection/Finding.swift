public import ProbeHoundCore

/// The verdict on one endpoint that probed Internet reachability, with the evidence behind it.
/// Field names follow DESIGN.md's finding schema.
public struct Finding: Sendable {
    /// The score in three bands an analyst sorts and filters by: high ≥ 60, medium ≥ 30, low below.
    public enum Severity: String, Sendable {
        case low, medium, high
    }

    /// The host that probed: the source of the probes (the endpoint whose reachability was asked).
    public var endpoint: IPAddress
    /// First and last of the probes the finding lists, so the time range points at what it reports.
    public var firstSeen: Timestamp
    /// The last of the probes the finding lists.
    public var lastSeen: Timestamp
    /// 0–100, summed from `ScoreRule`s and explained line by line in `reasons`.
    public var score: Int
    /// The score's band.
    public var severity: Severity
    /// The kinds of probe the evidence holds, in the order the score was built (echo, traceroute, GET, DNS).
    public var kinds: [ProbeKind]
    /// Each kind's part of the evidence, in the order the score was built (echo, traceroutes, GETs, names).
    public var sections: [KindSection]
    /// Connections opened soon after the probes: what the probing prepared for.
    public var followUps: [FollowUp]
    /// The first `max_evidence` frames or lines of the probes it lists, in capture order: what an
    /// analyst opens in Wireshark (`--write-evidence`) or greps for in a log.
    public var evidence: [Origin]
    /// The listed probes' frames or lines in all, of which `evidence` lists the first few.
    public var evidenceCount: Int
    /// One plain-words line per scoring step with its points, so the score can be checked by hand.
    public var reasons: [String]
    /// Why the finding is held back (allowlisted source, or every probe allowlisted); nil when reported.
    public var suppressedBy: String? = nil
    /// The encapsulations its probes arrived in (ERSPAN, VXLAN, PPPoE, ...): where the traffic was seen.
    public var tunnels: [Tunnel] = []
    /// When the endpoint's first probe-like packet was seen: unlike `firstSeen` (the first probe the
    /// finding lists) it never moves as the finding grows, so the finding's id rests on it.
    public var firstProbeTime: Timestamp = .zero
}

/// A ping burst: how many requests, how many answered (reachability confirmed), to whom, and the
/// program its payload names (a ping typed by a person or a script scores more than an app's).
public struct EchoSummary: Sendable {
    /// Echo requests sent (a flow record counts what it summarises).
    public var requests: Int
    /// Echo replies that came back: the Internet was reachable, and the prober learned it.
    public var replies: Int
    /// The hosts pinged, in order; well-known reachability targets among them score more.
    public var targets: [IPAddress]
    /// `iputils-ping`, `windows-ping`, `bsd-ping`, `cisco-ping`, or `unknown`.
    public var tool: String
    /// When the requests were sent (those kept; a flow record stands for several).
    public var times: [Timestamp] = []
}

/// One traceroute: the path an endpoint mapped towards a target, which is what the technique is for
/// (it reveals the routers and proxies between the host and the Internet).
public struct TracerouteSummary: Sendable {
    /// The address probed (unknown-target traceroutes from logs carry 0.0.0.0 with method `unknown`).
    public var target: IPAddress
    /// How the probes were sent: UDP, ICMP echo, TCP, or unknown (a log that does not say).
    public var method: TracerouteMethod
    /// Probes of the staircase sent (plus those dropped past the per-series bound).
    public var probes: Int
    /// Bottom and top of the consecutive TTL staircase as seen, nil when only router replies were seen.
    public var minTTL: Int?
    /// Top of the staircase: how far the path was mapped.
    public var maxTTL: Int?
    /// `hops[i]` answered TTL i+1; nil where no router answered.
    public var hops: [IPAddress?]
    /// The target itself answered (echo reply, port unreachable, SYN-ACK/RST): the path was complete.
    public var destinationReached: Bool
    /// The program its probes' shape names (`traceroute`, `tracert`, `mtr`, `tcptraceroute`, ...), or `unknown`.
    public var tool: String
    /// Which evidence carried the verdict: "ttl_staircase", "time_exceeded", "port_sequence",
    /// and "tied_by_time" when a log's time-exceeded records were matched to the probes by time.
    public var basis: [String]
    /// The traceroute's first probe (or first router reply when no probe was seen).
    public var firstSeen: Timestamp
    /// The destination ports the probes used (UDP and TCP traceroutes).
    public var destinationPorts: ClosedRange<UInt16>?
    /// Each probe of the staircase as sent: when, and at which TTL (for the TTL-over-time plot).
    public var probeTimeline: [ProbePoint] = []
}

/// One traceroute probe as plotted in the HTML report's TTL staircase.
public struct ProbePoint: Sendable, Equatable {
    /// When the probe was sent.
    public var time: Timestamp
    /// The TTL it was sent with: its step of the staircase.
    public var ttl: UInt8
}

extension Finding {
    /// The kinds' schema names, for the outputs that list them as text.
    public var kindNames: [String] { kinds.map(\.rawValue) }

    /// The qualifying ping burst, nil when pings did not qualify (or were all allowlisted).
    public var echo: EchoSummary? {
        sections.lazy.compactMap { section -> EchoSummary? in
            guard case .echo(let echo) = section else { return nil }
            return echo
        }.first
    }
    /// Each traceroute by target and method, with the rebuilt hop path.
    public var traceroutes: [TracerouteSummary] {
        sections.flatMap { section -> [TracerouteSummary] in
            guard case .traceroutes(let part) = section else { return [] }
            return part
        }
    }
    /// The GETs judged probes (lookups, checks, bare-IP fetches); the strongest one scores.
    public var httpGets: [HTTPProbe] {
        sections.flatMap { section -> [HTTPProbe] in
            guard case .httpGets(let part) = section else { return [] }
            return part
        }
    }
    /// DNS questions and TLS server names for known hosts, and PTR lookups of traceroute hops.
    public var names: [NameProbe] {
        sections.flatMap { section -> [NameProbe] in
            guard case .names(let part) = section else { return [] }
            return part
        }
    }
}

extension TracerouteSummary {
    /// "TTL 2..9": the staircase as seen (a sensor past the first router never sees TTL 1).
    public var ttlRange: String? {
        guard let minTTL, let maxTTL else { return nil }
        return "TTL \(minTTL)..\(maxTTL)"
    }
}
