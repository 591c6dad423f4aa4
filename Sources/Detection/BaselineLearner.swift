public import ProbeHoundCore

/// Builds a `Baseline` from observations: every internal source's outbound packets, connections,
/// distinct external hosts and ports. Learning is an offline step, so it keeps a set per endpoint.
public struct BaselineLearner {
    /// Distinct hosts and ports counted per endpoint: memory stays bounded on a busy network.
    public static let maximumDestinations = 4096
    /// Distinct destination ports kept per endpoint.
    public static let maximumPorts = 64

    private let config: DetectionConfig
    private var baseline = Baseline()
    private var destinations: [IPAddress: Set<IPAddress>] = [:]
    private var ports: [IPAddress: Set<UInt16>] = [:]

    /// A learner using the run's internal networks.
    public init(config: DetectionConfig) {
        self.config = config
    }

    /// Adds one observation (every one, not only probes) to its source's profile.
    public mutating func observe(_ observation: Observation) {
        let source = observation.source, time = observation.timestamp
        guard config.isInternal(source), !source.isMulticastOrUnspecified else { return }
        if baseline.firstSeen.map({ time < $0 }) ?? true { baseline.firstSeen = time }
        if baseline.lastSeen.map({ time > $0 }) ?? true { baseline.lastSeen = time }
        var profile = baseline.profiles[source] ?? EndpointProfile(firstSeen: time, lastSeen: time)
        profile.firstSeen = min(profile.firstSeen, time)
        profile.lastSeen = max(profile.lastSeen, time)
        let destination = observation.destination
        if !config.isInternal(destination) {
            profile.outboundPackets += observation.packetCount
            let flags = observation.tcpFlags
            let opens = observation.ipProtocol == IPProtocolNumber.tcp
                ? flags.map { $0.contains(.syn) && !$0.contains(.ack) } ?? true
                : observation.ipProtocol == IPProtocolNumber.udp && flags == nil
            if opens { profile.outboundConnections += 1 }
            if destinations[source, default: []].count < BaselineLearner.maximumDestinations {
                destinations[source, default: []].insert(destination)
            }
            if let port = observation.destinationPort, opens, ports[source, default: []].count < BaselineLearner.maximumPorts {
                ports[source, default: []].insert(port)
            }
        }
        baseline.profiles[source] = profile
    }

    /// The baseline, with each endpoint's own probe kinds taken from the findings of the same run.
    public func finish(inputs: [String], findings: [Finding]) -> Baseline {
        var result = baseline
        result.inputs = inputs
        for (endpoint, set) in destinations { result.profiles[endpoint]?.destinations = set.count }
        for (endpoint, set) in ports { result.profiles[endpoint]?.ports = set.sorted() }
        for finding in findings { result.profiles[finding.endpoint]?.probeKinds = finding.kinds }
        return result
    }
}
