public import ProbeHoundCore

/// Every threshold the detectors use, with the defaults of DESIGN.md. Loaded from a config file
/// (`ConfigFile`) so a site can tune them without rebuilding.
public struct DetectionConfig: Sendable {
    /// RFC 1918, RFC 4193, loopback, link-local, CGNAT. Everything else, documentation ranges included, is external.
    public static let defaultInternalNetworks: [IPNetwork] = [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
        "0.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32",
        "fc00::/7", "::1/128", "fe80::/10", "ff00::/8", "::/128",
    ].map { IPNetwork($0)! }

    public var internalNetworks: [IPNetwork] = DetectionConfig.defaultInternalNetworks
    public var allowlist = Allowlist()
    /// Learned outbound habits (`--baseline`); nil scores without one.
    public var baseline: Baseline?

    public var echoMinimumRequests = 3
    public var echoMinimumTargets = 2
    public var echoWindowSeconds = 600.0

    public var tracerouteMinimumTTLs = 3
    public var tracerouteMaximumStartTTL: UInt8 = 2
    public var tracerouteMaximumStep: UInt8 = 3
    public var tracerouteMinimumRouters = 2
    /// Packets at or below this TTL are kept as possible traceroute probes.
    public var probeMaximumTTL: UInt8 = 30
    /// Ports of classic UDP traceroute (base 33434, up to 100 probes), and the session rule for TTL-less logs.
    public var tracerouteUDPPorts: ClosedRange<UInt16> = 33434...33534
    public var tracerouteMinimumPortSessions = 3

    /// A connection this many seconds or less after an endpoint's last probe is a follow-up candidate.
    public var followUpWindowSeconds = 300.0

    /// Copies of one packet seen again within this many seconds count once.
    public var duplicateWindowSeconds = 1.0
    /// Most endpoints held at once; the least recently seen are evicted beyond it.
    public var maximumEndpoints = 1_000_000
    /// UDP ports of the tunnels the decoders follow (`vxlan_port`, `geneve_port`, ...).
    public var tunnelPorts = TunnelPorts()
    /// Live mode forgets endpoints not seen for this long (their findings are kept).
    public var endpointIdleTimeoutSeconds = 3600
    /// Evidence frames kept per endpoint.
    public var maximumEvidence = 32
    /// Live `--write-evidence`: the most recent probe-like packets kept per endpoint until it
    /// qualifies (`evidence_ring_packets`), and the bytes all those rings may hold together
    /// (`evidence_ring_bytes`; the oldest ring gives way).
    public var evidenceRingPackets = 128
    public var evidenceRingBytes = 64 << 20

    public var knownHosts = KnownHosts.standard

    public init() {}

    public func isInternal(_ address: IPAddress) -> Bool {
        internalNetworks.contains { $0.contains(address) }
    }
}
