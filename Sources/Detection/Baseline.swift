public import ProbeHoundCore

/// What each internal endpoint normally does towards the Internet, learned from earlier traffic
/// (`probehound baseline learn`). A server that never went out and now probes is the deviation the
/// technique's guidance says to alert on; an endpoint that probed the same way all along is routine.
public struct Baseline: Sendable {
    /// Version of the baseline file format; a file of another version is refused.
    public static let formatVersion = 1

    /// What it was learned from, for the analyst reading the file.
    public var inputs: [String] = []
    /// The learning period: the time its inputs cover.
    public var firstSeen: Timestamp?
    /// End of the learning period.
    public var lastSeen: Timestamp?
    /// Each internal endpoint's habits.
    public var profiles: [IPAddress: EndpointProfile] = [:]

    /// An empty baseline (every endpoint has no outbound history).
    public init() {}
}

/// One internal endpoint's outbound habits during the learning period.
public struct EndpointProfile: Sendable, Equatable {
    /// Packets or records it sent to external hosts.
    public var outboundPackets = 0
    /// TCP SYNs or flow records it opened to external hosts.
    public var outboundConnections = 0
    /// Distinct external hosts it sent to (stops counting at `BaselineLearner.maximumDestinations`).
    public var destinations = 0
    /// External destination ports it used, lowest first (at most `BaselineLearner.maximumPorts`).
    public var ports: [UInt16] = []
    /// Probe kinds its own findings had while learning (`icmp_echo`, `traceroute`, ...).
    public var probeKinds: [ProbeKind] = []
    /// When it was first and last seen sending outbound.
    public var firstSeen: Timestamp
    /// When it was last seen sending outbound.
    public var lastSeen: Timestamp

    /// A profile begun at its first packet.
    public init(firstSeen: Timestamp, lastSeen: Timestamp) {
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// How a finding's score moves against the baseline.
enum BaselineScoring {
    /// Seen while learning, yet never sent anything to the Internet.
    static let silentEndpointPoints = ScoreRule.baselineSilent.points
    /// Not seen at all while learning (a new host, or a new address).
    static let unknownEndpointPoints = ScoreRule.baselineUnknown.points
    /// It probed the same way while learning.
    static let routinePoints = ScoreRule.baselineRoutine.points

    static func adjust(_ card: inout ScoreCard, endpoint: IPAddress, baseline: Baseline) {
        let period = baseline.inputs.count == 1 ? "1 input" : "\(baseline.inputs.count) inputs"
        guard let profile = baseline.profiles[endpoint] else {
            card.add(unknownEndpointPoints, "not in the baseline (\(period)): a new host or a new address")
            return
        }
        if profile.outboundPackets == 0 {
            card.add(silentEndpointPoints, "no outbound history: the baseline (\(period)) saw it talk only to internal hosts")
            return
        }
        let routine = card.kinds.filter { profile.probeKinds.contains($0) }
        if !routine.isEmpty && routine.count == card.kinds.count {
            card.add(routinePoints, "routine: the baseline saw the same probes (\(routine.map(\.rawValue).joined(separator: ", "))) from it before")
        } else {
            let ports = profile.ports.prefix(8).map(String.init).joined(separator: ", ")
            card.add(0, "baseline: \(profile.outboundConnections) outbound connections to \(profile.destinations) hosts before (ports \(ports))")
        }
    }
}

extension ScoreRule {
    public static let baselineSilent = ScoreRule(points: 35, evidence: "with `--baseline`: seen while learning but never outbound")
    public static let baselineUnknown = ScoreRule(points: 20, evidence: "with `--baseline`: not seen while learning at all")
    public static let baselineRoutine = ScoreRule(points: -20, evidence: "with `--baseline`: the same probe kinds seen from it while learning")
}

extension BaselineScoring {
    static let scoreRules: [ScoreRule] = [.baselineSilent, .baselineUnknown, .baselineRoutine]
}
