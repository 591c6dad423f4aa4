public import ProbeHoundCore

/// The verdict on one endpoint that probed Internet reachability, with the evidence behind it.
/// Field names follow DESIGN.md's finding schema.
public struct Finding: Sendable {
    public enum Severity: String, Sendable {
        case low, medium, high
    }

    public var endpoint: IPAddress
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var score: Int
    public var severity: Severity
    /// The kinds of probe the evidence holds, in the order the score was built (echo, traceroute, GET, DNS).
    public var kinds: [ProbeKind]
    public var echo: EchoSummary?
    public var traceroutes: [TracerouteSummary]
    public var httpGets: [HTTPProbe]
    public var names: [NameProbe]
    /// Connections opened soon after the probes: what the probing prepared for.
    public var followUps: [FollowUp]
    public var evidence: [Origin]
    /// Probe-related packets or records seen in all, of which `evidence` lists the first few.
    public var evidenceCount: Int
    public var reasons: [String]
    /// Why the finding is held back (allowlisted source, or every probe allowlisted); nil when reported.
    public var suppressedBy: String? = nil
    /// The encapsulations its probes arrived in (ERSPAN, VXLAN, PPPoE, ...): where the traffic was seen.
    public var tunnels: [Tunnel] = []
    /// When the endpoint's first probe-like packet was seen: unlike `firstSeen` (the first probe the
    /// finding lists) it never moves as the finding grows, so the finding's id rests on it.
    public var firstProbeTime: Timestamp = .zero
}

public struct EchoSummary: Sendable {
    public var requests: Int
    public var replies: Int
    public var targets: [IPAddress]
    public var tool: String
    /// When the requests were sent (those kept; a flow record stands for several).
    public var times: [Timestamp] = []
}

public struct TracerouteSummary: Sendable {
    public var target: IPAddress
    public var method: TracerouteMethod
    public var probes: Int
    /// Bottom and top of the consecutive TTL staircase as seen, nil when only router replies were seen.
    public var minTTL: Int?
    public var maxTTL: Int?
    /// `hops[i]` answered TTL i+1; nil where no router answered.
    public var hops: [IPAddress?]
    public var destinationReached: Bool
    public var tool: String
    /// Which evidence carried the verdict: "ttl_staircase", "time_exceeded", "port_sequence".
    public var basis: [String]
    public var firstSeen: Timestamp
    public var destinationPorts: ClosedRange<UInt16>?
    /// Each probe of the staircase as sent: when, and at which TTL (for the TTL-over-time plot).
    public var probeTimeline: [ProbePoint] = []
}

public struct ProbePoint: Sendable, Equatable {
    public var time: Timestamp
    public var ttl: UInt8
}

extension Finding {
    /// The kinds' schema names, for the outputs that list them as text.
    public var kindNames: [String] { kinds.map(\.rawValue) }
}

extension TracerouteSummary {
    /// "TTL 2..9": the staircase as seen (a sensor past the first router never sees TTL 1).
    public var ttlRange: String? {
        guard let minTTL, let maxTTL else { return nil }
        return "TTL \(minTTL)..\(maxTTL)"
    }
}
